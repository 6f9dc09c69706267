/// An IPv4 or IPv6 address read from text, in pure Swift and without allocating.
///
/// IPv4 is the dotted quad only: four decimal parts of one to three digits, each at most 255, no
/// leading zeros (`010.0.0.1` is refused, as it may mean octal elsewhere), no short forms. IPv6 is any
/// RFC 4291 text form: one to four hex digits a group, one `::` for a run of zero groups, and an IPv4
/// dotted quad for the last 32 bits. The one place Vigil reads and classifies addresses: connectors,
/// indicator patterns and matching all call it, so both sides of a match agree on what an address is.
public struct IPAddressText: Sendable, Hashable {
    /// The family of an address and its value.
    public enum Family: Sendable, Hashable {
        /// An IPv4 address as a 32-bit number, the first octet in the high byte.
        case v4(UInt32)
        /// An IPv6 address as two 64-bit halves, the first group in the high bits of `high`.
        case v6(high: UInt64, low: UInt64)
    }

    /// The family and value of the address.
    public let family: Family

    /// An address of a known value.
    ///
    /// - Parameter family: the family and value.
    @inlinable
    public init(family: Family) {
        self.family = family
    }

    /// Reads an IPv4 or IPv6 address.
    ///
    /// - Parameters:
    ///   - text: the text, with nothing around the address.
    ///   - allowingZone: whether an IPv6 zone (`fe80::1%eth0`) and surrounding brackets (`[2001:db8::1]`)
    ///     are accepted and ignored. Off by default: Zeek's `addr` fields never carry them, and its
    ///     classifier refuses them; event and indicator text (Suricata, matching) may.
    /// - Returns: `nil` when the text is not an address.
    @inlinable
    public init?(_ text: some StringProtocol, allowingZone: Bool = false) {
        if let v4 = Self.ipv4(text) {
            self.init(family: .v4(v4))
        } else if let v6 = Self.ipv6(text, allowingZone: allowingZone) {
            self.init(family: .v6(high: v6.high, low: v6.low))
        } else {
            return nil
        }
    }

    /// Reads a dotted-quad IPv4 address as a 32-bit number, without allocating.
    ///
    /// - Parameter text: the text, with nothing around the address.
    /// - Returns: the address, the first octet in the high byte; `nil` when the text is not four decimal
    ///   parts of one to three digits each, at most 255 and without leading zeros.
    @inlinable
    public static func ipv4(_ text: some StringProtocol) -> UInt32? {
        ipv4(bytes: text.utf8)
    }

    /// ``ipv4(_:)`` for a `String`, reading its contiguous UTF-8 directly (the matching hot path).
    @inlinable
    public static func ipv4(_ text: String) -> UInt32? {
        var text = text
        return text.withUTF8 { ipv4(bytes: $0) }
    }

    /// Reads an IPv6 address as two 64-bit halves, without allocating.
    ///
    /// An IPv4-mapped address (`::ffff:a.b.c.d`) stays IPv6 here; ``ipv4Mapped(high:low:)`` finds its IPv4.
    ///
    /// - Parameters:
    ///   - text: the text, with nothing around the address.
    ///   - allowingZone: whether a `%zone` suffix and surrounding `[ ]` are accepted and ignored.
    /// - Returns: the address, the first group in the high bits of `high`; `nil` when the text is not one.
    @inlinable
    public static func ipv6(_ text: some StringProtocol, allowingZone: Bool = false) -> (high: UInt64, low: UInt64)? {
        let bytes = text.utf8
        guard allowingZone else { return ipv6(bytes: bytes[...]) }
        guard let (start, end) = undecorated(bytes) else { return nil }
        return ipv6(bytes: bytes[start..<end])
    }

    /// The IPv4 address inside an IPv4-mapped IPv6 address (`::ffff:a.b.c.d`).
    ///
    /// - Parameters:
    ///   - high: the high 64 bits of the IPv6 address.
    ///   - low: the low 64 bits.
    /// - Returns: the IPv4 address, or `nil` when the address is not IPv4-mapped.
    @inlinable
    public static func ipv4Mapped(high: UInt64, low: UInt64) -> UInt32? {
        guard high == 0, low >> 32 == 0xFFFF else { return nil }
        return UInt32(truncatingIfNeeded: low)
    }

    /// The IPv4 address inside this address when it is IPv4-mapped (`::ffff:a.b.c.d`); `nil` for an IPv4
    /// address or any other IPv6 address.
    public var mappedIPv4: UInt32? {
        guard case .v6(let high, let low) = family else { return nil }
        return Self.ipv4Mapped(high: high, low: low)
    }

    /// Whether the address is not routed on the internet: private (`10/8`, `172.16/12`, `192.168/16`),
    /// loopback (`127/8`, `::1`), link-local (`169.254/16`, `fe80::/10`), carrier-grade NAT (`100.64/10`)
    /// or unique local (`fc00::/7`). An IPv4-mapped address is classified by its IPv4 address.
    public var isPrivate: Bool {
        switch family {
        case .v4(let address):
            return Self.isPrivate(ipv4: address)
        case .v6(let high, let low):
            if let mapped = Self.ipv4Mapped(high: high, low: low) { return Self.isPrivate(ipv4: mapped) }
            return (high == 0 && low == 1) || high >> 57 == 0x7E || high >> 54 == 0x3FA
        }
    }

    /// Whether an IPv4 address is private, loopback, link-local or carrier-grade NAT (see ``isPrivate``).
    ///
    /// - Parameter address: the address, the first octet in the high byte.
    /// - Returns: `true` when the address is not routed on the internet.
    public static func isPrivate(ipv4 address: UInt32) -> Bool {
        address >> 24 == 10 || address >> 24 == 127 || address & 0xFFF0_0000 == 0xAC10_0000
            || address & 0xFFFF_0000 == 0xC0A8_0000 || address & 0xFFFF_0000 == 0xA9FE_0000
            || address & 0xFFC0_0000 == 0x6440_0000
    }

    // MARK: - Parsing

    /// Reads a dotted quad from bytes (see ``ipv4(_:)``).
    @inlinable
    static func ipv4<Bytes: Collection<UInt8>>(bytes: Bytes) -> UInt32? {
        var value: UInt32 = 0
        var parts = 0
        var current: UInt32 = 0
        var digits = 0
        for byte in bytes {
            if byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") {
                if digits > 0 && current == 0 { return nil } // a leading zero
                current = current * 10 + UInt32(byte - UInt8(ascii: "0"))
                digits += 1
                if current > 255 || digits > 3 { return nil }
            } else if byte == UInt8(ascii: ".") {
                guard digits > 0, parts < 3 else { return nil }
                value = value << 8 | current
                parts += 1
                current = 0
                digits = 0
            } else {
                return nil
            }
        }
        guard digits > 0, parts == 3 else { return nil }
        return value << 8 | current
    }

    /// Reads an IPv6 address from bytes, with nothing around it (see ``ipv6(_:allowingZone:)``).
    ///
    /// One pass: the groups before `::` build `head`, those after it `tail`, each as a 128-bit number
    /// shifted left a group at a time; the address is `head` shifted past the zero run, or'ed with `tail`.
    @inlinable
    static func ipv6<Bytes: Collection<UInt8>>(bytes: Bytes) -> (high: UInt64, low: UInt64)? {
        var head = Groups()
        var tail = Groups()
        var sawGap = false
        var index = bytes.startIndex
        let end = bytes.endIndex
        guard index != end else { return nil }
        if bytes[index] == UInt8(ascii: ":") {
            index = bytes.index(after: index)
            guard index != end, bytes[index] == UInt8(ascii: ":") else { return nil }
            index = bytes.index(after: index)
            sawGap = true
        }
        while index != end {
            let groupStart = index
            var value: UInt16 = 0
            var digits = 0
            while index != end, let digit = hexDigit(bytes[index]) {
                digits += 1
                guard digits <= 4 else { return nil }
                value = value << 4 | UInt16(digit)
                index = bytes.index(after: index)
            }
            if index != end, bytes[index] == UInt8(ascii: ".") {
                // The IPv4 dotted quad that ends an address.
                guard let v4 = ipv4(bytes: bytes[groupStart..<end]) else { return nil }
                let appended = sawGap
                    ? tail.append(UInt16(truncatingIfNeeded: v4 >> 16)) && tail.append(UInt16(truncatingIfNeeded: v4))
                    : head.append(UInt16(truncatingIfNeeded: v4 >> 16)) && head.append(UInt16(truncatingIfNeeded: v4))
                guard appended else { return nil }
                index = end
                break
            }
            guard digits > 0, sawGap ? tail.append(value) : head.append(value) else { return nil }
            if index == end { break }
            guard bytes[index] == UInt8(ascii: ":") else { return nil }
            index = bytes.index(after: index)
            guard index != end else { return nil } // a single trailing colon
            if bytes[index] == UInt8(ascii: ":") {
                guard !sawGap else { return nil } // a second `::`
                sawGap = true
                index = bytes.index(after: index)
            }
        }
        let count = head.count + tail.count
        guard sawGap ? count <= 7 : count == 8 else { return nil }
        head.shift(groups: 8 - head.count)
        return (head.high | tail.high, head.low | tail.low)
    }

    /// Up to eight 16-bit groups as a 128-bit number, the last one appended in the low bits.
    @usableFromInline
    struct Groups {
        @usableFromInline var high: UInt64 = 0
        @usableFromInline var low: UInt64 = 0
        @usableFromInline var count = 0

        @inlinable init() {}

        /// Appends a group; `false` when there are eight already.
        @inlinable
        mutating func append(_ group: UInt16) -> Bool {
            guard count < 8 else { return false }
            shift(groups: 1)
            low |= UInt64(group)
            count += 1
            return true
        }

        /// Shifts the number left by whole groups.
        @inlinable
        mutating func shift(groups: Int) {
            for _ in 0..<groups {
                high = high << 16 | low >> 48
                low <<= 16
            }
        }
    }

    @inlinable
    static func hexDigit(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }

    /// Where the address is in `[address]`, `[address%zone]`, `[address]%zone`, `address%zone` or a bare
    /// `address`; `nil` when a `[` is not closed or a `]` is followed by anything but a zone.
    @inlinable
    static func undecorated<Bytes: Collection<UInt8>>(_ bytes: Bytes) -> (Bytes.Index, Bytes.Index)? {
        var start = bytes.startIndex
        let bracketed = start != bytes.endIndex && bytes[start] == UInt8(ascii: "[")
        if bracketed { start = bytes.index(after: start) }
        var index = start
        while index != bytes.endIndex, bytes[index] != UInt8(ascii: "%"),
              !(bracketed && bytes[index] == UInt8(ascii: "]"))
        {
            index = bytes.index(after: index)
        }
        let end = index
        guard bracketed else { return (start, end) }
        if index != bytes.endIndex, bytes[index] == UInt8(ascii: "]") {
            index = bytes.index(after: index)
            guard index == bytes.endIndex || bytes[index] == UInt8(ascii: "%") else { return nil }
        } else {
            var last: UInt8?
            while index != bytes.endIndex {
                last = bytes[index]
                index = bytes.index(after: index)
            }
            guard last == UInt8(ascii: "]") else { return nil }
        }
        return (start, end)
    }
}

import VigilCore

/// What an indicator watches for, in matching form.
public enum IndicatorPattern: Sendable, Hashable {
    /// An IPv4 network (a single address is a /32).
    case ipv4(UInt32, prefix: UInt8)
    /// An IPv6 network (a single address is a /128).
    case ipv6(UInt64, UInt64, prefix: UInt8)
    /// A domain and all its subdomains.
    case domain(String)
    case url(String)
    case hash(Observable.Kind, String)
    case email(String)

    /// Reads a CIDR block or single address (`10.0.0.0/8`, `2001:db8::/32`, `192.0.2.7`).
    public static func network(_ text: String) -> IndicatorPattern? {
        let parts = text.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
        let address = parts[0].trimmingCharacters()
        if let v4 = IPAddressText.ipv4(address) {
            var prefix: UInt8 = 32
            if parts.count == 2 {
                guard let p = UInt8(parts[1]), p <= 32 else { return nil }
                prefix = p
            }
            return .ipv4(v4 & IndicatorIndex.mask32(prefix), prefix: prefix)
        }
        if let v6 = IPAddressText.ipv6(address, allowingZone: true) {
            var prefix: UInt8 = 128
            if parts.count == 2 {
                guard let p = UInt8(parts[1]), p <= 128 else { return nil }
                prefix = p
            }
            let (h, l) = IndicatorIndex.mask128(prefix)
            return .ipv6(v6.high & h, v6.low & l, prefix: prefix)
        }
        return nil
    }
}

extension Substring {
    func trimmingCharacters() -> String { String(self).trimmingWhitespace() }
}

/// One indicator as the index holds it.
public struct IndexedIndicator: Sendable, Equatable {
    public var id: String
    public var action: String
    public var patterns: [IndicatorPattern]
    /// Matching stops at this instant (`expirationDateTime`).
    public var expires: DateTimeOffset?

    public init(id: String, action: String, patterns: [IndicatorPattern], expires: DateTimeOffset?) {
        self.id = id
        self.action = action
        self.patterns = patterns
        self.expires = expires
    }
}

/// A match of an observable against an indicator.
public struct IndicatorMatch: Sendable, Equatable {
    public var indicatorId: String
    public var action: String
    public var observable: Observable
}

/// The active indicators of one tenant, indexed for matching: IPv4 and IPv6 exact and CIDR (longest
/// prefix first), domains (exact and parent domains, never look-alikes), normalized URLs, hashes and
/// e-mail addresses. Immutable: a change builds a new index.
///
/// Built for a hot path: lookups hash the observable's bytes in place (no string is built for a parent
/// domain or an already normal URL), and the index keeps only ids, actions and expiry of its indicators.
public struct IndicatorIndex: Sendable {
    private var v4: [UInt64: Postings] = [:]
    private var v4Prefixes: [UInt8] = []
    private var v6: [V6Key: Postings] = [:]
    private var v6Prefixes: [UInt8] = []
    /// Domains, URLs, hashes and e-mail addresses by the FNV-1a hash of kind and value; the value is kept
    /// to rule out collisions.
    private var strings: [UInt64: [StringEntry]] = [:]
    private var ids: [String] = []
    private var actions: [String] = []
    /// Expiry as Unix seconds and nanoseconds (`Int64.max` for none).
    private var expiries: [DateTimeOffset?] = []

    struct V6Key: Hashable { var prefix: UInt8; var high: UInt64; var low: UInt64 }

    /// The indicators (by position) of one indexed value; the common single one needs no allocation.
    struct Postings: Sendable {
        var first: Int32
        var rest: [Int32] = []
        mutating func add(_ n: Int32) { rest.append(n) }
        func forEach(_ body: (Int32) -> Void) {
            body(first)
            for n in rest { body(n) }
        }
    }

    struct StringEntry: Sendable {
        var kind: UInt8
        var value: String
        var postings: Postings
    }

    public init() {}

    /// Builds the index of `indicators`.
    public init(_ indicators: [IndexedIndicator]) {
        self.init()
        for indicator in indicators { add(indicator) }
    }

    /// Adds an indicator (indexes are built once, then only read).
    public mutating func add(_ indicator: IndexedIndicator) {
        let n = Int32(ids.count)
        ids.append(indicator.id)
        actions.append(indicator.action)
        expiries.append(indicator.expires)
        for pattern in indicator.patterns {
            switch pattern {
            case .ipv4(let a, let p):
                let key = UInt64(p) << 32 | UInt64(a)
                if v4[key] != nil { v4[key]!.add(n) } else { v4[key] = Postings(first: n) }
                if !v4Prefixes.contains(p) { v4Prefixes.append(p); v4Prefixes.sort(by: >) }
            case .ipv6(let h, let l, let p):
                let key = V6Key(prefix: p, high: h, low: l)
                if v6[key] != nil { v6[key]!.add(n) } else { v6[key] = Postings(first: n) }
                if !v6Prefixes.contains(p) { v6Prefixes.append(p); v6Prefixes.sort(by: >) }
            case .domain(let d): addString(0, d, n)
            case .url(let u): addString(1, u, n)
            case .email(let e): addString(2, e, n)
            case .hash(let kind, let h): addString(Self.hashKind(kind), h, n)
            }
        }
    }

    private mutating func addString(_ kind: UInt8, _ value: String, _ n: Int32) {
        let h = Self.hash(kind, value.utf8)
        var bucket = strings[h] ?? []
        if let i = bucket.firstIndex(where: { $0.kind == kind && $0.value == value }) {
            bucket[i].postings.add(n)
        } else {
            bucket.append(StringEntry(kind: kind, value: value, postings: Postings(first: n)))
        }
        strings[h] = bucket
    }

    /// How many indicators it holds.
    public var count: Int { ids.count }

    /// The indicators `observable` matches at `now` (expired ones never match). For an address, the most
    /// specific network wins; every indicator of that network is returned.
    public func matches(_ observable: Observable, at now: DateTimeOffset) -> [IndicatorMatch] {
        var out: [IndicatorMatch] = []
        func emit(_ postings: Postings?) {
            postings?.forEach { n in
                let i = Int(n)
                if let expires = expiries[i], !(now < expires) { return }
                out.append(IndicatorMatch(indicatorId: ids[i], action: actions[i], observable: observable))
            }
        }
        switch observable.kind {
        case .ipAddress:
            if let a = IPAddressText.ipv4(observable.value) {
                emit(lookup4(a))
            } else if let a = IPAddressText.ipv6(observable.value, allowingZone: true) {
                if let hit = lookup6(a) {
                    emit(hit)
                } else if let mapped = IPAddressText.ipv4Mapped(high: a.high, low: a.low) {
                    emit(lookup4(mapped))
                }
            }
        case .domainName:
            emit(lookupDomain(observable.value))
        case .url:
            if Self.isNormalURL(observable.value) {
                emit(lookupString(1, observable.value.utf8))
            } else if let u = ObservableValue.url(observable.value) {
                emit(lookupString(1, u.utf8))
            }
        case .emailAddress:
            if let e = ObservableValue.email(observable.value) { emit(lookupString(2, e.utf8)) }
        case .md5, .sha1, .sha256:
            if let (kind, h) = ObservableValue.hash(observable.value) { emit(lookupString(Self.hashKind(kind), h.utf8)) }
        }
        return out
    }

    private func lookup4(_ a: UInt32) -> Postings? {
        for p in v4Prefixes {
            if let hit = v4[UInt64(p) << 32 | UInt64(a & Self.mask32(p))] { return hit }
        }
        return nil
    }

    private func lookup6(_ a: (high: UInt64, low: UInt64)) -> Postings? {
        for p in v6Prefixes {
            let (h, l) = Self.mask128(p)
            if let hit = v6[V6Key(prefix: p, high: a.high & h, low: a.low & l)] { return hit }
        }
        return nil
    }

    private func lookupString(_ kind: UInt8, _ bytes: some Collection<UInt8>) -> Postings? {
        guard let bucket = strings[Self.hash(kind, bytes)] else { return nil }
        for entry in bucket where entry.kind == kind && entry.value.utf8.elementsEqual(bytes) { return entry.postings }
        return nil
    }

    /// The domain and then each parent domain, most specific first. Already normal values (lowercase, no
    /// trailing dot: what connectors emit) are looked up in place.
    private func lookupDomain(_ value: String) -> Postings? {
        var value = value
        let direct: Postings?? = value.withUTF8 { bytes in
            guard let last = bytes.last, last != UInt8(ascii: "."), !bytes.contains(where: { $0 >= 0x41 && $0 <= 0x5A }) else {
                return .none
            }
            return .some(lookupDomainBytes(bytes))
        }
        if let direct { return direct }
        guard let d = ObservableValue.domain(value) else { return nil }
        return lookupDomainBytes(Array(d.utf8))
    }

    private func lookupDomainBytes<C: RandomAccessCollection>(_ bytes: C) -> Postings? where C.Element == UInt8, C.Index == Int {
        var start = bytes.startIndex
        while start < bytes.endIndex {
            if let hit = lookupString(0, bytes[start...]) { return hit }
            guard let dot = bytes[start...].firstIndex(of: UInt8(ascii: ".")) else { return nil }
            start = dot + 1
        }
        return nil
    }

    /// Whether a URL is already in matching form: `http(s)://`, lowercase host, no default port, a path,
    /// no fragment or user info.
    static func isNormalURL(_ value: String) -> Bool {
        var value = value
        return value.withUTF8 { bytes in
            var i: Int
            if bytes.starts(with: "http://".utf8) {
                i = 7
            } else if bytes.starts(with: "https://".utf8) {
                i = 8
            } else {
                return false
            }
            let hostStart = i
            while i < bytes.count {
                let c = bytes[i]
                if c == UInt8(ascii: "/") { break }
                if (c >= 0x41 && c <= 0x5A) || c == UInt8(ascii: ":") || c == UInt8(ascii: "@") || c == UInt8(ascii: "?") {
                    return false
                }
                i += 1
            }
            guard i > hostStart, i < bytes.count, bytes[i - 1] != UInt8(ascii: ".") else { return false }
            while i < bytes.count {
                if bytes[i] == UInt8(ascii: "#") || bytes[i] == 32 { return false }
                i += 1
            }
            return true
        }
    }

    /// FNV-1a 64 of the kind byte, then the value's bytes.
    static func hash(_ kind: UInt8, _ bytes: some Sequence<UInt8>) -> UInt64 {
        StableHash.fnv1a64(bytes, continuing: StableHash.fnv1a64(CollectionOfOne(kind)))
    }

    static func hashKind(_ kind: Observable.Kind) -> UInt8 {
        switch kind {
        case .md5: 3
        case .sha1: 4
        default: 5
        }
    }

    static func mask32(_ prefix: UInt8) -> UInt32 {
        prefix == 0 ? 0 : UInt32.max << (32 - UInt32(prefix))
    }

    static func mask128(_ prefix: UInt8) -> (UInt64, UInt64) {
        if prefix == 0 { return (0, 0) }
        if prefix <= 64 { return (UInt64.max << (64 - UInt64(prefix)), 0) }
        return (UInt64.max, prefix == 128 ? UInt64.max : UInt64.max << (128 - UInt64(prefix)))
    }
}

extension IndexedIndicator {
    /// The patterns of a Graph tiIndicator: its network, domain, URL, file hash and e-mail observables.
    /// Returns the patterns and the observables that could not be read (with the property named).
    public static func patterns(of indicator: TiIndicator) -> (patterns: [IndicatorPattern], unreadable: [String]) {
        var patterns: [IndicatorPattern] = []
        var unreadable: [String] = []
        func network(_ name: String, _ value: String?) {
            guard let value, !value.isEmpty else { return }
            if let p = IndicatorPattern.network(value) { patterns.append(p) } else { unreadable.append(name) }
        }
        network("networkIPv4", indicator.networkIPv4)
        network("networkIPv6", indicator.networkIPv6)
        network("networkSourceIPv4", indicator.networkSourceIPv4)
        network("networkSourceIPv6", indicator.networkSourceIPv6)
        network("networkDestinationIPv4", indicator.networkDestinationIPv4)
        network("networkDestinationIPv6", indicator.networkDestinationIPv6)
        network("networkCidrBlock", indicator.networkCidrBlock)
        network("networkSourceCidrBlock", indicator.networkSourceCidrBlock)
        network("networkDestinationCidrBlock", indicator.networkDestinationCidrBlock)
        network("emailSourceIpAddress", indicator.emailSourceIpAddress)
        if let d = indicator.domainName, !d.isEmpty {
            if let v = ObservableValue.domain(d) { patterns.append(.domain(v)) } else { unreadable.append("domainName") }
        }
        if let d = indicator.emailSourceDomain, !d.isEmpty {
            if let v = ObservableValue.domain(d) { patterns.append(.domain(v)) } else { unreadable.append("emailSourceDomain") }
        }
        if let u = indicator.url, !u.isEmpty {
            if let v = ObservableValue.url(u) { patterns.append(.url(v)) } else { unreadable.append("url") }
        }
        if let h = indicator.fileHashValue, !h.isEmpty {
            if let (kind, v) = ObservableValue.hash(h) { patterns.append(.hash(kind, v)) } else { unreadable.append("fileHashValue") }
        }
        if let e = indicator.emailSenderAddress, !e.isEmpty {
            if let v = ObservableValue.email(e) { patterns.append(.email(v)) } else { unreadable.append("emailSenderAddress") }
        }
        return (patterns, unreadable)
    }
}

/// The special-purpose address blocks of IANA's IPv4 and IPv6 registries (RFC 6890 and later), as Vigil's
/// outbound policy treats them. Addresses that embed an IPv4 address (IPv4-mapped, NAT64, 6to4) are judged
/// by the address they embed, so a translation prefix never reaches what the IPv4 rules refuse.
enum SpecialAddressRanges {
    /// One block: a prefix of a 4- or 16-byte address, and what addresses in it are.
    struct Block {
        var prefix: [UInt8]
        var length: Int
        var verdict: TargetPolicy.AddressClass

        func contains(_ bytes: [UInt8]) -> Bool {
            guard bytes.count == prefix.count else { return false }
            var bits = length, i = 0
            while bits >= 8 {
                if bytes[i] != prefix[i] { return false }
                bits -= 8
                i += 1
            }
            guard bits > 0 else { return true }
            let mask = UInt8(0xff) << (8 - bits)
            return bytes[i] & mask == prefix[i] & mask
        }
    }

    static func v4(_ a: UInt8, _ b: UInt8, _ c: UInt8, _ d: UInt8, _ length: Int, _ verdict: TargetPolicy.AddressClass) -> Block {
        Block(prefix: [a, b, c, d], length: length, verdict: verdict)
    }

    static func v6(_ groups: [UInt16], _ length: Int, _ verdict: TargetPolicy.AddressClass) -> Block {
        let padded = groups + Array(repeating: 0, count: 8 - groups.count)
        return Block(prefix: padded.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xff)] }, length: length, verdict: verdict)
    }

    /// IPv4 blocks, most specific first (the first block that contains an address decides).
    static let ipv4: [Block] = [
        v4(169, 254, 169, 254, 32, .forbidden("a link-local or cloud metadata address")),
        v4(100, 100, 100, 200, 32, .forbidden("a cloud metadata address")),
        v4(255, 255, 255, 255, 32, .forbidden("the broadcast address")),
        v4(0, 0, 0, 0, 8, .forbidden("an address of this network (0.0.0.0/8)")),
        v4(10, 0, 0, 0, 8, .privateAddress),
        v4(100, 64, 0, 0, 10, .privateAddress),  // shared address space (carrier-grade NAT)
        v4(127, 0, 0, 0, 8, .loopback),
        v4(169, 254, 0, 0, 16, .forbidden("a link-local address")),
        v4(172, 16, 0, 0, 12, .privateAddress),
        v4(192, 0, 0, 0, 24, .forbidden("an address reserved for protocol assignments (192.0.0.0/24)")),
        v4(192, 0, 2, 0, 24, .forbidden("a documentation address (192.0.2.0/24)")),
        v4(192, 88, 99, 0, 24, .forbidden("a deprecated 6to4 relay address (192.88.99.0/24)")),
        v4(192, 168, 0, 0, 16, .privateAddress),
        v4(198, 18, 0, 0, 15, .forbidden("a benchmarking address (198.18.0.0/15)")),
        v4(198, 51, 100, 0, 24, .forbidden("a documentation address (198.51.100.0/24)")),
        v4(203, 0, 113, 0, 24, .forbidden("a documentation address (203.0.113.0/24)")),
        v4(224, 0, 0, 0, 4, .forbidden("a multicast address")),
        v4(240, 0, 0, 0, 4, .forbidden("a reserved address (240.0.0.0/4)")),
    ]

    /// IPv6 blocks that are judged as a whole (those embedding IPv4 are handled before these).
    static let ipv6: [Block] = [
        v6([0xfd00, 0x0ec2, 0, 0, 0, 0, 0, 0x0254], 128, .forbidden("a cloud metadata address")),
        v6([0, 0, 0, 0, 0, 0, 0, 1], 128, .loopback),
        v6([0, 0, 0, 0, 0, 0, 0, 0], 128, .forbidden("the unspecified address")),
        v6([0, 0, 0, 0, 0, 0], 96, .forbidden("a deprecated IPv4-compatible address (::/96)")),
        v6([0x0100, 0, 0, 0], 64, .forbidden("a discard-only address (100::/64)")),
        v6([0x0100, 0, 0, 1], 64, .forbidden("a dummy prefix address (100:0:0:1::/64)")),
        v6([0x2001, 0], 32, .forbidden("a Teredo tunnel address (2001::/32)")),
        v6([0x2001, 0x0db8], 32, .forbidden("a documentation address (2001:db8::/32)")),
        v6([0x2001], 23, .forbidden("an address reserved for protocol assignments (2001::/23)")),
        v6([0x3fff], 20, .forbidden("a documentation address (3fff::/20)")),
        v6([0x5f00], 16, .forbidden("a segment-routing address (5f00::/16)")),
        v6([0xfc00], 7, .privateAddress),  // unique local
        v6([0xfe80], 10, .forbidden("a link-local address")),
        v6([0xfec0], 10, .forbidden("a deprecated site-local address (fec0::/10)")),
        v6([0xff00], 8, .forbidden("a multicast address")),
    ]

    /// The IPv4 address an IPv6 address carries, with the name of the form, or `nil`.
    static func embeddedIPv4(_ bytes: [UInt8]) -> (address: [UInt8], form: String)? {
        guard bytes.count == 16 else { return nil }
        // ::ffff:a.b.c.d (IPv4-mapped)
        if bytes[0..<10].allSatisfy({ $0 == 0 }), bytes[10] == 0xff, bytes[11] == 0xff { return (Array(bytes[12..<16]), "IPv4-mapped") }
        // 64:ff9b::a.b.c.d (NAT64 well-known prefix, RFC 6052)
        if bytes[0..<12] == [0, 0x64, 0xff, 0x9b, 0, 0, 0, 0, 0, 0, 0, 0] { return (Array(bytes[12..<16]), "NAT64") }
        // 64:ff9b:1::/48 (NAT64 local use, RFC 8215): a /48 prefix carries the IPv4 in bits 48–63 and 72–87.
        if bytes[0..<6] == [0, 0x64, 0xff, 0x9b, 0, 0x01] { return ([bytes[6], bytes[7], bytes[9], bytes[10]], "NAT64") }
        // 2002:a.b.c.d::/48 (6to4)
        if bytes[0] == 0x20, bytes[1] == 0x02 { return (Array(bytes[2..<6]), "6to4") }
        return nil
    }
}

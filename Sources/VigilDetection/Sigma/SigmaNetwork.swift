import VigilCore

/// An IPv4 or IPv6 network of a `cidr` value.
struct SigmaNetwork: Hashable, Sendable {
    var isV6: Bool
    var high: UInt64
    var low: UInt64
    var prefix: Int

    /// Reads `a.b.c.d/n`, `x::y/n` or a bare address.
    init?(_ text: String) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count <= 2, let address = IPAddressText(String(parts[0])) else { return nil }
        switch address.family {
        case .v4(let a):
            isV6 = false
            high = UInt64(a)
            low = 0
            prefix = 32
        case .v6(let h, let l):
            isV6 = true
            high = h
            low = l
            prefix = 128
        }
        if parts.count == 2 {
            guard let n = Int(parts[1]), n >= 0, n <= prefix else { return nil }
            prefix = n
        }
    }

    func contains(_ address: IPAddressText.Family) -> Bool {
        switch address {
        case .v4(let a):
            guard !isV6 else { return false }
            let mask: UInt64 = prefix == 0 ? 0 : (0xFFFF_FFFF << UInt64(32 - prefix)) & 0xFFFF_FFFF
            return UInt64(a) & mask == high & mask
        case .v6(let h, let l):
            guard isV6 else { return false }
            let highMask: UInt64 = prefix >= 64 ? .max : (prefix == 0 ? 0 : .max << UInt64(64 - prefix))
            let lowMask: UInt64 = prefix <= 64 ? 0 : (prefix == 128 ? .max : .max << UInt64(128 - prefix))
            return h & highMask == high & highMask && l & lowMask == low & lowMask
        }
    }
}

/// The 64-bit FNV-1a hash: stable across runs, processes and machines, unlike `Hasher`.
///
/// It identifies, it does not protect: use it for deterministic ids and digests (alert ids, paging
/// cursor digests) and in-memory buckets, never where an adversary must not find collisions.
public enum StableHash {
    /// The FNV-1a 64-bit offset basis, the hash of no bytes.
    public static let offsetBasis: UInt64 = 0xcbf2_9ce4_8422_2325

    /// The FNV-1a 64-bit prime.
    public static let prime: UInt64 = 0x0000_0100_0000_01b3

    /// Hashes bytes with FNV-1a 64.
    ///
    /// - Parameters:
    ///   - bytes: the bytes to hash, in order.
    ///   - continuing: the hash so far, to feed a value in several pieces; the offset basis to start.
    /// - Returns: the hash of the bytes fed so far.
    @inlinable
    public static func fnv1a64(_ bytes: some Sequence<UInt8>, continuing: UInt64 = offsetBasis) -> UInt64 {
        var hash = continuing
        for byte in bytes {
            hash ^= UInt64(byte)
            hash = hash &* prime
        }
        return hash
    }

    /// A hash as 16 lowercase hex digits, zero-padded on the left.
    ///
    /// - Parameter value: the hash.
    /// - Returns: exactly 16 characters, `0`–`9` and `a`–`f`.
    public static func hex16(_ value: UInt64) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }
}

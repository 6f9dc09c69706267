/// The deterministic random source of the fuzz harnesses: SplitMix64, so that a seed and an iteration
/// number always give the same input, on every platform and in every process (unlike `SystemRandomNumberGenerator`
/// or Swift's per-process seeded `Hasher`).
public struct FuzzRandom: RandomNumberGenerator, Sendable {
    /// The generator's state; the next output is derived from it.
    public private(set) var state: UInt64

    /// A generator starting from `seed`.
    public init(seed: UInt64) { state = seed }

    /// A generator for one iteration of one target, independent of every other iteration, so that a single
    /// iteration can be replayed on its own.
    public init(seed: UInt64, target: String, iteration: Int) {
        var mixer = FuzzRandom(seed: seed ^ FuzzRandom.stableHash(target))
        state = mixer.next() ^ UInt64(truncatingIfNeeded: iteration) &* 0xD1B5_4A32_D192_ED03
        _ = next()
    }

    /// The next 64 random bits.
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A number in `0..<n`; 0 when `n` is not positive.
    public mutating func below(_ n: Int) -> Int {
        guard n > 1 else { return 0 }
        return Int(next() % UInt64(n))
    }

    /// A number in `range`.
    public mutating func within(_ range: ClosedRange<Int>) -> Int {
        range.lowerBound + below(range.count)
    }

    /// True with the given chance in percent.
    public mutating func chance(_ percent: Int) -> Bool { below(100) < percent }

    /// One of the items; `nil` when there are none.
    public mutating func element<C: RandomAccessCollection>(of items: C) -> C.Element? where C.Index == Int {
        items.isEmpty ? nil : items[items.startIndex + below(items.count)]
    }

    /// A length up to `maximum`, small lengths much likelier than large ones.
    public mutating func smallLength(upTo maximum: Int) -> Int {
        guard maximum > 0 else { return 0 }
        let bits = below(Int.bitWidth - maximum.leadingZeroBitCount + 1)
        return min(maximum, below(1 << bits) + 1)
    }

    /// FNV-1a of the UTF-8 of a text: a hash that is the same in every process.
    public static func stableHash(_ text: String) -> UInt64 {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01B3
        }
        return hash
    }
}

/// (state, byte) → next state, in an open-addressing table (linear probing, power-of-two size).
struct TransitionTable: Sendable {
    private var keys: [UInt64] = Array(repeating: .max, count: 16)
    private var targets: [Int32] = Array(repeating: -1, count: 16)
    private var count = 0

    @inline(__always)
    private static func slot(_ key: UInt64, _ mask: Int) -> Int {
        Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> 32) & mask
    }

    /// The next state, or -1.
    @inline(__always)
    func next(_ state: Int32, _ byte: UInt8) -> Int32 {
        let key = UInt64(UInt32(bitPattern: state)) << 8 | UInt64(byte)
        let mask = keys.count - 1
        var i = Self.slot(key, mask)
        while true {
            let k = keys[i]
            if k == key { return targets[i] }
            if k == .max { return -1 }
            i = (i + 1) & mask
        }
    }

    mutating func set(_ state: Int32, _ byte: UInt8, _ target: Int32) {
        if (count + 1) * 2 > keys.count { grow() }
        let key = UInt64(UInt32(bitPattern: state)) << 8 | UInt64(byte)
        let mask = keys.count - 1
        var i = Self.slot(key, mask)
        while keys[i] != .max, keys[i] != key { i = (i + 1) & mask }
        if keys[i] == .max { count += 1 }
        keys[i] = key
        targets[i] = target
    }

    private mutating func grow() {
        let oldKeys = keys, oldTargets = targets
        keys = Array(repeating: .max, count: oldKeys.count * 2)
        targets = Array(repeating: -1, count: oldKeys.count * 2)
        count = 0
        for (k, t) in zip(oldKeys, oldTargets) where k != .max {
            set(Int32(truncatingIfNeeded: k >> 8), UInt8(truncatingIfNeeded: k), t)
        }
    }
}

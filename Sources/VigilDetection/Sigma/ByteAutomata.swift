/// Multi-pattern byte matchers for the needles of many rules at once: a trie for prefixes (or suffixes,
/// walked from the end) and an Aho-Corasick automaton for substrings. A scan reports every needle that
/// matches, in time proportional to the value's length.

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

/// The needles each state reports, built as lists and then packed into one array with offsets (so a scan
/// reads flat arrays only).
struct StateOutputs: Sendable {
    private var lists: [[Int32]] = [[]]
    private var start: [Int32] = []
    private var ids: [Int32] = []

    var count: Int { lists.isEmpty ? start.count - 1 : lists.count }

    mutating func addState() { lists.append([]) }
    mutating func add(_ id: Int32, to state: Int32) { lists[Int(state)].append(id) }
    func isEmptyWhileBuilding(_ state: Int32) -> Bool { lists[Int(state)].isEmpty }

    /// Packs the lists; no state can be added afterwards.
    mutating func pack() {
        start = [0]
        start.reserveCapacity(lists.count + 1)
        for list in lists {
            ids += list
            start.append(Int32(ids.count))
        }
        lists = []
    }

    @inline(__always)
    func isEmpty(_ state: Int32) -> Bool { start[Int(state)] == start[Int(state) + 1] }

    @inline(__always)
    func forEach(_ state: Int32, _ body: (Int32) -> Void) {
        var k = Int(start[Int(state)])
        let end = Int(start[Int(state) + 1])
        while k < end {
            body(ids[k])
            k += 1
        }
    }
}

/// A trie of needles matched at the start of a value (or at its end, when built and walked reversed).
struct ByteTrie: Sendable {
    private var transitions = TransitionTable()
    private var outputs = StateOutputs()
    let reversed: Bool

    init(reversed: Bool) { self.reversed = reversed }

    mutating func insert(_ needle: [UInt8], id: Int32) {
        var state: Int32 = 0
        for k in needle.indices {
            let byte = reversed ? needle[needle.count - 1 - k] : needle[k]
            var next = transitions.next(state, byte)
            if next < 0 {
                next = Int32(outputs.count)
                outputs.addState()
                transitions.set(state, byte, next)
            }
            state = next
        }
        outputs.add(id, to: state)
    }

    /// Call once after the last insert.
    mutating func build() { outputs.pack() }

    /// Reports every needle the value starts (or ends) with.
    @inline(__always)
    func scan(_ value: UnsafeBufferPointer<UInt8>, _ report: (Int32) -> Void) {
        var state: Int32 = 0
        let n = value.count
        for k in 0..<n {
            state = transitions.next(state, reversed ? value[n - 1 - k] : value[k])
            if state < 0 { return }
            outputs.forEach(state, report)
        }
    }
}

/// Aho-Corasick: every needle occurring anywhere in a value, in one pass.
struct AhoCorasick: Sendable {
    private var transitions = TransitionTable()
    private var root: [Int32] = Array(repeating: 0, count: 256)
    private var outputs = StateOutputs()
    private var fail: [Int32] = [0]
    /// The nearest state on the failure chain with outputs of its own, or -1.
    private var outputLink: [Int32] = [-1]
    private var children: [[(UInt8, Int32)]] = [[]]

    mutating func insert(_ needle: [UInt8], id: Int32) {
        var state: Int32 = 0
        for byte in needle {
            var next = transitions.next(state, byte)
            if next < 0 {
                next = Int32(outputs.count)
                outputs.addState()
                fail.append(0)
                outputLink.append(-1)
                children.append([])
                transitions.set(state, byte, next)
                children[Int(state)].append((byte, next))
            }
            state = next
        }
        outputs.add(id, to: state)
    }

    /// Computes the failure links; call once after the last insert.
    mutating func build() {
        var queue: [Int32] = []
        for (byte, child) in children[0] {
            root[Int(byte)] = child
            queue.append(child)
        }
        var head = 0
        while head < queue.count {
            let state = queue[head]
            head += 1
            for (byte, child) in children[Int(state)] {
                var f = fail[Int(state)]
                while true {
                    let t = f == 0 ? root[Int(byte)] : transitions.next(f, byte)
                    if t >= 0, t != child {
                        fail[Int(child)] = t
                        break
                    }
                    if f == 0 {
                        fail[Int(child)] = 0
                        break
                    }
                    f = fail[Int(f)]
                }
                let target = fail[Int(child)]
                outputLink[Int(child)] = outputs.isEmptyWhileBuilding(target) ? outputLink[Int(target)] : target
                queue.append(child)
            }
        }
        children = []
        outputs.pack()
    }

    /// Reports every needle occurring in the value (a needle occurring twice is reported twice).
    @inline(__always)
    func scan(_ value: UnsafeBufferPointer<UInt8>, _ report: (Int32) -> Void) {
        var state: Int32 = 0
        for byte in value {
            while true {
                if state == 0 {
                    state = root[Int(byte)]
                    break
                }
                let t = transitions.next(state, byte)
                if t >= 0 {
                    state = t
                    break
                }
                state = fail[Int(state)]
            }
            if state == 0 { continue }
            var s = state
            if outputs.isEmpty(s) { s = outputLink[Int(s)] }
            while s > 0 {
                outputs.forEach(s, report)
                s = outputLink[Int(s)]
            }
        }
    }
}

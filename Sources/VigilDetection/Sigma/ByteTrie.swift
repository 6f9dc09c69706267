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

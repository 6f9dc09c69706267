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

/// Runs a `LinearRegexProgram` over UTF-8 text as a Thompson NFA simulation (a Pike VM without captures):
/// the set of live instructions is advanced one scalar at a time, so the work is at most the text's length
/// times the program's size, whatever the expression and the text.
///
/// The search is unanchored: a thread starts at every position (only the first when the program is anchored
/// at the start), and the answer is yes as soon as any thread reaches `match`.
struct LinearRegexMachine {
    let program: LinearRegexProgram

    /// Whether the program matches anywhere in `text` (valid UTF-8).
    func matches(_ text: UnsafeBufferPointer<UInt8>) -> Bool {
        let size = program.count
        return withUnsafeTemporaryAllocation(of: Int32.self, capacity: size * 5) { memory in
            memory.initialize(repeating: 0)
            let base = memory.baseAddress!
            return program.ops.withUnsafeBufferPointer { ops in
                program.a.withUnsafeBufferPointer { a in
                    program.b.withUnsafeBufferPointer { b in
                        program.classes.withUnsafeBufferPointer { classes in
                            program.classLow.withUnsafeBufferPointer { low in
                                program.classHigh.withUnsafeBufferPointer { high in
                                    var run = Run(ops: ops, a: a, b: b, classes: classes, low: low, high: high, text: text,
                                                  current: ThreadList(dense: base, sparse: base + size),
                                                  next: ThreadList(dense: base + 2 * size, sparse: base + 3 * size),
                                                  stack: base + 4 * size)
                                    return run.search(anchored: program.anchoredAtStart, first: program.firstASCII)
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// A set of instruction numbers with constant-time insert, test and clear (a sparse set).
struct ThreadList {
    let dense: UnsafeMutablePointer<Int32>
    let sparse: UnsafeMutablePointer<Int32>
    var count: Int32 = 0

    @inline(__always)
    func contains(_ pc: Int32) -> Bool {
        let k = sparse[Int(pc)]
        return k < count && dense[Int(k)] == pc
    }

    @inline(__always)
    mutating func insert(_ pc: Int32) {
        sparse[Int(pc)] = count
        dense[Int(count)] = pc
        count += 1
    }
}

/// One search: the program's arrays, the text, the two thread lists and the closure stack.
private struct Run {
    let ops: UnsafeBufferPointer<LinearRegexProgram.Op>
    let a: UnsafeBufferPointer<Int32>
    let b: UnsafeBufferPointer<Int32>
    let classes: UnsafeBufferPointer<ScalarClass>
    let low: UnsafeBufferPointer<UInt64>
    let high: UnsafeBufferPointer<UInt64>
    let text: UnsafeBufferPointer<UInt8>
    var current: ThreadList
    var next: ThreadList
    let stack: UnsafeMutablePointer<Int32>

    /// The position being looked at: its byte offset, the scalar there (-1 at the end) and its length, and
    /// whether the last scalar before it that is not a combining mark or format character is a word one.
    private var position = 0
    private var scalar: Int64 = -1
    private var length = 0
    private var previousIsWord = false

    init(ops: UnsafeBufferPointer<LinearRegexProgram.Op>, a: UnsafeBufferPointer<Int32>, b: UnsafeBufferPointer<Int32>,
         classes: UnsafeBufferPointer<ScalarClass>, low: UnsafeBufferPointer<UInt64>, high: UnsafeBufferPointer<UInt64>,
         text: UnsafeBufferPointer<UInt8>,
         current: ThreadList, next: ThreadList, stack: UnsafeMutablePointer<Int32>) {
        self.ops = ops
        self.a = a
        self.b = b
        self.classes = classes
        self.low = low
        self.high = high
        self.text = text
        self.current = current
        self.next = next
        self.stack = stack
    }

    mutating func search(anchored: Bool, first: (UInt64, UInt64)?) -> Bool {
        (scalar, length) = decode(at: 0)
        while true {
            if let (low, high) = first, !anchored, current.count == 0 {
                // No thread alive: skip ASCII scalars no match can begin with.
                while scalar >= 0, scalar < 128 {
                    let bit = scalar < 64 ? low & (1 << UInt64(scalar)) : high & (1 << UInt64(scalar - 64))
                    if bit != 0 { break }
                    previousIsWord = ScalarClass.family(.word, contains: UInt32(scalar))
                    position += 1
                    (scalar, length) = decode(at: position)
                }
            }
            if !anchored || position == 0 {
                var list = current
                defer { current = list }
                if addThread(0, to: &list) { return true }
            }
            if scalar < 0 || current.count == 0 && anchored { return false }
            let c = UInt32(scalar)
            // Move to the next position before adding the threads that consumed `c`, so that their
            // assertions are tested there.
            position += length
            (scalar, length) = decode(at: position)
            if !LinearRegexText.isMarkOrFormat(c) { previousIsWord = ScalarClass.family(.word, contains: c) }
            var list = next
            list.count = 0
            let bit: UInt64 = c < 128 ? 1 << UInt64(c & 63) : 0
            for k in 0..<Int(current.count) {
                let pc = Int(current.dense[k])
                guard ops[pc] == .character else { continue }
                let set = Int(a[pc])
                let inside = c < 64 ? low[set] & bit != 0 : (c < 128 ? high[set] & bit != 0 : classes[set].contains(c))
                if inside {
                    if addThread(Int32(pc + 1), to: &list) { return true }
                }
            }
            next = current
            current = list
        }
    }

    /// Adds `pc` and everything reachable from it without consuming a scalar; true when `match` is reached.
    private func addThread(_ pc: Int32, to list: inout ThreadList) -> Bool {
        var top = 0
        stack[0] = pc
        top = 1
        while top > 0 {
            top -= 1
            let p = stack[top]
            if list.contains(p) { continue }
            list.insert(p)
            let i = Int(p)
            switch ops[i] {
            case .character: break
            case .match: return true
            case .jump:
                stack[top] = a[i]; top += 1
            case .split:
                stack[top] = b[i]; top += 1
                stack[top] = a[i]; top += 1
            case .assertion:
                if holds(LinearRegexAssertion(rawValue: UInt8(a[i]))!) { stack[top] = p + 1; top += 1 }
            }
        }
        return false
    }

    private func holds(_ assertion: LinearRegexAssertion) -> Bool {
        switch assertion {
        case .start: return position == 0
        case .end: return LinearRegexText.isEnd(text, position)
        case .wordBoundary: return isWordBoundary()
        case .notWordBoundary: return !isWordBoundary()
        }
    }

    /// ICU's rule: never inside a run of combining marks or format characters; otherwise where the
    /// wordness of the scalar here differs from that of the last scalar before it that is not one.
    private func isWordBoundary() -> Bool {
        if scalar >= 0, LinearRegexText.isMarkOrFormat(UInt32(scalar)) { return false }
        let here = scalar >= 0 && ScalarClass.family(.word, contains: UInt32(scalar))
        return here != previousIsWord
    }

    @inline(__always)
    private func decode(at offset: Int) -> (Int64, Int) {
        guard offset < text.count else { return (-1, 0) }
        let (s, n) = LinearRegexText.decode(text, offset)
        return (Int64(s), n)
    }
}

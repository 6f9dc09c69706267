/// Parses a regular expression into a `LinearRegexNode` when every construct in it belongs to the subset
/// the linear-time matcher runs with ICU's meaning; answers `nil` for anything else (back references,
/// look-around, atomic groups, possessive quantifiers, nested or intersected classes, `\Q…\E`, flags other
/// than `i`, …), which then stays with ICU.
struct LinearRegexParser {
    private let scalars: [UInt32]
    private var i = 0
    private let dotAll: Bool

    /// Signals a construct outside the subset.
    private struct Unsupported: Error {}

    private init(_ pattern: String, dotAll: Bool) {
        scalars = pattern.unicodeScalars.map(\.value)
        self.dotAll = dotAll
    }

    /// The tree of `pattern`, or `nil` when it is outside the subset.
    /// - Parameters:
    ///   - pattern: the expression's text.
    ///   - caseInsensitive: the `i` option of the whole expression.
    ///   - dotAll: whether `.` also matches line terminators.
    static func parse(_ pattern: String, caseInsensitive: Bool, dotAll: Bool) -> LinearRegexNode? {
        var parser = LinearRegexParser(pattern, dotAll: dotAll)
        var ci = caseInsensitive
        guard let node = try? parser.alternatives(&ci), parser.i == parser.scalars.count else { return nil }
        return node
    }

    private var peek: UInt32? { i < scalars.count ? scalars[i] : nil }

    private mutating func alternatives(_ ci: inout Bool) throws(Unsupported) -> LinearRegexNode {
        var options = [try sequence(&ci)]
        while peek == 0x7C {  // |
            i += 1
            options.append(try sequence(&ci))
        }
        return options.count == 1 ? options[0] : .alternatives(options)
    }

    private mutating func sequence(_ ci: inout Bool) throws(Unsupported) -> LinearRegexNode {
        var parts: [LinearRegexNode] = []
        while let c = peek, c != 0x7C, c != 0x29 {  // | )
            guard let atom = try atom(&ci) else { continue }
            parts.append(try quantified(atom))
        }
        return parts.count == 1 ? parts[0] : (parts.isEmpty ? .empty : .sequence(parts))
    }

    /// One atom, or `nil` for an inline flag `(?i)` that only changed `ci`.
    private mutating func atom(_ ci: inout Bool) throws(Unsupported) -> LinearRegexNode? {
        let c = scalars[i]
        i += 1
        switch c {
        case 0x28: return try group(&ci)
        case 0x5B: return .character(try bracketClass(ci))
        case 0x2E: return .character(ScalarClass(family: dotAll ? .any : .notLineTerminator))
        case 0x5E: return .assertion(.start)
        case 0x24: return .assertion(.end)
        case 0x5C: return try escape(ci)
        case 0x2A, 0x2B, 0x3F, 0x7B, 0x7D: throw Unsupported()  // * + ? { } out of place (`]` alone is a literal)
        default: return .character(try literal(c, ci))
        }
    }

    /// A literal scalar; ignoring case, one whose case folding is several scalars (`ß` matches `ss` in
    /// ICU) is outside the subset.
    private func literal(_ c: UInt32, _ ci: Bool) throws(Unsupported) -> ScalarClass {
        if ci, Self.foldsToSeveral(c) { throw Unsupported() }
        return ScalarClass(scalar: c, caseInsensitive: ci)
    }

    private static func foldsToSeveral(_ c: UInt32) -> Bool {
        guard c >= 0x80 else { return false }
        let utf8 = Array(String(Unicode.Scalar(c)!).utf8)
        return utf8.withUnsafeBufferPointer { LinearRegexText.needsFullCaseFolding($0) }
    }

    private mutating func group(_ ci: inout Bool) throws(Unsupported) -> LinearRegexNode? {
        var inner = ci
        if peek == 0x3F {  // ?
            i += 1
            guard let kind = peek else { throw Unsupported() }
            i += 1
            switch kind {
            case 0x3A: break  // (?:
            case 0x69:  // (?i) or (?i:
                if peek == 0x29 { i += 1; ci = true; return nil }
                guard peek == 0x3A else { throw Unsupported() }
                i += 1
                inner = true
            case 0x3C:  // (?<name>, but not (?<= or (?<!
                guard let first = peek, Self.isLetter(first) else { throw Unsupported() }
                while let n = peek, Self.isLetter(n) || (n >= 0x30 && n <= 0x39) { i += 1 }
                guard peek == 0x3E else { throw Unsupported() }
                i += 1
            default: throw Unsupported()
            }
        }
        let node = try alternatives(&inner)
        guard peek == 0x29 else { throw Unsupported() }
        i += 1
        return node
    }

    private mutating func quantified(_ atom: LinearRegexNode) throws(Unsupported) -> LinearRegexNode {
        guard let c = peek else { return atom }
        var bounds: (Int, Int?)
        switch c {
        case 0x2A: bounds = (0, nil); i += 1
        case 0x2B: bounds = (1, nil); i += 1
        case 0x3F: bounds = (0, 1); i += 1
        case 0x7B: i += 1; bounds = try interval()
        default: return atom
        }
        if case .assertion = atom { throw Unsupported() }
        if peek == 0x3F { i += 1 }  // lazy: the same yes/no answer
        else if peek == 0x2B || peek == 0x2A || peek == 0x7B { throw Unsupported() }  // possessive or stacked
        if let max = bounds.1, max < bounds.0 { throw Unsupported() }
        if bounds.0 > 1000 || (bounds.1 ?? 0) > 1000 { throw Unsupported() }
        return .repetition(atom, min: bounds.0, max: bounds.1)
    }

    /// `{n}`, `{n,}` or `{n,m}` after the `{`.
    private mutating func interval() throws(Unsupported) -> (Int, Int?) {
        let low = try number()
        if peek == 0x7D { i += 1; return (low, low) }
        guard peek == 0x2C else { throw Unsupported() }
        i += 1
        if peek == 0x7D { i += 1; return (low, nil) }
        let high = try number()
        guard peek == 0x7D else { throw Unsupported() }
        i += 1
        return (low, high)
    }

    private mutating func number() throws(Unsupported) -> Int {
        var value = 0, digits = 0
        while let d = peek, d >= 0x30, d <= 0x39, digits < 6 {
            value = value * 10 + Int(d - 0x30)
            digits += 1
            i += 1
        }
        guard digits > 0 else { throw Unsupported() }
        return value
    }

    private mutating func escape(_ ci: Bool) throws(Unsupported) -> LinearRegexNode {
        guard let c = peek else { throw Unsupported() }
        switch c {
        case 0x62: i += 1; return .assertion(.wordBoundary)      // \b
        case 0x42: i += 1; return .assertion(.notWordBoundary)   // \B
        default:
            switch try classEscape() {
            case .scalar(let s): return .character(try literal(s, ci))
            case .family(let f, let negated): return .character(ScalarClass(family: f, negated: negated))
            }
        }
    }

    private enum EscapeMeaning {
        case scalar(UInt32)
        case family(ScalarClass.Family, Bool)
    }

    /// An escape valid both inside and outside brackets, after the backslash.
    private mutating func classEscape() throws(Unsupported) -> EscapeMeaning {
        guard let c = peek else { throw Unsupported() }
        i += 1
        switch c {
        case 0x64: return .family(.digit, false)   // d
        case 0x44: return .family(.digit, true)    // D
        case 0x77: return .family(.word, false)    // w
        case 0x57: return .family(.word, true)     // W
        case 0x73: return .family(.space, false)   // s
        case 0x53: return .family(.space, true)    // S
        case 0x74: return .scalar(0x09)            // t
        case 0x6E: return .scalar(0x0A)            // n
        case 0x72: return .scalar(0x0D)            // r
        case 0x66: return .scalar(0x0C)            // f
        case 0x61: return .scalar(0x07)            // a
        case 0x65: return .scalar(0x1B)            // e
        case 0x78:                                 // x
            if peek == 0x7B {
                i += 1
                let v = try hex(maxDigits: 6)
                guard peek == 0x7D else { throw Unsupported() }
                i += 1
                return .scalar(v)
            }
            return .scalar(try hex(exactly: 2))
        case 0x75: return .scalar(try hex(exactly: 4))  // u
        default:
            // Any other ASCII letter or digit means something else (or nothing) to ICU.
            if c < 0x80, Self.isLetter(c) || (c >= 0x30 && c <= 0x39) { throw Unsupported() }
            return .scalar(c)
        }
    }

    private mutating func hex(exactly count: Int) throws(Unsupported) -> UInt32 {
        let start = i
        let v = try hex(maxDigits: count)
        guard i - start == count else { throw Unsupported() }
        return v
    }

    private mutating func hex(maxDigits: Int) throws(Unsupported) -> UInt32 {
        var v: UInt32 = 0, digits = 0
        while digits < maxDigits, let d = peek, let h = Self.hexValue(d) {
            v = v * 16 + h
            digits += 1
            i += 1
        }
        guard digits > 0, Unicode.Scalar(v) != nil else { throw Unsupported() }
        return v
    }

    /// A bracket class after its `[`.
    private mutating func bracketClass(_ ci: Bool) throws(Unsupported) -> ScalarClass {
        var set = ScalarClass()
        set.caseInsensitive = ci
        if peek == 0x5E { set.negated = true; i += 1 }
        if peek == 0x5D { throw Unsupported() }  // []…] reads differently across engines
        var previous: UInt32?  // the last single scalar, which a `-` may extend into a range
        var members = 0
        while true {
            guard let c = peek else { throw Unsupported() }
            i += 1
            switch c {
            case 0x5D:  // ]
                guard members > 0 else { throw Unsupported() }
                set.seal()
                return set
            case 0x5B: throw Unsupported()  // nested class or [:name:]
            case 0x26 where peek == 0x26: throw Unsupported()  // && intersection
            case 0x2D where previous != nil && peek != 0x5D:  // a range
                guard let next = peek, next != 0x5B else { throw Unsupported() }
                i += 1
                var high = next
                if next == 0x5C {
                    guard case .scalar(let s) = try classEscape() else { throw Unsupported() }
                    high = s
                }
                guard let low = previous, low <= high else { throw Unsupported() }
                if ci, high >= 0x80 { throw Unsupported() }  // ranges beyond ASCII ignoring case stay with ICU
                set.add(low...high)
                previous = nil
            case 0x2D where members > 0 && peek != 0x5D: throw Unsupported()  // `-` after a family
            case 0x5C:
                switch try classEscape() {
                case .scalar(let s):
                    if ci, Self.foldsToSeveral(s) { throw Unsupported() }
                    set.add(s...s)
                    previous = s
                case .family(let f, let negated): set.add(f, negated: negated); previous = nil
                }
                members += 1
            default:
                if ci, Self.foldsToSeveral(c) { throw Unsupported() }
                set.add(c...c)
                previous = c
                members += 1
            }
        }
    }

    private static func isLetter(_ c: UInt32) -> Bool { (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A) }

    private static func hexValue(_ c: UInt32) -> UInt32? {
        switch c {
        case 0x30...0x39: c - 0x30
        case 0x41...0x46: c - 0x41 + 10
        case 0x61...0x66: c - 0x61 + 10
        default: nil
        }
    }
}

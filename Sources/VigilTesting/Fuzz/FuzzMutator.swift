/// Makes fuzz inputs that are mostly near-valid: a seed from a corpus of valid inputs, damaged by a few
/// mutations (bit flips, deleted, duplicated and spliced spans, inserted tokens, deep nesting, long runs,
/// huge numbers, invalid UTF-8); now and then a seed unchanged, a soup of tokens, or random bytes.
public struct FuzzMutator: Sendable {
    /// The valid inputs mutations start from.
    public var seeds: [[UInt8]]
    /// The target's own tokens (operators, keywords, field names), inserted beside ``FuzzTokens/special``.
    public var tokens: [[UInt8]]
    /// Opening and closing brackets of the target's nesting, for deep-nesting mutations.
    public var brackets: [(open: [UInt8], close: [UInt8])]
    /// The longest input made; longer results are cut.
    public var maximumLength: Int

    /// A mutator over text seeds and tokens.
    /// - Parameters:
    ///   - seeds: valid inputs (at least one).
    ///   - tokens: the target's tokens.
    ///   - brackets: the target's nesting, `[`/`]`, `{`/`}` and `(`/`)` by default.
    ///   - maximumLength: the longest input made.
    public init(seeds: [String], tokens: [String] = [],
                brackets: [(String, String)] = [("[", "]"), ("{", "}"), ("(", ")")], maximumLength: Int = 1 << 16) {
        self.init(seedBytes: seeds.map { Array($0.utf8) }, tokens: tokens.map { Array($0.utf8) },
                  brackets: brackets.map { (Array($0.0.utf8), Array($0.1.utf8)) }, maximumLength: maximumLength)
    }

    /// A mutator over byte seeds and tokens.
    public init(seedBytes: [[UInt8]], tokens: [[UInt8]] = [], brackets: [(open: [UInt8], close: [UInt8])],
                maximumLength: Int = 1 << 16) {
        self.seeds = seedBytes.isEmpty ? [[]] : seedBytes
        self.tokens = tokens
        self.brackets = brackets
        self.maximumLength = max(1, maximumLength)
    }

    /// One input: 90% a mutated seed, 4% a seed as is, 3% a soup of tokens and seed pieces, 3% random bytes.
    public func input(_ r: inout FuzzRandom) -> [UInt8] {
        let roll = r.below(100)
        if roll < 3 { return (0..<r.smallLength(upTo: 512)).map { _ in UInt8(truncatingIfNeeded: r.next()) } }
        if roll < 6 { return soup(&r) }
        let seed = seeds[r.below(seeds.count)]
        if roll < 10 { return seed }
        return mutate(seed, &r, steps: r.smallLength(upTo: 8))
    }

    /// The input after `steps` mutations.
    public func mutate(_ input: [UInt8], _ r: inout FuzzRandom, steps: Int) -> [UInt8] {
        var bytes = input
        for _ in 0..<max(1, steps) {
            mutateOnce(&bytes, &r)
            if bytes.count > maximumLength { bytes.removeSubrange(maximumLength...) }
        }
        return bytes
    }

    /// Tokens and pieces of seeds one after another, sometimes with spaces between.
    func soup(_ r: inout FuzzRandom) -> [UInt8] {
        var out: [UInt8] = []
        let spaced = r.chance(50)
        for _ in 0..<r.smallLength(upTo: 24) {
            if spaced, !out.isEmpty { out.append(0x20) }
            if r.chance(30) {
                out += span(of: seeds[r.below(seeds.count)], &r)
            } else {
                out += token(&r)
            }
        }
        return out
    }

    /// A target token (60%) or a special one.
    func token(_ r: inout FuzzRandom) -> [UInt8] {
        if !tokens.isEmpty, r.chance(60) { return tokens[r.below(tokens.count)] }
        return FuzzTokens.special[r.below(FuzzTokens.special.count)]
    }

    /// A random span of some bytes (mostly short).
    func span(of bytes: [UInt8], _ r: inout FuzzRandom) -> ArraySlice<UInt8> {
        guard !bytes.isEmpty else { return [] }
        let start = r.below(bytes.count)
        let length = r.smallLength(upTo: bytes.count - start)
        return bytes[start..<(start + length)]
    }

    /// A nesting depth: mostly shallow, often just around the parsers' limits (64, 100, 256), sometimes far
    /// beyond them (deep enough to overflow the stack of a recursive parser without a limit).
    func depth(_ r: inout FuzzRandom) -> Int {
        switch r.below(7) {
        case 0, 1: r.within(1...16)
        case 2: r.within(60...70)
        case 3: r.within(95...105)
        case 4: r.within(250...262)
        case 5: r.within(500...5_000)
        default: r.within(5_000...30_000)
        }
    }

    /// Applies one mutation.
    func mutateOnce(_ bytes: inout [UInt8], _ r: inout FuzzRandom) {
        let at = r.below(bytes.count + 1)
        switch r.below(14) {
        case 0:  // flip one bit
            if at < bytes.count { bytes[at] ^= 1 << UInt8(r.below(8)) }
        case 1:  // an interesting byte
            if at < bytes.count { bytes[at] = FuzzTokens.interestingBytes[r.below(FuzzTokens.interestingBytes.count)] }
        case 2:  // delete a span
            let length = min(bytes.count - at, r.smallLength(upTo: 64))
            bytes.removeSubrange(at..<(at + length))
        case 3:  // duplicate a span somewhere
            let piece = span(of: bytes, &r)
            bytes.insert(contentsOf: piece, at: r.below(bytes.count + 1))
        case 4:  // insert a token
            bytes.insert(contentsOf: token(&r), at: at)
        case 5:  // replace a span with a token
            let length = min(bytes.count - at, r.smallLength(upTo: 16))
            bytes.replaceSubrange(at..<(at + length), with: token(&r))
        case 6:  // splice: the head of this input and the tail of another seed
            let other = seeds[r.below(seeds.count)]
            bytes = Array(bytes[..<at]) + other[r.below(other.count + 1)...]
        case 7:  // deep nesting, closed later or not at all
            guard let bracket = r.element(of: brackets) else { return }
            let n = depth(&r)
            let opening = Array([[UInt8]](repeating: bracket.open, count: n).joined())
            if r.chance(50) {
                let end = at + r.below(bytes.count - at + 1)
                bytes.insert(contentsOf: Array([[UInt8]](repeating: bracket.close, count: n).joined()), at: end)
            }
            bytes.insert(contentsOf: opening, at: at)
        case 8:  // a long run of one byte or token
            let unit = r.chance(50) ? [bytes.isEmpty ? 0x41 : bytes[r.below(bytes.count)]] : token(&r)
            let count = r.chance(70) ? r.within(100...2_000) : r.within(10_000...40_000) / max(1, unit.count)
            bytes.insert(contentsOf: Array([[UInt8]](repeating: unit, count: count).joined()), at: at)
        case 9:  // a huge or odd number, replacing a run of digits when there is one
            let number = FuzzTokens.numbers[r.below(FuzzTokens.numbers.count)]
            var end = at
            while end < bytes.count, (0x30...0x39).contains(bytes[end]) { end += 1 }
            bytes.replaceSubrange(at..<end, with: number)
        case 10:  // invalid UTF-8
            bytes.insert(contentsOf: FuzzTokens.invalidUTF8[r.below(FuzzTokens.invalidUTF8.count)], at: at)
        case 11:  // truncate
            bytes.removeSubrange(at...)
        case 12:  // a piece of another seed
            bytes.insert(contentsOf: span(of: seeds[r.below(seeds.count)], &r), at: at)
        default:  // a random byte
            bytes.insert(UInt8(truncatingIfNeeded: r.next()), at: at)
        }
    }
}

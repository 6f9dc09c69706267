/// A class of Unicode scalars as ICU understands it in a regular expression: ranges, the `\d \w \s` families
/// and `.`, possibly negated, possibly ignoring case. Membership of ASCII scalars is read from a bitmap built
/// once; other scalars are tested against the ranges and Unicode properties.
struct ScalarClass: Equatable {
    /// A family of scalars named by an escape or by `.`.
    enum Family: UInt8, Equatable {
        /// `\d`: Unicode decimal digits (`\p{Nd}`).
        case digit
        /// `\w`: letters, marks, decimal digits, connector punctuation, ZWJ and ZWNJ.
        case word
        /// `\s`: Unicode white space.
        case space
        /// `.` without dot-all: anything but a line terminator.
        case notLineTerminator
        /// `.` with dot-all: anything.
        case any
    }

    private(set) var ranges: [ClosedRange<UInt32>] = []
    /// Families included, each possibly negated (`\D`, `\W`, `\S`).
    private(set) var families: [(Family, Bool)] = []
    /// Whether the class is negated (`[^...]`).
    var negated = false
    /// Whether letters match in either case.
    var caseInsensitive = false
    /// Membership of ASCII scalars 0–63 and 64–127, one bit each.
    private(set) var low: UInt64 = 0
    private(set) var high: UInt64 = 0

    static func == (lhs: ScalarClass, rhs: ScalarClass) -> Bool {
        lhs.ranges == rhs.ranges && lhs.negated == rhs.negated && lhs.caseInsensitive == rhs.caseInsensitive
            && lhs.families.map(\.0) == rhs.families.map(\.0) && lhs.families.map(\.1) == rhs.families.map(\.1)
    }

    /// A class of one scalar.
    init(scalar: UInt32, caseInsensitive: Bool) {
        ranges = [scalar...scalar]
        self.caseInsensitive = caseInsensitive
        seal()
    }

    /// A class of one family (an escape outside brackets, or `.`).
    init(family: Family, negated: Bool = false) {
        families = [(family, negated)]
        seal()
    }

    /// An empty class, filled by `add` and finished by `seal`.
    init() {}

    mutating func add(_ range: ClosedRange<UInt32>) { ranges.append(range) }
    mutating func add(_ family: Family, negated: Bool) { families.append((family, negated)) }

    /// Builds the ASCII bitmap; call once all members are added.
    mutating func seal() {
        low = 0
        high = 0
        for c in UInt32(0)..<128 where slowContains(c) {
            if c < 64 { low |= 1 << UInt64(c) } else { high |= 1 << UInt64(c - 64) }
        }
    }

    /// Whether the scalar (its value) belongs to the class.
    @inline(__always)
    func contains(_ c: UInt32) -> Bool {
        if c < 64 { return low & (1 << UInt64(c)) != 0 }
        if c < 128 { return high & (1 << UInt64(c - 64)) != 0 }
        return slowContains(c)
    }

    private func slowContains(_ c: UInt32) -> Bool {
        var inside = rawContains(c)
        if !inside, caseInsensitive {
            inside = Self.caseVariants(c).contains { rawContains($0) }
        }
        return inside != negated
    }

    private func rawContains(_ c: UInt32) -> Bool {
        for r in ranges where r.contains(c) { return true }
        for (family, negated) in families where Self.family(family, contains: c) != negated { return true }
        return false
    }

    /// The scalars ICU treats as the same letter when case is ignored (simple case folding), besides `c`:
    /// everything reached from `c` by single-scalar lower-, upper- and titlecase mappings, plus the signs
    /// that fold to ASCII letters. Dotless ı and dotted İ are left alone, as ICU's default folding does.
    static func caseVariants(_ c: UInt32) -> [UInt32] {
        var found: [UInt32] = [c]
        var k = 0
        while k < found.count, found.count < 8 {
            let x = found[k]
            k += 1
            guard x != 0x131, x != 0x130, let s = Unicode.Scalar(x) else { continue }
            let p = s.properties
            for mapped in [p.lowercaseMapping, p.uppercaseMapping, p.titlecaseMapping] {
                let scalars = mapped.unicodeScalars
                if scalars.count == 1, let m = scalars.first?.value, m != 0x131, m != 0x130, !found.contains(m) {
                    found.append(m)
                }
            }
            let signs: [UInt32] = switch x {
            case 0x6B: [0x212A]  // KELVIN SIGN folds to k
            case 0x73: [0x17F]   // LONG S folds to s
            case 0xE5: [0x212B]  // ANGSTROM SIGN folds to å
            default: []
            }
            for sign in signs where !found.contains(sign) { found.append(sign) }
        }
        return Array(found.dropFirst())
    }

    /// Membership in a family, by Unicode properties.
    static func family(_ family: Family, contains c: UInt32) -> Bool {
        switch family {
        case .any: return true
        case .notLineTerminator:
            return !(c >= 0x0A && c <= 0x0D) && c != 0x85 && c != 0x2028 && c != 0x2029
        case .digit:
            if c < 128 { return c >= 0x30 && c <= 0x39 }
            return Unicode.Scalar(c)?.properties.generalCategory == .decimalNumber
        case .space:
            if c < 128 { return c == 0x20 || (c >= 0x09 && c <= 0x0D) }
            return Unicode.Scalar(c)?.properties.isWhitespace ?? false
        case .word:
            if c < 128 {
                return (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A) || c == 0x5F
            }
            if c == 0x200C || c == 0x200D { return true }
            guard let p = Unicode.Scalar(c)?.properties else { return false }
            if p.isAlphabetic { return true }
            switch p.generalCategory {
            case .nonspacingMark, .spacingMark, .enclosingMark, .decimalNumber, .connectorPunctuation: return true
            default: return false
            }
        }
    }
}

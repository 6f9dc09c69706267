/// A small deterministic generator (SplitMix64), so generated tests are the same on every run.
struct SplitMix {
    private var state: UInt64
    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    mutating func pick<T>(_ items: [T]) -> T { items[Int(next() % UInt64(items.count))] }
}

/// Random regular expressions within the linear matcher's subset, for differential tests against ICU.
enum RegexGenerator {
    static let atoms = ["a", "b", "A", "k", "s", "1", "-", "\\+", "\\.", ".", "\\d", "\\D", "\\w", "\\W", "\\s", "\\S",
                        "[ab]", "[^ab]", "[a-c]", "[A-Z]", "[^\\s]", "[\\w-]", "[\\d_]", "é", "ß", "\\x41", "\\u00e9",
                        "^", "$", "\\b", "\\B", "(?i)a", "(?i:ab)", "[K]", "[^k]", "\\n"]
    static let quantifiers = ["", "", "", "*", "+", "?", "*?", "+?", "{2}", "{1,3}", "{0,2}", "{2,}"]

    /// A pattern of up to `depth` levels of groups and alternation.
    static func pattern(_ random: inout SplitMix, depth: Int) -> String {
        var out = ""
        let parts = 1 + Int(random.next() % 4)
        for _ in 0..<parts {
            var atom: String
            if depth > 0, random.next() % 4 == 0 {
                let open = random.pick(["(", "(?:"])
                atom = open + pattern(&random, depth: depth - 1)
                if random.next() % 2 == 0 { atom += "|" + pattern(&random, depth: depth - 1) }
                atom += ")"
            } else {
                atom = random.pick(atoms)
            }
            let anchorLike = ["^", "$", "\\b", "\\B", "(?i)a"].contains(atom)
            out += atom + (anchorLike ? "" : random.pick(quantifiers))
        }
        return out
    }
}

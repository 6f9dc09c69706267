/// Text that every value matching a pattern must contain, for the needle index to rule out regular
/// expressions and wildcard patterns before they run.
///
/// Conservative: when in doubt (alternation, extended mode, anything not understood) there is none.
enum SigmaRequiredText {
    /// Shortest required text worth indexing.
    static let minimumLength = 3

    /// The longest literal run of a regular expression outside groups, classes and optional items,
    /// lowercased (a case-sensitive match contains it lowercased too). An alternation outside groups
    /// means there is none.
    static func of(regex pattern: String) -> [UInt8]? {
        let chars = Array(pattern.unicodeScalars)
        guard !pattern.contains("(?x") else { return nil }
        var runs: [[Unicode.Scalar]] = []
        var run: [Unicode.Scalar] = []
        func breakRun() {
            if !run.isEmpty { runs.append(run) }
            run = []
        }
        var i = 0
        while i < chars.count {
            let c = chars[i]
            switch c {
            case "\\":
                guard i + 1 < chars.count else { breakRun(); i += 1; continue }
                let e = chars[i + 1]
                if e.properties.isAlphabetic || e.properties.numericType != nil {
                    breakRun()  // \d \w \s \b \x41 \1 \Q …: not a literal
                } else {
                    run.append(e)
                }
                i += 2
                continue
            case "[":
                breakRun()
                i += 1
                if i < chars.count, chars[i] == "]" { i += 1 }
                while i < chars.count, chars[i] != "]" { i += chars[i] == "\\" ? 2 : 1 }
                i += 1
                continue
            case "(":
                breakRun()
                var depth = 0
                while i < chars.count {
                    if chars[i] == "\\" { i += 2; continue }
                    if chars[i] == "(" { depth += 1 }
                    if chars[i] == ")" { depth -= 1; if depth == 0 { break } }
                    i += 1
                }
                i += 1
                continue
            case "*", "?", "{":
                // The item before is optional or repeated a variable number of times.
                if !run.isEmpty { run.removeLast() }
                breakRun()
                if c == "{" { while i < chars.count, chars[i] != "}" { i += 1 } }
                i += 1
                continue
            case "|":
                return nil
            case "+", ".", "^", "$", ")":
                breakRun()
                i += 1
                continue
            default:
                run.append(c)
                i += 1
            }
        }
        breakRun()
        guard let longest = runs.max(by: { $0.count < $1.count }), longest.count >= minimumLength else { return nil }
        var text = ""
        text.unicodeScalars.append(contentsOf: longest)
        return CaseFolding.lowercase(Array(text.utf8))
    }

    /// The longest literal part of a wildcard pattern (already lowercased unless cased; lowercased here).
    static func of(wildcard parts: [SigmaPattern.Part]) -> [UInt8]? {
        var longest: [UInt8] = []
        for part in parts {
            if case .bytes(let b) = part, b.count > longest.count { longest = b }
        }
        guard longest.count >= minimumLength else { return nil }
        return CaseFolding.lowercase(longest)
    }
}

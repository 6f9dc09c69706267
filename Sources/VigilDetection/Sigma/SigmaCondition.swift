/// The parsed `condition` of a Sigma rule.
///
/// Precedence, loosest first: `or`, `and`, `not`; parentheses group. `1 of sel*` is true when at least
/// one search whose name matches `sel*` is; `all of sel*` when every one is; `them` stands for every
/// search whose name does not start with `_`.
public indirect enum SigmaCondition: Sendable, Equatable, CustomStringConvertible {
    /// A search identifier.
    case search(String)
    case not(SigmaCondition)
    case and([SigmaCondition])
    case or([SigmaCondition])
    /// `N of pattern` / `all of pattern`, where the pattern is a name with `*` wildcards or `them`.
    case of(Quantifier, String)

    /// How many of the searches a quantified condition needs.
    public enum Quantifier: Sendable, Equatable {
        /// At least this many.
        case atLeast(Int)
        /// Every one.
        case all
    }

    public var description: String {
        switch self {
        case .search(let name): name
        case .not(let c): "not \(c.parenthesized)"
        case .and(let cs): cs.map(\.parenthesized).joined(separator: " and ")
        case .or(let cs): cs.map(\.parenthesized).joined(separator: " or ")
        case .of(.all, let p): "all of \(p)"
        case .of(.atLeast(let n), let p): "\(n) of \(p)"
        }
    }

    private var parenthesized: String {
        switch self {
        case .and, .or: "(\(description))"
        default: description
        }
    }

    /// The names of `names` a pattern selects: `them` selects all but `_`-prefixed names; `*` matches any
    /// run of characters.
    public static func select(_ pattern: String, from names: [String]) -> [String] {
        if pattern == "them" { return names.filter { !$0.hasPrefix("_") } }
        return names.filter { matches(Array($0.utf8)[...], Array(pattern.utf8)[...]) }
    }

    private static func matches(_ name: ArraySlice<UInt8>, _ pattern: ArraySlice<UInt8>) -> Bool {
        guard let first = pattern.first else { return name.isEmpty }
        if first == UInt8(ascii: "*") {
            let rest = pattern.dropFirst()
            var start = name.startIndex
            while true {
                if matches(name[start...], rest) { return true }
                if start == name.endIndex { return false }
                start += 1
            }
        }
        guard let head = name.first, head == first else { return false }
        return matches(name.dropFirst(), pattern.dropFirst())
    }
}

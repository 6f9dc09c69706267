/// A value modifier of a Sigma field condition (`Image|endswith`, `CommandLine|base64offset|contains`).
///
/// Modifiers apply in the order written: value transformations (`windash`, `wide`, `base64`, …) change the
/// value, placement modifiers (`contains`, `startswith`, `endswith`) add wildcards, and the rest choose how
/// the value is compared (`re`, `cidr`, `gt`, `exists`, `fieldref`, `cased`) or how a list combines (`all`).
public enum SigmaModifier: String, Sendable, Hashable, CaseIterable {
    case contains, startswith, endswith
    case all
    case re
    /// `re` sub-modifiers: case-insensitive, multi-line (`^`/`$` at line ends), dot matches newlines.
    case i, m, s
    case cidr
    case base64, base64offset
    case wide, utf16le, utf16be, utf16
    case windash
    case exists
    case gt, gte, lt, lte
    case fieldref
    case cased
    /// Placeholder expansion: needs values from the deployment; never compiled.
    case expand

    /// Other spellings of the same modifiers.
    static let aliases: [String: SigmaModifier] = [
        "ignorecase": .i, "multiline": .m, "dotall": .s,
    ]

    /// Splits a detection key into its field and modifiers: `Image|endswith` → (`Image`, [.endswith]).
    /// An empty field (`|all`) is a keyword search.
    /// - Throws: `SigmaRuleError` naming a modifier that does not exist, or `expand` (placeholders).
    static func parse(key: String) throws(SigmaRuleError) -> (field: String?, modifiers: [SigmaModifier]) {
        let parts = key.split(separator: "|", omittingEmptySubsequences: false)
        let field = parts[0].isEmpty ? nil : String(parts[0])
        var modifiers: [SigmaModifier] = []
        for part in parts.dropFirst() {
            let name = part.lowercased()
            guard let modifier = SigmaModifier(rawValue: name) ?? aliases[name] else {
                throw SigmaRuleError(.unsupportedModifier, "unknown modifier '\(part)' in '\(key)'")
            }
            if modifier == .expand {
                throw SigmaRuleError(.placeholder, "'\(key)' uses placeholders (|expand), which need values from the deployment")
            }
            modifiers.append(modifier)
        }
        return (field, modifiers)
    }

    /// Whether the modifier changes the value's text.
    var isTransformation: Bool {
        switch self {
        case .windash, .base64, .base64offset, .wide, .utf16le, .utf16be, .utf16: true
        default: false
        }
    }

    /// Whether the modifier places the value in the field (adds wildcards).
    var isPlacement: Bool {
        self == .contains || self == .startswith || self == .endswith
    }
}

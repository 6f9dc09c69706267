/// A Sigma detection rule as written: metadata, log source and detection (searches and condition).
public struct SigmaRule: Sendable, Equatable {
    public var id: String
    public var title: String
    public var description: String?
    public var level: SigmaLevel?
    /// `stable`, `test`, `experimental`, `deprecated`, `unsupported`.
    public var status: String?
    public var tags: [String]
    public var falsePositives: [String]
    public var logSource: SigmaLogSource
    public var references: [String]
    public var author: String?
    public var date: String?
    public var modified: String?
    /// The named searches of `detection`, in the order written.
    public var searches: [(name: String, search: SigmaSearch)]
    /// The condition (several conditions in a list are alternatives).
    public var condition: SigmaCondition

    public static func == (lhs: SigmaRule, rhs: SigmaRule) -> Bool {
        lhs.id == rhs.id && lhs.title == rhs.title && lhs.description == rhs.description && lhs.level == rhs.level
            && lhs.status == rhs.status && lhs.tags == rhs.tags && lhs.falsePositives == rhs.falsePositives
            && lhs.logSource == rhs.logSource && lhs.references == rhs.references && lhs.author == rhs.author
            && lhs.date == rhs.date && lhs.modified == rhs.modified && lhs.condition == rhs.condition
            && lhs.searches.map(\.name) == rhs.searches.map(\.name) && lhs.searches.map(\.search) == rhs.searches.map(\.search)
    }

    /// MITRE ATT&CK technique ids from the tags: `attack.t1059.001` → `T1059.001`.
    public var attackTechniques: [String] {
        tags.compactMap { tag in
            let lower = tag.lowercased()
            guard lower.hasPrefix("attack.t"), lower.count > 9,
                  lower.dropFirst(8).allSatisfy({ $0.isNumber || $0 == "." }) else { return nil }
            return "T" + lower.dropFirst(8)
        }
    }

    /// MITRE ATT&CK tactics from the tags: `attack.defense-evasion` → `defense-evasion` (technique, group,
    /// software and campaign tags are left out).
    public var attackTactics: [String] {
        tags.compactMap { tag in
            let lower = tag.lowercased()
            guard lower.hasPrefix("attack.") else { return nil }
            let name = lower.dropFirst(7)
            guard let first = name.first, first.isLetter, !(name.dropFirst().first?.isNumber ?? false) else { return nil }
            return String(name)
        }
    }
}

/// A rule's `level`.
public enum SigmaLevel: String, Sendable, Hashable, CaseIterable, Comparable {
    case informational, low, medium, high, critical

    /// Levels order from informational to critical.
    public static func < (lhs: SigmaLevel, rhs: SigmaLevel) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}

/// A rule's `logsource`: which events it applies to. Names are compared lowercased.
public struct SigmaLogSource: Sendable, Hashable, CustomStringConvertible {
    public var product: String?
    public var category: String?
    public var service: String?

    public init(product: String? = nil, category: String? = nil, service: String? = nil) {
        self.product = product?.lowercased()
        self.category = category?.lowercased()
        self.service = service?.lowercased()
    }

    public var description: String {
        [product.map { "product \($0)" }, category.map { "category \($0)" }, service.map { "service \($0)" }]
            .compactMap { $0 }.joined(separator: ", ")
    }
}

/// One named search of a rule's `detection`.
public indirect enum SigmaSearch: Sendable, Equatable {
    /// A map: every field condition must hold.
    case allOf([SigmaFieldMatch])
    /// A list of maps (or of keyword lists): one must hold.
    case anyOf([SigmaSearch])
    /// A list of plain values (or a keyword key such as `'|all'`): searched in every field of the event.
    case keywords(SigmaFieldMatch)
}

/// One field condition (`CommandLine|contains|all: [a, b]`), or a keyword search when `field` is nil.
public struct SigmaFieldMatch: Sendable, Equatable {
    public var field: String?
    public var modifiers: [SigmaModifier]
    /// The values as written: scalars, booleans or null.
    public var values: [SigmaNode]

    public init(field: String?, modifiers: [SigmaModifier], values: [SigmaNode]) {
        self.field = field
        self.modifiers = modifiers
        self.values = values
    }
}

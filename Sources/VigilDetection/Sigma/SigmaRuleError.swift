/// Why a Sigma rule cannot be used: every rule that is not compiled carries one, so nothing is dropped
/// without saying why.
public struct SigmaRuleError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The kind of problem, for totals (`vigil sigma check`) and tests.
    public struct Kind: Hashable, Sendable, CustomStringConvertible {
        public let name: String
        private init(_ name: String) { self.name = name }

        /// The text is not YAML.
        public static let invalidYAML = Kind("invalid YAML")
        /// The YAML is not a Sigma rule (missing or ill-typed `title`, `logsource`, `detection`, …).
        public static let invalidRule = Kind("invalid rule")
        /// A correlation rule (`correlation:`): not evaluated on single events.
        public static let correlation = Kind("correlation rule")
        /// A Sigma filter (`filter:`) or a multi-document rule collection.
        public static let unsupportedDocument = Kind("unsupported document type")
        /// A value modifier Vigil does not know, or one of an unsupported kind (`expand`).
        public static let unsupportedModifier = Kind("unsupported modifier")
        /// A placeholder (`|expand`) that needs values from the deployment.
        public static let placeholder = Kind("placeholder")
        /// Modifiers that cannot be combined, or a value that does not suit its modifier.
        public static let invalidValue = Kind("invalid value")
        /// The condition does not parse or names an undefined search.
        public static let invalidCondition = Kind("invalid condition")
        /// A condition feature that is not evaluated on single events (aggregations `| count() …`, `near`).
        public static let unsupportedCondition = Kind("unsupported condition")
        /// A regular expression that does not compile.
        public static let invalidRegex = Kind("invalid regular expression")
        /// The rule file could not be read.
        public static let unreadable = Kind("unreadable file")
        /// Another rule of the set has the same id.
        public static let duplicateID = Kind("duplicate rule id")

        public var description: String { name }
    }

    public var kind: Kind
    /// What is wrong, naming the search, field or modifier.
    public var message: String

    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    public var description: String { "\(kind): \(message)" }
}

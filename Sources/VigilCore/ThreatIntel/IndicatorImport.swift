/// What an import produced: indicators ready to submit, and what could not be imported with the reason.
///
/// Every indicator in ``indicators`` passes `TiIndicator.submissionProblem`; everything in the file that
/// could have been an indicator but is not one is in ``skipped`` (nothing is dropped silently). Context
/// objects (a STIX `malware` or `relationship`, a MISP galaxy) are neither.
public struct IndicatorImport: Sendable {
    /// The indicators, in file order.
    public var indicators: [TiIndicator]
    /// What could not be imported, in file order.
    public var skipped: [IndicatorImport.Skipped]

    /// One item of the file that was not imported.
    public struct Skipped: Sendable, Equatable, CustomStringConvertible {
        /// Which item: a STIX id (with `#n` for one comparison of a pattern), a MISP attribute `uuid`, or
        /// the attribute's type and value when it has no `uuid`.
        public var reference: String
        /// Why it was not imported, written for the person who supplied the file.
        public var reason: String

        /// Creates a skipped entry.
        ///
        /// - Parameters:
        ///   - reference: which item of the file.
        ///   - reason: why it was not imported.
        public init(reference: String, reason: String) {
            self.reference = reference
            self.reason = reason
        }

        public var description: String { "\(reference): \(reason)" }
    }

    /// Creates an import result.
    ///
    /// - Parameters:
    ///   - indicators: the indicators ready to submit.
    ///   - skipped: what was not imported, with reasons.
    public init(indicators: [TiIndicator] = [], skipped: [IndicatorImport.Skipped] = []) {
        self.indicators = indicators
        self.skipped = skipped
    }

    mutating func skip(_ reference: String, _ reason: String) {
        skipped.append(Skipped(reference: reference, reason: reason))
    }
}

/// What an import uses where the file does not say: the product the indicators are for, their action,
/// TLP, threat type and how long they stay valid.
public struct IndicatorImportDefaults: Sendable {
    /// `targetProduct` of every indicator.
    public var targetProduct = "Azure Sentinel"
    /// `action` of every indicator (a `tiAction` member).
    public var action = "alert"
    /// `tlpLevel` when the file marks none (a `tlpLevel` member).
    public var tlpLevel = "amber"
    /// `threatType` when the file gives nothing that maps onto Graph's threat types.
    public var threatType = "WatchList"
    /// Days an indicator stays valid when the file gives no end: `expirationDateTime` = `now` + this.
    public var validityDays = 90
    /// The instant of the import: the base of default expirations, and the test for expired ones.
    public var now: DateTimeOffset

    /// Creates defaults; every parameter but `now` has the documented default.
    ///
    /// - Parameters:
    ///   - now: the instant of the import.
    ///   - targetProduct: `targetProduct` of every indicator.
    ///   - action: `action` of every indicator.
    ///   - tlpLevel: `tlpLevel` when the file marks none.
    ///   - threatType: `threatType` when the file says nothing usable.
    ///   - validityDays: days of validity when the file gives no end.
    public init(now: DateTimeOffset, targetProduct: String = "Azure Sentinel", action: String = "alert",
                tlpLevel: String = "amber", threatType: String = "WatchList", validityDays: Int = 90) {
        self.now = now
        self.targetProduct = targetProduct
        self.action = action
        self.tlpLevel = tlpLevel
        self.threatType = threatType
        self.validityDays = validityDays
    }

    /// `now` + `validityDays`.
    var defaultExpiration: DateTimeOffset { expiration(after: now) }

    /// An instant + `validityDays`.
    func expiration(after instant: DateTimeOffset) -> DateTimeOffset {
        instant.adding(seconds: Int64(validityDays) * 86_400)
    }

    /// An indicator with what every import sets: product, action, expiration, threat type, TLP and a
    /// description cut to Graph's 100 characters.
    func template(description: String) -> TiIndicator {
        var indicator = TiIndicator()
        indicator.targetProduct = targetProduct
        indicator.action = TiAction(rawValue: action)
        indicator.expirationDateTime = defaultExpiration
        indicator.threatType = threatType
        indicator.tlpLevel = TlpLevel(rawValue: tlpLevel)
        indicator.description = IndicatorText.description(description)
        return indicator
    }
}

/// Why one item of a file cannot be imported.
struct ImportProblem: Error, Equatable {
    var reason: String
    init(_ reason: String) { self.reason = reason }
}

/// One observable an import puts on a `tiIndicator`.
enum ImportedObservable: Equatable {
    case property(WritableKeyPath<TiIndicator, String?>, name: String, value: String)
    case hash(FileHashType, String)

    /// The `tiIndicator` property it fills, to find two values for one property.
    var propertyName: String {
        switch self {
        case .property(_, let name, _): name
        case .hash: "fileHashValue"
        }
    }

    func apply(to indicator: inout TiIndicator) {
        switch self {
        case .property(let keyPath, _, let value): indicator[keyPath: keyPath] = value
        case .hash(let type, let value):
            indicator.fileHashType = type
            indicator.fileHashValue = value
        }
    }
}

/// Text checks and conversions the importers share.
enum IndicatorText {
    /// Graph's limit on `description`.
    static let descriptionLimit = 100

    /// The text cut to 100 characters (the last one an ellipsis when cut), without surrounding space.
    static func description(_ text: String) -> String {
        let trimmed = text.trimmingSpace
        guard trimmed.count > descriptionLimit else { return trimmed }
        return String(trimmed.prefix(descriptionLimit - 1)) + "…"
    }

    /// An address or CIDR block: what it is, or `nil` when it is neither.
    enum AddressForm: Equatable { case ipv4, ipv6, cidr4, cidr6 }

    /// Classifies `a.b.c.d`, an IPv6 address, or either with a `/prefix` of a valid length.
    static func addressForm(_ text: String) -> AddressForm? {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count <= 2, let address = parts.first, let parsed = IPAddressText(address) else { return nil }
        let isV4: Bool
        if case .v4 = parsed.family { isV4 = true } else { isV4 = false }
        guard parts.count == 2 else { return isV4 ? .ipv4 : .ipv6 }
        let prefix = parts[1]
        guard !prefix.isEmpty, prefix.count <= 3, prefix.allSatisfy(\.isASCIIDigit), let length = Int(prefix),
              length <= (isV4 ? 32 : 128) else { return nil }
        return isV4 ? .cidr4 : .cidr6
    }

    /// A host name: no space, slash or `@`, at most 253 characters, no empty label.
    static func isDomainName(_ text: String) -> Bool {
        guard !text.isEmpty, text.utf8.count <= 253 else { return false }
        if text.contains(where: { $0.isWhitespace || $0 == "/" || $0 == "@" || $0 == ":" }) { return false }
        let labels = text.split(separator: ".", omittingEmptySubsequences: false)
        // A trailing dot (fully qualified form) leaves one empty label at the end.
        let body = labels.last == "" ? labels.dropLast() : labels[...]
        return !body.isEmpty && body.allSatisfy { !$0.isEmpty && $0.utf8.count <= 63 }
    }

    /// `local@domain` with nothing else.
    static func isEmailAddress(_ text: String) -> Bool {
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, !text.contains(where: \.isWhitespace) else { return false }
        return isDomainName(String(parts[1]))
    }

    /// The hash when the text is hex of the length of `type`, lowercased; otherwise `nil`.
    static func hash(_ text: String, _ type: FileHashType) -> String? {
        let length: Int
        switch type {
        case .md5: length = 32
        case .sha1: length = 40
        case .sha256: length = 64
        default: return nil
        }
        guard text.utf8.count == length, text.allSatisfy(\.isHexDigit) else { return nil }
        return text.lowercased()
    }

    /// A readable name of a hash type for reasons.
    static func hashName(_ type: FileHashType) -> String {
        switch type {
        case .md5: "MD5"
        case .sha1: "SHA-1"
        case .sha256: "SHA-256"
        default: type.rawValue
        }
    }

    /// The `tlpLevel` of a TLP name (`white`, `clear`, `green`, `amber`, `amber+strict`, `red`, any case,
    /// with or without a `tlp:` prefix); `amber+strict` maps to `red`, Graph's nearest level that still
    /// keeps it inside the organisation.
    static func tlp(_ name: String) -> TlpLevel? {
        var text = name.trimmingSpace.lowercased()
        if text.hasPrefix("tlp:") { text.removeFirst(4) }
        switch text {
        case "white", "clear": return .white
        case "green": return .green
        case "amber": return .amber
        case "amber+strict", "red": return .red
        default: return nil
        }
    }

    /// The more restrictive of two TLP levels.
    static func stricter(_ a: TlpLevel?, _ b: TlpLevel) -> TlpLevel {
        let order: [TlpLevel] = [.white, .green, .amber, .red]
        guard let a, let ia = order.firstIndex(of: a), let ib = order.firstIndex(of: b) else { return b }
        return ia >= ib ? a : b
    }
}

extension StringProtocol {
    var trimmingSpace: String {
        String(drop(while: \.isWhitespace).reversed().drop(while: \.isWhitespace).reversed())
    }
}

extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}

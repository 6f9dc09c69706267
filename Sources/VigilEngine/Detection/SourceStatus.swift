import VigilCore

/// Counters of one source of one tenant (`GET /ingest/status`, `vigil providers list`), kept across
/// restarts.
public struct SourceStatus: Sendable, Equatable {
    public var records = 0
    public var events = 0
    public var alerts = 0
    public var matches = 0
    public var sigmaAlerts = 0
    public var skipped = 0
    public var malformed = 0
    /// Messages a listener had to drop because its queue was full while the store refused batches.
    public var dropped = 0
    public var skippedTypes: [String: Int] = [:]
    public var lastError: String?
    public var lastErrorAt: DateTimeOffset?
    public var lastRecordAt: DateTimeOffset?
    /// Why the counters could not be saved, while that lasts.
    public var statusError: String?

    public init() {}

    static let counters: [(String, WritableKeyPath<SourceStatus, Int> & Sendable)] = [
        ("records", \.records), ("events", \.events), ("alerts", \.alerts), ("matches", \.matches),
        ("sigmaAlerts", \.sigmaAlerts), ("skipped", \.skipped), ("malformed", \.malformed), ("dropped", \.dropped),
    ]

    public var json: JSONValue {
        var o: [String: JSONValue] = ["skippedTypes": .object(skippedTypes.mapValues { .int(Int64($0)) })]
        for (name, path) in Self.counters { o[name] = .int(Int64(self[keyPath: path])) }
        o["lastError"] = lastError.map(JSONValue.string) ?? .null
        o["lastErrorAt"] = lastErrorAt.map { .string($0.iso8601) } ?? .null
        o["lastRecordAt"] = lastRecordAt.map { .string($0.iso8601) } ?? .null
        if let statusError { o["statusError"] = .string(statusError) }
        return .object(o)
    }

    /// The counters as `json` wrote them (unknown or missing values read as zero / none).
    public init(json: JSONValue) {
        for (name, path) in Self.counters {
            if case .int(let n)? = json[name] { self[keyPath: path] = Int(n) }
        }
        if case .object(let types)? = json["skippedTypes"] {
            for (type, value) in types { if case .int(let n) = value { skippedTypes[type] = Int(n) } }
        }
        lastError = json["lastError"]?.stringValue
        lastErrorAt = json["lastErrorAt"]?.stringValue.flatMap(DateTimeOffset.init)
        lastRecordAt = json["lastRecordAt"]?.stringValue.flatMap(DateTimeOffset.init)
    }
}

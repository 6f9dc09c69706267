import VigilCore

/// What Vigil remembers about a remote provider's calls (shown by `vigil providers list`).
public struct ProviderHealth: Sendable, Equatable {
    public var name: String
    public var lastSuccessAt: String?
    public var lastErrorAt: String?
    public var lastError: String?
    /// The HTTP status of the last call (504 for a timeout, 0 when no answer could be read).
    public var lastStatus: Int?
    public var lastLatencyMs: Int?
    public var consecutiveFailures: Int
    public var calls: Int
    public var failures: Int

    public init(name: String, lastSuccessAt: String? = nil, lastErrorAt: String? = nil, lastError: String? = nil,
                lastStatus: Int? = nil, lastLatencyMs: Int? = nil, consecutiveFailures: Int = 0, calls: Int = 0,
                failures: Int = 0)
    {
        self.name = name
        self.lastSuccessAt = lastSuccessAt
        self.lastErrorAt = lastErrorAt
        self.lastError = lastError
        self.lastStatus = lastStatus
        self.lastLatencyMs = lastLatencyMs
        self.consecutiveFailures = consecutiveFailures
        self.calls = calls
        self.failures = failures
    }

    /// The JSON form printed by the CLI.
    public var json: JSONValue {
        var o: [String: JSONValue] = ["name": .string(name), "consecutiveFailures": .int(Int64(consecutiveFailures)),
                                      "calls": .int(Int64(calls)), "failures": .int(Int64(failures))]
        o["lastSuccessAt"] = lastSuccessAt.map(JSONValue.string) ?? .null
        o["lastErrorAt"] = lastErrorAt.map(JSONValue.string) ?? .null
        o["lastError"] = lastError.map(JSONValue.string) ?? .null
        o["lastStatus"] = lastStatus.map { .int(Int64($0)) } ?? .null
        o["lastLatencyMs"] = lastLatencyMs.map { .int(Int64($0)) } ?? .null
        return .object(o)
    }
}

/// The outcome of one call to a provider, as recorded in its health.
public struct ProviderCallRecord: Sendable {
    public var name: String
    public var at: DateTimeOffset
    public var status: Int
    public var latencyMs: Int
    /// `nil` on success.
    public var error: String?

    public init(name: String, at: DateTimeOffset, status: Int, latencyMs: Int, error: String?) {
        self.name = name
        self.at = at
        self.status = status
        self.latencyMs = latencyMs
        self.error = error
    }
}

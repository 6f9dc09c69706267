import VigilCore

/// Where an exporter is in the change feed and how it fares (shown by `vigil exporters list` and
/// `GET /exporters`).
public struct ExporterState: Sendable, Equatable {
    /// The last change sequence number delivered; the exporter resumes after it.
    public var cursor: Int64
    /// Alerts delivered since the state was created.
    public var exported: Int64
    public var lastSuccessAt: DateTimeOffset?
    public var lastError: String?
    public var lastErrorAt: DateTimeOffset?

    public init(cursor: Int64 = 0, exported: Int64 = 0, lastSuccessAt: DateTimeOffset? = nil, lastError: String? = nil,
                lastErrorAt: DateTimeOffset? = nil)
    {
        self.cursor = cursor
        self.exported = exported
        self.lastSuccessAt = lastSuccessAt
        self.lastError = lastError
        self.lastErrorAt = lastErrorAt
    }
}

/// Persisted exporter cursors and health, keyed by exporter name.
public protocol ExporterStateRepository: Sendable {
    /// The saved state of one exporter, or `nil` before its first save.
    func state(name: String) async throws -> ExporterState?
    /// Saves the state of one exporter (replacing what was saved).
    func save(name: String, _ state: ExporterState) async throws
    /// Every saved state by exporter name.
    func all() async throws -> [String: ExporterState]
}

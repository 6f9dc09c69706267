import VigilCore
import VigilStorage

/// How one exporter fares, as `GET /exporters` and `vigil exporters list` show it (no secrets).
public struct ExporterStatus: Sendable, Equatable {
    /// The exporter's name.
    public var name: String
    /// `syslog`, `splunk` or `file`.
    public var kind: String
    /// The tenant it follows, `nil` for every tenant.
    public var tenant: String?
    /// Where it sends (URL, host and port, or path; never a token).
    public var destination: String
    /// Its `$filter`, if any.
    public var filter: String?
    /// The saved state (a fresh one before its first save).
    public var state: ExporterState
    /// The feed's last sequence number minus the cursor (0 when caught up).
    public var lag: Int64

    public init(configuration: ExporterConfiguration, state: ExporterState?, lastSequence: Int64) {
        name = configuration.name
        kind = configuration.kind
        tenant = configuration.tenant
        destination = configuration.destination
        filter = configuration.filter
        self.state = state ?? ExporterState()
        lag = max(0, lastSequence - self.state.cursor)
    }

    /// The JSON object: name, type, tenant, destination, filter, cursor, lag, exported, lastSuccessAt,
    /// lastError, lastErrorAt (`null` when absent).
    public var json: JSONValue {
        func text(_ value: String?) -> JSONValue { value.map(JSONValue.string) ?? .null }
        return .object([
            "name": .string(name), "type": .string(kind), "tenant": text(tenant), "destination": .string(destination),
            "filter": text(filter), "cursor": .int(state.cursor), "lag": .int(lag), "exported": .int(state.exported),
            "lastSuccessAt": text(state.lastSuccessAt?.iso8601), "lastError": text(state.lastError),
            "lastErrorAt": text(state.lastErrorAt?.iso8601),
        ])
    }

    /// The status of each configured exporter, in configuration order.
    public static func load(_ configurations: [ExporterConfiguration], feed: any AlertChangeFeed,
                            states: any ExporterStateRepository) async throws -> [ExporterStatus]
    {
        let saved = try await states.all()
        var lastSequence: [String?: Int64] = [:]
        var statuses: [ExporterStatus] = []
        for configuration in configurations {
            let last: Int64
            if let known = lastSequence[configuration.tenant] {
                last = known
            } else {
                last = try await feed.lastSequence(tenantId: configuration.tenant)
                lastSequence[configuration.tenant] = last
            }
            statuses.append(ExporterStatus(configuration: configuration, state: saved[configuration.name], lastSequence: last))
        }
        return statuses
    }
}

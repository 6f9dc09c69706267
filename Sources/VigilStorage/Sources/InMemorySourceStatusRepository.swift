import VigilCore

/// Source counters in memory, for tests: the same contract as the SQL stores.
public actor InMemorySourceStatusRepository: SourceStatusRepository {
    private struct Key: Hashable, Comparable {
        var tenantId: String
        var source: String

        static func < (a: Key, b: Key) -> Bool { (a.tenantId, a.source) < (b.tenantId, b.source) }
    }

    private var statuses: [Key: JSONValue] = [:]

    public init() {}

    public func save(tenantId: String, source: String, status: JSONValue, at now: DateTimeOffset) async throws {
        statuses[Key(tenantId: tenantId, source: source)] = status
    }

    public func all() async throws -> [(tenantId: String, source: String, status: JSONValue)] {
        statuses.keys.sorted().map { ($0.tenantId, $0.source, statuses[$0]!) }
    }
}

import VigilCore

/// Secure score snapshots and control state updates in memory, for tests: the same contract as the SQLite
/// store.
public actor InMemorySecureScoreRepository: SecureScoreRepository {
    private struct Key: Hashable {
        var tenantId: String
        var day: String
    }

    private var snapshots: [Key: SecureScoreRecord] = [:]
    private var updates: [ControlStateRecord] = []

    public init() {}

    public func save(_ record: SecureScoreRecord) async throws {
        snapshots[Key(tenantId: record.tenantId, day: record.day)] = record
    }

    public func snapshots(tenantId: String, limit: Int?) async throws -> [SecureScoreRecord] {
        let all = snapshots.values.filter { $0.tenantId == tenantId }.sorted { $0.day > $1.day }
        return limit.map { Array(all.prefix($0)) } ?? all
    }

    public func snapshot(tenantId: String, day: String) async throws -> SecureScoreRecord? {
        snapshots[Key(tenantId: tenantId, day: day)]
    }

    public func latestScores() async throws -> [String: Double] {
        var latest: [String: SecureScoreRecord] = [:]
        for record in snapshots.values where latest[record.tenantId].map({ record.day > $0.day }) ?? true {
            latest[record.tenantId] = record
        }
        return latest.mapValues(\.currentScore)
    }

    public func appendState(_ record: ControlStateRecord) async throws {
        updates.append(record)
    }

    public func states(tenantId: String) async throws -> [String: [SecureScoreControlStateUpdate]] {
        var out: [String: [SecureScoreControlStateUpdate]] = [:]
        for record in updates where record.tenantId == tenantId { out[record.controlId, default: []].append(record.update) }
        return out
    }
}

import VigilCore

/// Threat indicators in memory, for tests: the same contract as the SQLite and PostgreSQL stores.
public actor InMemoryIndicatorRepository: IndicatorRepository {
    private struct Entry {
        var tenantId: String
        var appId: String
        var ingestedAt: String
        var indicator: TiIndicator
        var id: String { indicator.id ?? "" }
        var expiresAt: String? { indicator.expirationDateTime.map(AlertRecord.sortableDate) }
    }

    private var entries: [Entry] = []
    private var generations: [String: Int] = [:]

    public init() {}

    private func bump(_ tenantId: String) {
        generations[tenantId, default: 0] += 1
    }

    public func create(tenantId: String, appId: String, _ indicators: [TiIndicator], at now: DateTimeOffset) async throws {
        guard !indicators.isEmpty else { return }
        for indicator in indicators where entries.contains(where: { $0.tenantId == tenantId && $0.id == (indicator.id ?? "") }) {
            throw VigilError(.conflict, "There is already an indicator '\(indicator.id ?? "")'.")
        }
        entries += indicators.map { Entry(tenantId: tenantId, appId: appId, ingestedAt: AlertRecord.sortableDate(now), indicator: $0) }
        bump(tenantId)
    }

    public func owned(tenantId: String, appId: String) async throws -> [TiIndicator] {
        entries.filter { $0.tenantId == tenantId && $0.appId == appId }
            .sorted { ($0.ingestedAt, $0.id) < ($1.ingestedAt, $1.id) }
            .map(\.indicator)
    }

    public func get(tenantId: String, appId: String, id: String) async throws -> TiIndicator? {
        entries.first { $0.tenantId == tenantId && $0.appId == appId && $0.id == id }?.indicator
    }

    public func update(tenantId: String, appId: String, id: String, at now: DateTimeOffset,
                       _ change: @Sendable (inout TiIndicator) throws -> Void) async throws -> TiIndicator? {
        guard let i = entries.firstIndex(where: { $0.tenantId == tenantId && $0.appId == appId && $0.id == id }) else {
            return nil
        }
        var indicator = entries[i].indicator
        try change(&indicator)
        indicator.id = id
        entries[i].indicator = indicator
        bump(tenantId)
        return indicator
    }

    public func delete(tenantId: String, appId: String, ids: [String]) async throws -> [Bool] {
        let out = ids.map { id -> Bool in
            let before = entries.count
            entries.removeAll { $0.tenantId == tenantId && $0.appId == appId && $0.id == id }
            return entries.count < before
        }
        if out.contains(true) { bump(tenantId) }
        return out
    }

    public func delete(tenantId: String, appId: String, externalIds: [String]) async throws -> [Int] {
        let out = externalIds.map { externalId -> Int in
            let before = entries.count
            entries.removeAll { $0.tenantId == tenantId && $0.appId == appId && $0.indicator.externalId == externalId }
            return before - entries.count
        }
        if out.contains(where: { $0 > 0 }) { bump(tenantId) }
        return out
    }

    public func forEachActive<T: Sendable>(tenantId: String, action: String?, at now: DateTimeOffset, into initial: T,
                                           _ body: @Sendable (inout T, TiIndicator) -> Void) async throws -> T {
        let cutoff = AlertRecord.sortableDate(now)
        var result = initial
        for entry in entries where entry.tenantId == tenantId && entry.indicator.isActive != false
            && (entry.expiresAt.map { $0 > cutoff } ?? true)
            && (action == nil || IndicatorBody.action(entry.indicator) == action) {
            body(&result, entry.indicator)
        }
        return result
    }

    public func indicator(tenantId: String, id: String) async throws -> TiIndicator? {
        entries.first { $0.tenantId == tenantId && $0.id == id }?.indicator
    }

    public func generation(tenantId: String) async throws -> Int {
        generations[tenantId] ?? 0
    }

    public func purge(expiredBefore cutoff: DateTimeOffset) async throws -> Int {
        let limit = AlertRecord.sortableDate(cutoff)
        let expired = entries.filter { entry in entry.expiresAt.map { $0 < limit } ?? false }
        entries.removeAll { entry in entry.expiresAt.map { $0 < limit } ?? false }
        for tenant in Set(expired.map(\.tenantId)) { bump(tenant) }
        return expired.count
    }
}

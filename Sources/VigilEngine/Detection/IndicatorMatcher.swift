import Foundation
import VigilCore
import VigilDetection
import VigilStorage

/// Keeps each tenant's indicator index current: rebuilt when the tenant's indicators change (noticed
/// through the generation counter, checked at most every `recheck`, so a change made by another process
/// takes effect within a second; changes through this process's API take effect at once).
public actor IndicatorMatcher {
    let repository: IndicatorRepository
    let recheck: Duration
    private var cache: [String: Entry] = [:]

    struct Entry {
        var generation: Int
        var checked: ContinuousClock.Instant
        var indicators: TenantIndicators
    }

    /// A tenant's active indicators, indexed.
    public struct TenantIndicators: Sendable {
        public var index: IndicatorIndex
    }

    public init(repository: IndicatorRepository, recheck: Duration = .milliseconds(500)) {
        self.repository = repository
        self.recheck = recheck
    }

    /// The tenant's current index.
    public func index(tenantId: String) async throws -> TenantIndicators {
        let now = ContinuousClock.now
        if let entry = cache[tenantId], now - entry.checked < recheck { return entry.indicators }
        let generation = try await repository.generation(tenantId: tenantId)
        if var entry = cache[tenantId], entry.generation == generation {
            entry.checked = now
            cache[tenantId] = entry
            return entry.indicators
        }
        let index = try await repository.forEachActive(tenantId: tenantId, at: .now(), into: IndicatorIndex()) { index, t in
            if let indexed = Self.indexed(t) { index.add(indexed) }
        }
        let indicators = TenantIndicators(index: index)
        cache[tenantId] = Entry(generation: generation, checked: now, indicators: indicators)
        return indicators
    }

    /// Forgets a tenant's index (after a change made through this process).
    public func invalidate(tenantId: String) {
        cache[tenantId] = nil
    }

    static func indexed(_ indicator: TiIndicator) -> IndexedIndicator? {
        guard let id = indicator.id else { return nil }
        let patterns = IndexedIndicator.patterns(of: indicator).patterns
        guard !patterns.isEmpty else { return nil }
        return IndexedIndicator(id: id, action: indicator.action.map { AlertRecord.enumKey($0.rawValue) } ?? "unknown",
                                patterns: patterns, expires: indicator.expirationDateTime)
    }
}

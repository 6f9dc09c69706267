import VigilCore

/// Leases in memory, for tests, with an injectable clock.
public actor InMemoryWorkLeaseRepository: WorkLeaseRepository {
    private var leases: [String: WorkLease] = [:]
    private let now: @Sendable () -> DateTimeOffset

    /// - Parameter now: the clock leases expire by.
    public init(now: @escaping @Sendable () -> DateTimeOffset = { .now() }) {
        self.now = now
    }

    private func expiry(_ ttl: Duration) -> DateTimeOffset {
        let t = now()
        let nanos = Int64(t.nanoseconds) + ttl.leaseMilliseconds * 1_000_000
        return DateTimeOffset(secondsSinceEpoch: t.secondsSinceEpoch + nanos / 1_000_000_000,
                              nanoseconds: Int32(nanos % 1_000_000_000), fractionDigits: 3)
    }

    public func claim(_ name: String, holder: String, ttl: Duration) async throws -> WorkLease? {
        if let current = leases[name] {
            if current.holder == holder {
                leases[name]?.expiresAt = expiry(ttl)
                return leases[name]
            }
            guard current.expiresAt < now() else { return nil }
            leases[name] = WorkLease(name: name, holder: holder, expiresAt: expiry(ttl), generation: current.generation + 1)
            return leases[name]
        }
        leases[name] = WorkLease(name: name, holder: holder, expiresAt: expiry(ttl), generation: 1)
        return leases[name]
    }

    public func renew(_ name: String, holder: String, ttl: Duration) async throws -> WorkLease? {
        guard let current = leases[name], current.holder == holder else { return nil }
        // A lapsed lease nobody took yet is still ours, as in SQL.
        leases[name]?.expiresAt = expiry(ttl)
        return leases[name]
    }

    @discardableResult
    public func release(_ name: String, holder: String) async throws -> Bool {
        guard let current = leases[name], current.holder == holder else { return false }
        leases[name]?.holder = ""
        leases[name]?.expiresAt = DateTimeOffset(secondsSinceEpoch: 0, nanoseconds: 0)
        return true
    }

    public func lease(_ name: String) async throws -> WorkLease? {
        leases[name]
    }
}

import VigilCore

/// Leases: the one primitive several replicas on one database use to share work without a leader.
///
/// A lease is a row `(name, holder, expires_at, generation)` in `work_leases`. A replica that wants a
/// piece of work calls `claim` before each step; it gets the lease when nobody holds it, when it holds
/// it already (a renewal), or when the holder let it lapse (a takeover — the holder died or stalled).
/// Only the holder does the work; the others try again later. A holder that stops calls `release`
/// so another can start at once; one that dies is replaced once `ttl` has passed.
///
/// Pick `ttl` well above the time one step takes (a step that outlives its lease may overlap the next
/// holder's), and claim again before every step. `generation` changes only on a change of holder, so
/// work stamped with it can be fenced.
///
/// On PostgreSQL the claim is one atomic upsert on the database's clock (no clock skew between
/// replicas); on SQLite (one process) and in memory it uses the process clock.
///
/// For queues of rows (a notification outbox, a job table) see `WorkTable` and
/// `PostgresWorkClaims.claimRows` / `SQLiteWorkClaims.claimRows`: they claim a batch of rows with
/// `FOR UPDATE SKIP LOCKED`, so replicas never wait for or double-process each other's rows.
public protocol WorkLeaseRepository: Sendable {
    /// Claims (or renews) `name` for `holder` for `ttl`.
    /// - Returns: the lease when `holder` now holds it; `nil` when another holder's lease has not expired.
    func claim(_ name: String, holder: String, ttl: Duration) async throws -> WorkLease?

    /// Extends a lease `holder` still holds.
    /// - Returns: the renewed lease, or `nil` when the lease was lost (expired and taken, or released).
    func renew(_ name: String, holder: String, ttl: Duration) async throws -> WorkLease?

    /// Gives a lease up so another replica can claim it at once.
    /// - Returns: whether `holder` held it.
    @discardableResult
    func release(_ name: String, holder: String) async throws -> Bool

    /// The current lease of `name` (possibly expired), if it was ever claimed.
    func lease(_ name: String) async throws -> WorkLease?
}

extension WorkLeaseRepository {
    /// Runs `body` while holding `name`, waiting (polling every `poll`) up to `wait` for it; releases it after.
    /// Used for one-off work that must not run twice at once, such as the first start's bootstrap.
    /// - Throws: `VigilError` (`serviceUnavailable`) when the lease could not be had within `wait`, and what
    ///   `body` throws.
    public func withLease<T: Sendable>(_ name: String, holder: String, ttl: Duration = .seconds(60),
                                       wait: Duration = .seconds(60), poll: Duration = .milliseconds(100),
                                       _ body: () async throws -> T) async throws -> T {
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: wait)
        while try await claim(name, holder: holder, ttl: ttl) == nil {
            guard clock.now < deadline else {
                throw VigilError(.serviceUnavailable, "Another process holds '\(name)'; it was not released within \(wait).")
            }
            try await Task.sleep(for: poll)
        }
        do {
            let result = try await body()
            try await release(name, holder: holder)
            return result
        } catch {
            // The body's error is the one to report; a failed release only delays the next holder by `ttl`.
            do { try await release(name, holder: holder) } catch {}
            throw error
        }
    }
}

extension Duration {
    /// Whole milliseconds (rounded up), as stored.
    var leaseMilliseconds: Int64 {
        let (seconds, attoseconds) = components
        return seconds * 1000 + (attoseconds + 999_999_999_999_999) / 1_000_000_000_000_000
    }
}

/// Request counts in one-minute windows shared by every replica of a database, so a throttling budget is
/// the same whichever replica a client reaches. PostgreSQL has one (`PostgresThrottleCounter`); a single
/// SQLite node counts in memory.
public protocol ThrottleCounter: Sendable {
    /// Adds one request to `key`'s current window (by the database's clock).
    /// - Returns: the requests counted in that window so far, and the seconds left in it.
    func count(_ key: String) async throws -> (count: Int, secondsLeft: Double)
}

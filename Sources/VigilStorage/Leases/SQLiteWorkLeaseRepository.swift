import GRDB
import VigilCore

/// Leases in SQLite: one process owns the file, so a transaction is the whole protocol. Uses the process clock.
public struct SQLiteWorkLeaseRepository: WorkLeaseRepository {
    private let database: VigilDatabase

    public init(database: VigilDatabase) {
        self.database = database
    }

    static func expiry(_ ttl: Duration, from now: DateTimeOffset) -> DateTimeOffset {
        let nanos = Int64(now.nanoseconds) + ttl.leaseMilliseconds * 1_000_000
        return DateTimeOffset(secondsSinceEpoch: now.secondsSinceEpoch + nanos / 1_000_000_000,
                              nanoseconds: Int32(nanos % 1_000_000_000), fractionDigits: 9)
    }

    private static func lease(_ row: Row) -> WorkLease {
        WorkLease(name: row["name"], holder: row["holder"],
                  expiresAt: DateTimeOffset(row["expires_at"] as String) ?? DateTimeOffset(secondsSinceEpoch: 0),
                  generation: row["generation"])
    }

    public func claim(_ name: String, holder: String, ttl: Duration) async throws -> WorkLease? {
        let now = DateTimeOffset.now()
        let nowText = AlertRecord.sortableDate(now)
        let expires = AlertRecord.sortableDate(Self.expiry(ttl, from: now))
        return try await database.write { db in
            try Row.fetchOne(db, sql: """
                INSERT INTO work_leases (name, holder, expires_at, generation, acquired_at) VALUES (?, ?, ?, 1, ?)
                ON CONFLICT(name) DO UPDATE SET
                    generation = CASE WHEN work_leases.holder = excluded.holder THEN work_leases.generation
                                      ELSE work_leases.generation + 1 END,
                    acquired_at = CASE WHEN work_leases.holder = excluded.holder THEN work_leases.acquired_at
                                       ELSE excluded.acquired_at END,
                    holder = excluded.holder, expires_at = excluded.expires_at
                WHERE work_leases.holder = excluded.holder OR work_leases.expires_at < ?
                RETURNING name, holder, expires_at, generation
                """, arguments: [name, holder, expires, nowText, nowText]).map(Self.lease)
        }
    }

    public func renew(_ name: String, holder: String, ttl: Duration) async throws -> WorkLease? {
        let expires = AlertRecord.sortableDate(Self.expiry(ttl, from: .now()))
        return try await database.write { db in
            try Row.fetchOne(db, sql: """
                UPDATE work_leases SET expires_at = ? WHERE name = ? AND holder = ?
                RETURNING name, holder, expires_at, generation
                """, arguments: [expires, name, holder]).map(Self.lease)
        }
    }

    @discardableResult
    public func release(_ name: String, holder: String) async throws -> Bool {
        try await database.write { db in
            try db.execute(sql: """
                UPDATE work_leases SET holder = '', expires_at = ? WHERE name = ? AND holder = ?
                """, arguments: [AlertRecord.sortableDate(DateTimeOffset(secondsSinceEpoch: 0)), name, holder])
            return db.changesCount > 0
        }
    }

    public func lease(_ name: String) async throws -> WorkLease? {
        try await database.read { db in
            try Row.fetchOne(db, sql: "SELECT name, holder, expires_at, generation FROM work_leases WHERE name = ?",
                             arguments: [name]).map(Self.lease)
        }
    }
}

/// Claiming batches of rows of a `WorkTable` in SQLite (one writer: the transaction is the lock).
public enum SQLiteWorkClaims {
    /// Claims up to `limit` due, unclaimed (or lapsed) rows for `holder` until `ttl` from now; returns their keys
    /// in claim order. Call inside the caller's write transaction (`db`), so other writes can join it.
    public static func claimRows(_ table: WorkTable, in db: Database, holder: String, limit: Int, ttl: Duration,
                                 tenantId: String? = nil) throws -> [String] {
        let now = DateTimeOffset.now()
        let nowText = AlertRecord.sortableDate(now)
        let until = AlertRecord.sortableDate(SQLiteWorkLeaseRepository.expiry(ttl, from: now))
        var arguments: StatementArguments = [holder, until, nowText]
        var tenantClause = ""
        if let tenantId, table.hasTenant {
            tenantClause = " AND tenant_id = ?"
            arguments += [tenantId]
        }
        arguments += [limit]
        let sql = """
            UPDATE \(table.name) SET claimed_by = ?, claimed_until = ?
            WHERE \(table.key) IN (SELECT \(table.key) FROM \(table.name)
                WHERE (\(table.ready)) AND (claimed_by IS NULL OR claimed_until < ?)\(tenantClause)
                ORDER BY \(table.order) LIMIT ?)
            RETURNING \(table.key)
            """
        let keys = try String.fetchAll(db, sql: sql, arguments: arguments)
        // RETURNING order is not the claim order: restore it.
        let order = try String.fetchAll(db, sql: """
            SELECT \(table.key) FROM \(table.name) WHERE claimed_by = ? AND claimed_until = ? ORDER BY \(table.order)
            """, arguments: [holder, until])
        let claimed = Set(keys)
        return order.filter { claimed.contains($0) }
    }

    /// Gives claimed rows back (clears the claim of those `holder` still holds).
    public static func releaseRows(_ table: WorkTable, in db: Database, keys: [String], holder: String) throws {
        for key in keys {
            try db.execute(sql: "UPDATE \(table.name) SET claimed_by = NULL, claimed_until = NULL WHERE \(table.key) = ? AND claimed_by = ?",
                           arguments: [key, holder])
        }
    }
}

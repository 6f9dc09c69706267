import Foundation
import PostgresNIO
import VigilCore

/// Leases in PostgreSQL, on the database's clock: a claim is one atomic upsert, so any number of replicas
/// can race for a lease and exactly one gets it. See `WorkLeaseRepository`.
public struct PostgresWorkLeaseRepository: WorkLeaseRepository {
    private let database: VigilPostgres

    public init(database: VigilPostgres) {
        self.database = database
    }

    private func fetchLease(_ query: PostgresQuery) async throws -> WorkLease? {
        try await database.withConnection { connection in
            let rows = try await connection.query(query, logger: database.logger)
            for try await (name, holder, expires, generation) in rows.decode((String, String, Date, Int64).self) {
                return WorkLease(name: name, holder: holder, expiresAt: DateTimeOffset(date: expires),
                                 generation: Int(generation))
            }
            return nil
        }
    }

    public func claim(_ name: String, holder: String, ttl: Duration) async throws -> WorkLease? {
        let ms = ttl.leaseMilliseconds
        return try await fetchLease("""
            INSERT INTO work_leases (name, holder, expires_at, generation, acquired_at)
            VALUES (\(name), \(holder), clock_timestamp() + \(ms) * interval '1 millisecond', 1, clock_timestamp())
            ON CONFLICT (name) DO UPDATE SET
                generation = CASE WHEN work_leases.holder = excluded.holder THEN work_leases.generation
                                  ELSE work_leases.generation + 1 END,
                acquired_at = CASE WHEN work_leases.holder = excluded.holder THEN work_leases.acquired_at
                                   ELSE excluded.acquired_at END,
                holder = excluded.holder, expires_at = excluded.expires_at
            WHERE work_leases.holder = excluded.holder OR work_leases.expires_at < clock_timestamp()
            RETURNING name, holder, expires_at, generation
            """)
    }

    public func renew(_ name: String, holder: String, ttl: Duration) async throws -> WorkLease? {
        let ms = ttl.leaseMilliseconds
        return try await fetchLease("""
            UPDATE work_leases SET expires_at = clock_timestamp() + \(ms) * interval '1 millisecond'
            WHERE name = \(name) AND holder = \(holder)
            RETURNING name, holder, expires_at, generation
            """)
    }

    @discardableResult
    public func release(_ name: String, holder: String) async throws -> Bool {
        try await fetchLease("""
            UPDATE work_leases SET holder = '', expires_at = 'epoch'::timestamptz
            WHERE name = \(name) AND holder = \(holder)
            RETURNING name, holder, expires_at, generation
            """) != nil
    }

    public func lease(_ name: String) async throws -> WorkLease? {
        try await fetchLease("SELECT name, holder, expires_at, generation FROM work_leases WHERE name = \(name)")
    }
}

/// Claiming batches of rows of a `WorkTable` in PostgreSQL, with `FOR UPDATE SKIP LOCKED`: replicas
/// claiming at the same moment get disjoint batches and never wait for each other.
public enum PostgresWorkClaims {
    /// Claims up to `limit` due rows that are unclaimed or whose claim lapsed, for `holder` until `ttl` from now
    /// (the database's clock); returns their keys in the table's claim order. Runs on `connection`, so it can
    /// be part of the caller's transaction (claim, then write the outcome, then commit).
    /// - Parameter tenantId: claims only that tenant's rows, when the table has `tenant_id`.
    public static func claimRows(_ table: WorkTable, on connection: PostgresConnection, holder: String, limit: Int,
                                 ttl: Duration, tenantId: String? = nil, logger: Logger) async throws -> [String] {
        var binds = PostgresBindings(capacity: 4)
        binds.append(holder)
        binds.append(ttl.leaseMilliseconds)
        binds.append(Int64(limit))
        var tenantClause = ""
        if let tenantId, table.hasTenant {
            binds.append(tenantId)
            tenantClause = " AND tenant_id = $4"
        }
        // Table, columns and conditions are constants of the code owning the table (`StaticString`), never input.
        let sql = """
            WITH picked AS (
                SELECT \(table.key) AS picked_key FROM \(table.name)
                WHERE (\(table.ready)) AND (claimed_by IS NULL OR claimed_until < clock_timestamp())\(tenantClause)
                ORDER BY \(table.order) LIMIT $3
                FOR UPDATE SKIP LOCKED
            )
            UPDATE \(table.name) AS w SET claimed_by = $1, claimed_until = clock_timestamp() + $2 * interval '1 millisecond'
            FROM picked WHERE w.\(table.key) = picked.picked_key
            RETURNING w.\(table.key)
            """
        var claimed: Set<String> = []
        for try await key in try await connection.query(PostgresQuery(unsafeSQL: sql, binds: binds), logger: logger)
            .decode(String.self) {
            claimed.insert(key)
        }
        guard !claimed.isEmpty else { return [] }
        // UPDATE … RETURNING has no order: read the claimed keys back in the table's order.
        var order = PostgresBindings(capacity: 1)
        order.append(Array(claimed))
        var keys: [String] = []
        for try await key in try await connection.query(PostgresQuery(unsafeSQL: """
            SELECT \(table.key) FROM \(table.name) WHERE \(table.key) = ANY($1::text[]) ORDER BY \(table.order)
            """, binds: order), logger: logger).decode(String.self) {
            keys.append(key)
        }
        return keys
    }

    /// Gives claimed rows back (clears the claims `holder` still holds), so they can be claimed at once.
    public static func releaseRows(_ table: WorkTable, on connection: PostgresConnection, keys: [String], holder: String,
                                   logger: Logger) async throws {
        var binds = PostgresBindings(capacity: 2)
        binds.append(keys)
        binds.append(holder)
        try await connection.query(PostgresQuery(unsafeSQL: """
            UPDATE \(table.name) SET claimed_by = NULL, claimed_until = NULL
            WHERE \(table.key) = ANY($1::text[]) AND claimed_by = $2
            """, binds: binds), logger: logger)
    }
}

extension DateTimeOffset {
    /// The instant of a `Date`, to the microsecond (PostgreSQL's precision).
    init(date: Date) {
        let micros = (date.timeIntervalSince1970 * 1_000_000).rounded()
        let seconds = Int64((micros / 1_000_000).rounded(.down))
        let nanos = Int32((micros - Double(seconds) * 1_000_000) * 1000)
        self.init(secondsSinceEpoch: seconds, nanoseconds: nanos, fractionDigits: 6)
    }
}

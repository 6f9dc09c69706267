import Foundation
import Logging
import PostgresNIO
import VigilCore

/// The alert store on PostgreSQL. Every statement is parameterized and scoped by tenant; several Vigil
/// processes can share it.
///
/// Every change (a new alert, a re-ingest that changes its content, an update) is appended to the change
/// feed and, for each subscription the router names, to the notification outbox — in the same transaction
/// as the change (see `PostgresChangeLog`), so nothing committed goes unnotified. The signal is notified
/// after the commit; it wakes this process's consumers only (other replicas' consumers poll).
public struct PostgresAlertRepository: AlertRepository {
    private let database: VigilPostgres
    private let renderer = PostgresAlertFilter()
    private let router: (any ChangeRouter)?
    private let signal: ChangeSignal?

    /// - Parameters:
    ///   - router: picks the subscriptions that receive each change (none when `nil`).
    ///   - signal: notified after each committed change.
    public init(database: VigilPostgres, router: (any ChangeRouter)? = nil, signal: ChangeSignal? = nil) {
        self.database = database
        self.router = router
        self.signal = signal
    }

    /// The records of a batch, built on all cores (JSON writing is the costly part).
    public static func records(tenantId: String, alerts: [Alert], at now: DateTimeOffset) async -> [AlertRecord] {
        await alerts.concurrentMap { AlertRecord(tenantId: tenantId, alert: $0, ingestedAt: now) }
    }

    public func ingest(tenantId: String, alerts: [Alert], at now: DateTimeOffset) async throws -> [IngestOutcome] {
        let records = await Self.records(tenantId: tenantId, alerts: alerts, at: now)
        guard !records.isEmpty else { return [] }
        let router = router
        let outcomes = try await database.withTransaction { connection in
            try await Self.ingestBatch(tenantId: tenantId, alerts, records: records, router: router, at: now,
                                       on: connection, logger: database.logger)
        }
        signal?.notify()
        return outcomes
    }

    /// The body of an ingest transaction: upserts `records` (the records of `alerts`, in the same order; keyed
    /// by tenant, provider and source id) on `connection`, which must be inside a transaction, appends each
    /// real change to the change feed and the outbox (a re-ingest whose body digest is unchanged is none), and
    /// returns one outcome per record, in order. Other writes that must commit with the batch run on the same
    /// connection before or after this, inside the same `VigilPostgres.withTransaction`; a rollback takes the
    /// alerts, the feed entries and the outbox rows back together.
    ///
    /// One statement per round: a batch that repeats a key is split so every statement touches each row
    /// once (the n-th repeat goes in round n). Rows are written in key order, so concurrent batches lock
    /// overlapping rows in the same order and never deadlock.
    /// - Parameter router: picks the subscriptions each change is queued for (none when `nil`).
    public static func ingestBatch(tenantId: String, _ alerts: [Alert], records: [AlertRecord],
                                   router: (any ChangeRouter)?, at now: DateTimeOffset,
                                   on connection: PostgresConnection, logger: Logger) async throws -> [IngestOutcome] {
        precondition(alerts.count == records.count, "ingestBatch needs one record per alert")
        struct Key: Hashable {
            var id: String
            var provider: String
        }
        var rounds: [[Int]] = []
        var seen: [Key: Int] = [:]
        for (i, record) in records.enumerated() {
            let key = Key(id: record.id, provider: record.provider)
            let round = seen[key, default: 0]
            seen[key] = round + 1
            if round == rounds.count { rounds.append([]) }
            rounds[round].append(i)
        }
        let hashes = records.map { Int64(bitPattern: StableHash.digest64($0.body)) }
        var outcomes = [IngestOutcome?](repeating: nil, count: records.count)
        var types = [AlertChangeType?](repeating: nil, count: records.count)
        for round in rounds {
            var binds = batchBinds(tenantId: tenantId, round.map { records[$0] })
            binds.append(round.map { hashes[$0] })
            let rows = try await connection.query(PostgresQuery(unsafeSQL: upsertSQL, binds: binds), logger: logger)
            var byKey: [Key: (count: Int64, inserted: Bool, before: Int64?)] = [:]
            for try await (id, provider, count, inserted, before) in rows.decode((String, String, Int64, Bool, Int64?).self) {
                byKey[Key(id: id, provider: provider)] = (count, inserted, before)
            }
            for i in round {
                let record = records[i]
                guard let result = byKey[Key(id: record.id, provider: record.provider)] else {
                    throw VigilError(.internalError, "The database did not confirm alert '\(record.id)'.")
                }
                if result.inserted {
                    outcomes[i] = .created(id: record.id)
                    types[i] = .created
                } else {
                    outcomes[i] = .updated(id: record.id, occurrenceCount: Int(result.count))
                    types[i] = result.before == hashes[i] ? nil : .updated
                }
            }
        }
        // Feed order is batch order, as on SQLite.
        let changes = records.indices.compactMap { i in
            types[i].map { PostgresChangeLog.Change(alert: alerts[i], id: records[i].id, provider: records[i].provider, type: $0) }
        }
        try await PostgresChangeLog.append(changes, tenantId: tenantId, router: router, at: now, on: connection, logger: logger)
        return outcomes.map { $0! }
    }

    /// The columns of a batch as arrays, unnested in key order.
    static let batchRowsSQL = """
        SELECT $1::text AS tenant_id, r.provider, r.id, r.vendor, r.severity, r.severity_rank, r.status, r.status_rank,
               r.category, r.assigned_to, r.created_at, r.event_at, r.last_modified_at, 1::bigint, r.ingested_at, r.body
        FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::bigint[], $7::text[], $8::bigint[], $9::text[],
                    $10::text[], $11::text[], $12::text[], $13::text[], $14::text[], $15::text[])
             AS r(provider, id, vendor, severity, severity_rank, status, status_rank, category, assigned_to, created_at,
                  event_at, last_modified_at, ingested_at, body)
        ORDER BY r.id, r.provider
        """

    static let insertColumns = """
        INSERT INTO alert (tenant_id, provider, id, vendor, severity, severity_rank, status, status_rank, category,
                           assigned_to, created_at, event_at, last_modified_at, occurrence_count, ingested_at, body)
        """

    /// A plain insert of a batch of records into `table` (a table shaped like `alert`, e.g. created with
    /// `CREATE TABLE … (LIKE alert INCLUDING ALL)`): what the benchmark compares ingestion with.
    public static func plainInsert(tenantId: String, _ records: [AlertRecord], into table: StaticString,
                                   on connection: PostgresConnection, logger: Logger) async throws {
        let sql = insertColumns.replacingOccurrences(of: "INSERT INTO alert ", with: "INSERT INTO \(table) ")
            + "\n" + batchRowsSQL
        try await connection.query(PostgresQuery(unsafeSQL: sql, binds: batchBinds(tenantId: tenantId, records)),
                                   logger: logger)
    }

    /// The binds of `batchRowsSQL` for `batch`.
    static func batchBinds(tenantId: String, _ batch: [AlertRecord]) -> PostgresBindings {
        var binds = PostgresBindings(capacity: 15)
        binds.append(tenantId)
        binds.append(batch.map(\.provider))
        binds.append(batch.map(\.id))
        binds.append(batch.map(\.vendor))
        binds.append(PostgresNullableArray(batch.map(\.severity)))
        binds.append(PostgresNullableArray(batch.map { $0.severityRank.map(Int64.init) }))
        binds.append(PostgresNullableArray(batch.map(\.status)))
        binds.append(PostgresNullableArray(batch.map { $0.statusRank.map(Int64.init) }))
        binds.append(PostgresNullableArray(batch.map(\.category)))
        binds.append(PostgresNullableArray(batch.map(\.assignedTo)))
        binds.append(PostgresNullableArray(batch.map(\.createdAt)))
        binds.append(PostgresNullableArray(batch.map(\.eventAt)))
        binds.append(PostgresNullableArray(batch.map(\.lastModifiedAt)))
        binds.append(batch.map(\.ingestedAt))
        binds.append(batch.map(\.body))
        return binds
    }

    /// The batch upsert: returns per row its key, occurrence count, whether it was inserted, and the body
    /// digest it had before (read in the statement's snapshot, so within the same statement as the write).
    static let upsertSQL = """
        WITH prev AS (
            SELECT a.id, a.provider, a.body_hash FROM alert AS a
            JOIN unnest($3::text[], $2::text[]) AS k(id, provider) ON a.id = k.id AND a.provider = k.provider
            WHERE a.tenant_id = $1
        ), up AS (
            INSERT INTO alert (tenant_id, provider, id, vendor, severity, severity_rank, status, status_rank, category,
                               assigned_to, created_at, event_at, last_modified_at, occurrence_count, ingested_at, body,
                               body_hash)
            SELECT $1::text, r.provider, r.id, r.vendor, r.severity, r.severity_rank, r.status, r.status_rank, r.category,
                   r.assigned_to, r.created_at, r.event_at, r.last_modified_at, 1::bigint, r.ingested_at, r.body, r.body_hash
            FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::bigint[], $7::text[], $8::bigint[], $9::text[],
                        $10::text[], $11::text[], $12::text[], $13::text[], $14::text[], $15::text[], $16::bigint[])
                 AS r(provider, id, vendor, severity, severity_rank, status, status_rank, category, assigned_to, created_at,
                      event_at, last_modified_at, ingested_at, body, body_hash)
            ORDER BY r.id, r.provider
            ON CONFLICT (tenant_id, id, provider) DO UPDATE SET
                vendor = excluded.vendor, severity = excluded.severity, severity_rank = excluded.severity_rank,
                status = excluded.status, status_rank = excluded.status_rank, category = excluded.category,
                assigned_to = excluded.assigned_to, created_at = excluded.created_at, event_at = excluded.event_at,
                last_modified_at = excluded.last_modified_at, occurrence_count = alert.occurrence_count + 1,
                ingested_at = excluded.ingested_at, body_hash = excluded.body_hash,
                body = CASE WHEN vigil_json_value(alert.doc -> 'historyStates') IS NULL THEN excluded.body
                            ELSE jsonb_set(excluded.body::jsonb, '{historyStates}', alert.doc -> 'historyStates')::text
                       END
            RETURNING alert.id, alert.provider, alert.occurrence_count, (alert.xmax = 0) AS inserted
        )
        SELECT up.id, up.provider, up.occurrence_count, up.inserted, prev.body_hash
        FROM up LEFT JOIN prev ON prev.id = up.id AND prev.provider = up.provider
        """

    public func alert(tenantId: String, id: String) async throws -> Alert? {
        try await database.withConnection { connection in
            let rows = try await connection.query("""
                SELECT body, occurrence_count FROM alert WHERE tenant_id = \(tenantId) AND id = \(id) ORDER BY provider LIMIT 1
                """, logger: database.logger)
            for try await (body, count) in rows.decode((String, Int64).self) {
                return try StoredAlert(body: Array(body.utf8), occurrenceCount: Int(count)).decode()
            }
            return nil
        }
    }

    public func list(tenantId: String, request: AlertListRequest) async throws -> AlertPage {
        let t = PostgresAlertFilter.table
        var keys: [(sql: PostgresFragment, descending: Bool, type: PostgresAlertFilter.KeyType)] =
            request.orderBy.map { (renderer.sortKey($0), $0.descending, renderer.keyType($0)) }
        keys.append((PostgresFragment("\(t).id"), false, .text))
        keys.append((PostgresFragment("\(t).provider"), false, .text))

        var whereClause = PostgresFragment("\(t).tenant_id = ") + .bind(.text(tenantId))
        if let filter = request.filter {
            whereClause += PostgresFragment(" AND ") + renderer.condition(filter.expression)
        }
        let filterOnly = whereClause
        if let cursor = request.cursor {
            var values: [String?] = []
            for key in cursor.keys {
                switch key {
                case .null: values.append(nil)
                case .string(let s): values.append(s)
                default:
                    throw VigilError(.badRequest, "Invalid $skiptoken: it does not match this query.", target: "$skiptoken")
                }
            }
            values += [cursor.id, cursor.provider]
            guard values.count == keys.count else {
                throw VigilError(.badRequest, "Invalid $skiptoken: it does not match this query.", target: "$skiptoken")
            }
            whereClause += PostgresFragment(" AND ") + Self.after(keys: keys, values: values)
        }
        var sql = PostgresFragment("SELECT \(t).body, \(t).occurrence_count, \(t).id, \(t).provider")
        for key in keys.dropLast(2) {
            sql += PostgresFragment(", (") + key.sql + PostgresFragment(")::text")
        }
        sql += PostgresFragment(" FROM alert AS \(t) WHERE ") + whereClause + PostgresFragment(" ORDER BY ")
        for (i, key) in keys.enumerated() {
            if i > 0 { sql.sql += ", " }
            sql += key.sql + PostgresFragment(key.descending ? " DESC NULLS LAST" : " ASC NULLS FIRST")
        }
        let skip = request.cursor == nil ? request.skip : 0
        sql += PostgresFragment(" LIMIT ") + .bind(.int(Int64(request.top + 1))) + PostgresFragment(" OFFSET ")
            + .bind(.int(Int64(skip)))

        let query = sql.query
        let countQuery = (PostgresFragment("SELECT COUNT(*) FROM alert AS \(t) WHERE ") + filterOnly).query
        let orderCount = request.orderBy.count
        let logger = database.logger
        typealias Row = (body: String, count: Int64, id: String, provider: String, keys: [String?])
        let (rows, total) = try await database.withConnection { connection -> ([Row], Int?) in
            // The page and the count see one snapshot.
            if request.count {
                try await connection.query("START TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY", logger: logger)
            }
            do {
                var rows: [Row] = []
                for try await row in try await connection.query(query, logger: logger) {
                    let (body, count, id, provider) = try row.decode((String, Int64, String, String).self)
                    let cells = row.makeRandomAccess()
                    var values: [String?] = []
                    for i in 0..<orderCount { values.append(try cells[4 + i].decode(String?.self)) }
                    rows.append((body, count, id, provider, values))
                }
                var total: Int?
                if request.count {
                    for try await n in try await connection.query(countQuery, logger: logger).decode(Int64.self) {
                        total = Int(n)
                    }
                    try await connection.query("COMMIT", logger: logger)
                }
                return (rows, total)
            } catch {
                if request.count {
                    // The query's error is what matters; a failed rollback leaves the connection to the pool's checks.
                    do { try await connection.query("ROLLBACK", logger: logger) } catch {}
                }
                throw error
            }
        }
        let pageRows = rows.prefix(request.top)
        let items = pageRows.map { StoredAlert(body: Array($0.body.utf8), occurrenceCount: Int($0.count)) }
        var next: PageCursor?
        if rows.count > request.top, let last = pageRows.last {
            next = PageCursor(tenantId: tenantId, query: request.queryDigest,
                              keys: last.keys.map { $0.map(JSONValue.string) ?? .null }, id: last.id,
                              provider: last.provider, offset: (request.cursor?.offset ?? skip) + request.top)
        }
        return AlertPage(items: items, next: next, totalCount: total)
    }

    /// Rows strictly after `values` in the order `keys` (ascending puts nulls first).
    static func after(keys: [(sql: PostgresFragment, descending: Bool, type: PostgresAlertFilter.KeyType)],
                      values: [String?]) -> PostgresFragment {
        var alternatives: [PostgresFragment] = []
        for i in keys.indices {
            var parts: [PostgresFragment] = []
            for j in 0..<i {
                let value: PostgresFragment = values[j].map { .bind(.text($0), cast: keys[j].type.rawValue) }
                    ?? PostgresFragment("NULL")
                parts.append(PostgresFragment("(") + keys[j].sql + PostgresFragment(" IS NOT DISTINCT FROM ") + value
                             + PostgresFragment(")"))
            }
            let key = keys[i]
            switch (key.descending, values[i]) {
            case (false, nil): parts.append(PostgresFragment("(") + key.sql + PostgresFragment(" IS NOT NULL)"))
            case (false, let v?):
                parts.append(PostgresFragment("(") + key.sql + PostgresFragment(" > ") + .bind(.text(v), cast: key.type.rawValue)
                             + PostgresFragment(")"))
            case (true, nil): parts.append(PostgresFragment("FALSE"))
            case (true, let v?):
                parts.append(PostgresFragment("(") + key.sql + PostgresFragment(" < ") + .bind(.text(v), cast: key.type.rawValue)
                             + PostgresFragment(" OR ") + key.sql + PostgresFragment(" IS NULL)"))
            }
            alternatives.append(.join(parts, " AND "))
        }
        return .join(alternatives, " OR ")
    }

    public func update(tenantId: String, id: String, provider: String?,
                       _ change: @Sendable (inout Alert) throws -> Void) async throws -> Alert?
    {
        let router = router
        let updated = try await database.withTransaction { connection -> Alert? in
            var select = PostgresFragment("SELECT body, occurrence_count, provider, ingested_at FROM alert WHERE tenant_id = ")
                + .bind(.text(tenantId)) + PostgresFragment(" AND id = ") + .bind(.text(id))
            if let provider { select += PostgresFragment(" AND provider = ") + .bind(.text(provider)) }
            select += PostgresFragment(" ORDER BY provider LIMIT 1 FOR UPDATE")
            var found: (body: String, count: Int64, provider: String, ingestedAt: String)?
            for try await row in try await connection.query(select.query, logger: database.logger)
                .decode((String, Int64, String, String).self) {
                found = row
            }
            guard let found else { return nil }
            var alert = try StoredAlert(body: Array(found.body.utf8), occurrenceCount: Int(found.count)).decode()
            try change(&alert)
            var record = AlertRecord(tenantId: tenantId, alert: alert, occurrenceCount: Int(found.count),
                                     ingestedAt: DateTimeOffset(found.ingestedAt) ?? .now())
            record.provider = found.provider
            record.id = id
            let severityRank = record.severityRank.map(Int64.init)
            let statusRank = record.statusRank.map(Int64.init)
            try await connection.query("""
                UPDATE alert SET severity = \(record.severity), severity_rank = \(severityRank), status = \(record.status),
                    status_rank = \(statusRank), category = \(record.category), assigned_to = \(record.assignedTo),
                    created_at = \(record.createdAt), event_at = \(record.eventAt),
                    last_modified_at = \(record.lastModifiedAt), body = \(record.body)
                WHERE tenant_id = \(tenantId) AND provider = \(found.provider) AND id = \(id)
                """, logger: database.logger)
            try await PostgresChangeLog.append([.init(alert: alert, id: id, provider: found.provider, type: .updated)],
                                               tenantId: tenantId, router: router, at: .now(), on: connection,
                                               logger: database.logger)
            return alert
        }
        if updated != nil { signal?.notify() }
        return updated
    }

    public func count(tenantId: String?) async throws -> Int {
        try await database.withConnection { connection in
            let rows: PostgresRowSequence
            if let tenantId {
                rows = try await connection.query("SELECT COUNT(*) FROM alert WHERE tenant_id = \(tenantId)",
                                                  logger: database.logger)
            } else {
                rows = try await connection.query("SELECT COUNT(*) FROM alert", logger: database.logger)
            }
            for try await n in rows.decode(Int64.self) { return Int(n) }
            return 0
        }
    }
}

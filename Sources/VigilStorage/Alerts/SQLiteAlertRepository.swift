import Foundation
import GRDB
import VigilCore

/// The alert store on SQLite. Every statement is parameterized and scoped by tenant.
///
/// Every change (a new alert, a re-ingest that changes its content, an update) is appended to the change
/// feed and, for each subscription the router names, to the notification outbox — in the same
/// transaction as the change, so nothing committed goes unnotified.
public struct SQLiteAlertRepository: AlertRepository {
    private let database: VigilDatabase
    private let renderer = SQLiteAlertFilter()
    private let router: (any ChangeRouter)?
    private let signal: ChangeSignal?

    /// - Parameters:
    ///   - router: picks the subscriptions that receive each change (none when `nil`).
    ///   - signal: notified after each committed change.
    public init(database: VigilDatabase, router: (any ChangeRouter)? = nil, signal: ChangeSignal? = nil) {
        self.database = database
        self.router = router
        self.signal = signal
    }

    static let upsertSQL = """
        INSERT INTO alert (tenant_id, provider, id, vendor, severity, severity_rank, status, status_rank, category,
                           assigned_to, created_at, event_at, last_modified_at, occurrence_count, ingested_at, body,
                           body_hash)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?, ?)
        ON CONFLICT(tenant_id, id, provider) DO UPDATE SET
            vendor = excluded.vendor, severity = excluded.severity, severity_rank = excluded.severity_rank,
            status = excluded.status, status_rank = excluded.status_rank, category = excluded.category,
            assigned_to = excluded.assigned_to, created_at = excluded.created_at, event_at = excluded.event_at,
            last_modified_at = excluded.last_modified_at, occurrence_count = alert.occurrence_count + 1,
            ingested_at = excluded.ingested_at, body_hash = excluded.body_hash,
            body = CASE WHEN json_extract(alert.body, '$.historyStates') IS NULL THEN excluded.body
                        ELSE json_set(excluded.body, '$.historyStates', json(json_extract(alert.body, '$.historyStates')))
                   END
        RETURNING occurrence_count
        """

    static func upsertArguments(_ r: AlertRecord, hash: Int64) -> StatementArguments {
        [r.tenantId, r.provider, r.id, r.vendor, r.severity, r.severityRank, r.status, r.statusRank, r.category,
         r.assignedTo, r.createdAt, r.eventAt, r.lastModifiedAt, r.ingestedAt, r.body, hash]
    }

    static let insertSQL = """
        INSERT INTO alert (tenant_id, provider, id, vendor, severity, severity_rank, status, status_rank, category,
                           assigned_to, created_at, event_at, last_modified_at, occurrence_count, ingested_at, body,
                           body_hash)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?, ?)
        """

    /// The records of a batch with the digests of their bodies, built on all cores (JSON writing is the
    /// costly part).
    static func records(tenantId: String, alerts: [Alert], bodies: [[UInt8]?] = [], now: DateTimeOffset) async
        -> [(AlertRecord, Int64)]
    {
        return await Array(alerts.indices).concurrentMap { index in
            let given = index < bodies.count ? bodies[index] : nil
            let record = AlertRecord(tenantId: tenantId, alert: alerts[index], ingestedAt: now, storedBody: given)
            return (record, Int64(bitPattern: StableHash.digest64(record.body)))
        }
    }

    /// Whether a re-ingested alert differs from the stored one. Equal digests mean equal JSON; different
    /// digests may still be the same alert written differently (sent as its own bytes once, written from
    /// the model another time), so the two are compared as JSON, leaving out the history Vigil keeps.
    static func differs(stored row: Row, record: AlertRecord, hash: Int64) throws -> Bool {
        if let before: Int64 = row["body_hash"], before == hash { return false }
        guard case .object(var old) = try JSONParser.parse(row["body"] as String),
              case .object(let new) = try JSONParser.parse(record.body) else { return true }
        if new["historyStates"] == nil { old.removeValue(forKey: "historyStates") }
        return !JSONValue.object(old).jsonEquals(.object(new))
    }

    static let outboxSQL = """
        INSERT INTO notification_outbox (tenant_id, subscription_id, kind, change_seq, alert_id, change_type, state,
                                         created_at, next_attempt_at)
        VALUES (?, ?, 'change', ?, ?, ?, 'pending', ?, ?)
        """

    /// Appends one change to the feed and to the outbox of every subscription that takes it. Runs inside
    /// the transaction of the change.
    static func recordChange(_ db: Database, router: (any ChangeRouter)?, tenantId: String, alert: Alert, id: String,
                             provider: String, type: AlertChangeType, at now: DateTimeOffset) throws
    {
        try recordChanges(db, router: router, tenantId: tenantId, [Change(index: 0, id: id, provider: provider, type: type)],
                          alerts: [alert], at: now)
    }

    /// One change of a batch: the alert at `index` of the batch.
    struct Change {
        var index: Int
        var id: String
        var provider: String
        var type: AlertChangeType
    }

    /// Rows of the feed per statement (five values each).
    static let changesPerStatement = 100

    /// Appends a batch's changes to the feed, a hundred rows per statement, and to the outbox of every
    /// subscription that takes them. The rows of one statement get consecutive sequence numbers (the
    /// feed only grows, and the write lock is held), so the last inserted row id tells each one's.
    static func recordChanges(_ db: Database, router: (any ChangeRouter)?, tenantId: String, _ changes: [Change],
                              alerts: [Alert], at now: DateTimeOffset) throws
    {
        guard !changes.isEmpty else { return }
        if let router { try SQLiteSubscriptionRepository.synchronize(router, db, at: now) }
        let stamp = now.iso8601
        let epoch = now.epochSeconds
        let outbox = try db.cachedStatement(sql: outboxSQL)
        for start in stride(from: 0, to: changes.count, by: changesPerStatement) {
            let chunk = changes[start..<min(start + changesPerStatement, changes.count)]
            let rows = Array(repeating: "(?, ?, ?, ?, ?)", count: chunk.count).joined(separator: ", ")
            var arguments: [DatabaseValue] = []
            arguments.reserveCapacity(chunk.count * 5)
            for change in chunk {
                arguments += [tenantId.databaseValue, change.id.databaseValue, change.provider.databaseValue,
                              change.type.rawValue.databaseValue, stamp.databaseValue]
            }
            try db.cachedStatement(sql: "INSERT INTO alert_change (tenant_id, alert_id, provider, change_type, changed_at) VALUES "
                                   + rows).execute(arguments: StatementArguments(arguments))
            guard let router else { continue }
            let first = db.lastInsertedRowID - Int64(chunk.count - 1)
            for (offset, change) in chunk.enumerated() {
                let subscriptions = router.subscriptions(tenantId: tenantId, alert: alerts[change.index], changeType: change.type)
                for subscription in subscriptions {
                    try outbox.execute(arguments: [tenantId, subscription, first + Int64(offset), change.id, change.type.rawValue,
                                                   epoch, epoch])
                }
            }
        }
    }

    public func ingest(tenantId: String, alerts: [Alert], at now: DateTimeOffset) async throws -> [IngestOutcome] {
        try await ingest(tenantId: tenantId, alerts: alerts, bodies: [], at: now)
    }

    public func ingest(tenantId: String, alerts: [Alert], bodies: [[UInt8]?], at now: DateTimeOffset) async throws
        -> [IngestOutcome]
    {
        let records = await Self.records(tenantId: tenantId, alerts: alerts, bodies: bodies, now: now)
        let router = router
        let outcomes = try await database.write { db in
            // A plain insert that skips known keys costs what an insert costs; only alerts already stored
            // (and repeats within the batch) take the upsert that counts occurrences and keeps history.
            let insert = try db.cachedStatement(sql: Self.insertSQL + " ON CONFLICT(tenant_id, id, provider) DO NOTHING")
            let upsert = try db.cachedStatement(sql: Self.upsertSQL)
            let previous = try db.cachedStatement(sql: """
                SELECT body_hash, body FROM alert WHERE tenant_id = ? AND id = ? AND provider = ?
                """)
            var outcomes: [IngestOutcome] = []
            outcomes.reserveCapacity(records.count)
            var changes: [Change] = []
            changes.reserveCapacity(records.count)
            for (index, (record, hash)) in records.enumerated() {
                let arguments = Self.upsertArguments(record, hash: hash)
                try insert.execute(arguments: arguments)
                let type: AlertChangeType?
                if db.changesCount == 1 {
                    outcomes.append(.created(id: record.id))
                    type = .created
                } else {
                    let before = try Row.fetchOne(previous, arguments: [tenantId, record.id, record.provider])
                    let changed = try before.map { try Self.differs(stored: $0, record: record, hash: hash) } ?? true
                    let count = try Int.fetchOne(upsert, arguments: arguments) ?? 1
                    outcomes.append(.updated(id: record.id, occurrenceCount: count))
                    type = changed ? .updated : nil
                }
                if let type { changes.append(Change(index: index, id: record.id, provider: record.provider, type: type)) }
            }
            try Self.recordChanges(db, router: router, tenantId: tenantId, changes, alerts: alerts, at: now)
            return outcomes
        }
        signal?.notify()
        return outcomes
    }

    public func alert(tenantId: String, id: String) async throws -> Alert? {
        let row = try await database.read { db in
            try Row.fetchOne(db, sql: """
                SELECT body, occurrence_count FROM alert WHERE tenant_id = ? AND id = ? ORDER BY provider LIMIT 1
                """, arguments: [tenantId, id])
        }
        return try row.map(Self.alert(from:))
    }

    static func alert(from row: Row) throws -> Alert {
        try StoredAlert(body: Array((row["body"] as String).utf8), occurrenceCount: row["occurrence_count"]).decode()
    }

    public func list(tenantId: String, request: AlertListRequest) async throws -> AlertPage {
        let t = SQLiteAlertFilter.table
        var keys = request.orderBy.map { (renderer.sortKey($0), $0.descending) }
        keys.append((SQLFragment("\(t).id"), false))
        keys.append((SQLFragment("\(t).provider"), false))

        var whereClause = SQLFragment("\(t).tenant_id = ?", [tenantId.databaseValue])
        if let filter = request.filter {
            whereClause = whereClause + SQLFragment(" AND ") + renderer.condition(filter.expression)
        }
        let filterOnly = whereClause
        if let cursor = request.cursor {
            let values = cursor.keys.map(Self.databaseValue) + [cursor.id.databaseValue, cursor.provider.databaseValue]
            guard values.count == keys.count else {
                throw VigilError(.badRequest, "Invalid $skiptoken: it does not match this query.", target: "$skiptoken")
            }
            whereClause = whereClause + SQLFragment(" AND ") + Self.after(keys: keys, values: values)
        }
        var sql = SQLFragment("SELECT \(t).body, \(t).occurrence_count, \(t).id, \(t).provider")
        for (i, key) in keys.dropLast(2).enumerated() {
            sql = sql + SQLFragment(", ") + key.0 + SQLFragment(" AS k\(i)")
        }
        sql = sql + SQLFragment(" FROM alert AS \(t) WHERE ") + whereClause + SQLFragment(" ORDER BY ")
        for (i, key) in keys.enumerated() {
            if i > 0 { sql = sql + SQLFragment(", ") }
            sql = sql + key.0 + SQLFragment(key.1 ? " DESC" : " ASC")
        }
        let skip = request.cursor == nil ? request.skip : 0
        sql = sql + SQLFragment(" LIMIT ? OFFSET ?", [(request.top + 1).databaseValue, skip.databaseValue])

        let query = sql
        let orderCount = request.orderBy.count
        let (rows, total) = try await database.read { db -> ([Row], Int?) in
            let rows = try Row.fetchAll(db, sql: query.sql, arguments: StatementArguments(query.arguments))
            var total: Int?
            if request.count {
                total = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM alert AS \(t) WHERE " + filterOnly.sql,
                                         arguments: StatementArguments(filterOnly.arguments))
            }
            return (rows, total)
        }
        let pageRows = rows.prefix(request.top)
        let items = pageRows.map { row in
            StoredAlert(body: Array((row["body"] as String).utf8), occurrenceCount: row["occurrence_count"])
        }
        var next: PageCursor?
        if rows.count > request.top, let last = pageRows.last {
            let values = (0..<orderCount).map { Self.jsonValue(last["k\($0)"] as DatabaseValue) }
            next = PageCursor(tenantId: tenantId, query: request.queryDigest, keys: values, id: last["id"],
                              provider: last["provider"], offset: (request.cursor?.offset ?? skip) + request.top)
        }
        return AlertPage(items: items, next: next, totalCount: total)
    }

    /// Rows strictly after `values` in the order `keys` (ascending puts nulls first, as SQLite does).
    static func after(keys: [(SQLFragment, Bool)], values: [DatabaseValue]) -> SQLFragment {
        var alternatives: [SQLFragment] = []
        for i in keys.indices {
            var parts: [SQLFragment] = []
            for j in 0..<i {
                parts.append(SQLFragment("(") + keys[j].0 + SQLFragment(" IS ?)", [values[j]]))
            }
            let (key, descending) = keys[i]
            let v = values[i]
            switch (descending, v.isNull) {
            case (false, true): parts.append(SQLFragment("(") + key + SQLFragment(" IS NOT NULL)"))
            case (false, false): parts.append(SQLFragment("(") + key + SQLFragment(" > ?)", [v]))
            case (true, true): parts.append(SQLFragment("0"))
            case (true, false):
                parts.append(SQLFragment("(") + key + SQLFragment(" < ?", [v]) + SQLFragment(" OR ") + key
                             + SQLFragment(" IS NULL)"))
            }
            var conjunction = SQLFragment("(")
            for (n, part) in parts.enumerated() {
                if n > 0 { conjunction = conjunction + SQLFragment(" AND ") }
                conjunction = conjunction + part
            }
            alternatives.append(conjunction + SQLFragment(")"))
        }
        var disjunction = SQLFragment("(")
        for (n, part) in alternatives.enumerated() {
            if n > 0 { disjunction = disjunction + SQLFragment(" OR ") }
            disjunction = disjunction + part
        }
        return disjunction + SQLFragment(")")
    }

    static func jsonValue(_ v: DatabaseValue) -> JSONValue {
        switch v.storage {
        case .null: .null
        case .int64(let i): .int(i)
        case .double(let d): .double(d)
        case .string(let s): .string(s)
        case .blob: .null
        }
    }

    static func databaseValue(_ v: JSONValue) -> DatabaseValue {
        switch v {
        case .int(let i): i.databaseValue
        case .double(let d): d.databaseValue
        case .string(let s): s.databaseValue
        case .bool(let b): (b ? 1 : 0).databaseValue
        default: .null
        }
    }

    public func update(tenantId: String, id: String, provider: String?,
                       _ change: @Sendable (inout Alert) throws -> Void) async throws -> Alert?
    {
        let router = router
        let updated = try await database.write { db -> Alert? in
            var sql = "SELECT body, occurrence_count, provider, ingested_at FROM alert WHERE tenant_id = ? AND id = ?"
            var arguments: StatementArguments = [tenantId, id]
            if let provider {
                sql += " AND provider = ?"
                arguments += [provider]
            }
            guard let row = try Row.fetchOne(db, sql: sql + " ORDER BY provider LIMIT 1", arguments: arguments) else {
                return nil
            }
            let storedProvider: String = row["provider"]
            var alert = try Self.alert(from: row)
            try change(&alert)
            let ingestedAt: String = row["ingested_at"]
            var record = AlertRecord(tenantId: tenantId, alert: alert, occurrenceCount: row["occurrence_count"],
                                     ingestedAt: DateTimeOffset(ingestedAt) ?? .now())
            record.provider = storedProvider
            record.id = id
            try db.execute(sql: """
                UPDATE alert SET severity = ?, severity_rank = ?, status = ?, status_rank = ?, category = ?,
                    assigned_to = ?, created_at = ?, event_at = ?, last_modified_at = ?, body = ?
                WHERE tenant_id = ? AND provider = ? AND id = ?
                """, arguments: [record.severity, record.severityRank, record.status, record.statusRank,
                                 record.category, record.assignedTo, record.createdAt, record.eventAt,
                                 record.lastModifiedAt, record.body, tenantId, storedProvider, id])
            try Self.recordChange(db, router: router, tenantId: tenantId, alert: alert, id: id, provider: storedProvider,
                                  type: .updated, at: .now())
            return alert
        }
        if updated != nil { signal?.notify() }
        return updated
    }

    public func count(tenantId: String?) async throws -> Int {
        try await database.read { db in
            if let tenantId {
                return try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM alert WHERE tenant_id = ?", arguments: [tenantId]) ?? 0
            }
            return try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM alert") ?? 0
        }
    }
}

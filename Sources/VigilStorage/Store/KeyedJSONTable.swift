import GRDB
import PostgresNIO
import VigilCore

/// A table of JSON documents keyed by two text columns, with the time of the last write: the shape of the
/// per-source counters and of the component health. The table and column names are constants of this
/// module (never input), so they are written into the SQL; every value is a bind parameter.
struct KeyedJSONTable: Sendable {
    let table: String
    let keys: (String, String)

    /// One stored document.
    typealias Row = (first: String, second: String, body: JSONValue, updatedAt: String)

    func save(_ first: String, _ second: String, _ body: JSONValue, at now: DateTimeOffset, in database: VigilDatabase) async throws {
        let text = JSONWriter.string(body)
        let sql = """
            INSERT INTO \(table) (\(keys.0), \(keys.1), body, updated_at) VALUES (?, ?, ?, ?)
            ON CONFLICT(\(keys.0), \(keys.1)) DO UPDATE SET body = excluded.body, updated_at = excluded.updated_at
            """
        try await database.write { db in
            try db.execute(sql: sql, arguments: [first, second, text, now.iso8601])
        }
    }

    func all(in database: VigilDatabase) async throws -> [Row] {
        let sql = "SELECT \(keys.0), \(keys.1), body, updated_at FROM \(table) ORDER BY \(keys.0), \(keys.1)"
        let rows = try await database.read { db in try GRDB.Row.fetchAll(db, sql: sql) }
        return try rows.map { row in
            (row[keys.0], row[keys.1], try JSONParser.parse(row["body"] as String), row["updated_at"])
        }
    }

    func save(_ first: String, _ second: String, _ body: JSONValue, at now: DateTimeOffset, in database: VigilPostgres) async throws {
        let text = JSONWriter.string(body)
        try await database.execute("""
            INSERT INTO \(unescaped: table) (\(unescaped: keys.0), \(unescaped: keys.1), body, updated_at)
            VALUES (\(first), \(second), \(text), \(now.iso8601))
            ON CONFLICT (\(unescaped: keys.0), \(unescaped: keys.1)) DO UPDATE SET body = excluded.body, updated_at = excluded.updated_at
            """)
    }

    func all(in database: VigilPostgres) async throws -> [Row] {
        let (a, b) = keys
        let rows = try await database.rows("""
            SELECT \(unescaped: a), \(unescaped: b), body, updated_at FROM \(unescaped: table) ORDER BY \(unescaped: a), \(unescaped: b)
            """) {
            (try $0.value(a, as: String.self), try $0.value(b, as: String.self), try $0.value("body", as: String.self),
             try $0.value("updated_at", as: String.self))
        }
        return try rows.map { row in (row.0, row.1, try JSONParser.parse(row.2), row.3) }
    }
}

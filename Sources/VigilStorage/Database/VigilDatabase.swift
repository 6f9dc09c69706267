import Foundation
import GRDB
import VigilCore

/// The embedded SQLite database (GRDB, WAL mode): opened once per process, migrated on open.
public final class VigilDatabase: Sendable {
    /// The connection pool (one writer, concurrent readers).
    public let pool: DatabasePool
    /// The database file.
    public let path: String

    /// Opens (creating if needed) the database at `path` and applies pending migrations.
    /// - Throws: `VigilError` (`serviceUnavailable`) when the file cannot be opened or migrated.
    public init(path: String) throws(VigilError) {
        self.path = path
        var configuration = Configuration()
        configuration.busyMode = .timeout(10)
        configuration.prepareDatabase { db in
            for function in VigilDatabase.functions { db.add(function: function) }
            // WAL with NORMAL sync: a committed transaction survives a process crash (kill -9); 64 MB of
            // page cache keeps the indexes in memory on a large tenant.
            try db.execute(sql: "PRAGMA synchronous = NORMAL; PRAGMA cache_size = -65536")
        }
        do {
            let directory = (path as NSString).deletingLastPathComponent
            if !directory.isEmpty {
                try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            }
            pool = try DatabasePool(path: path, configuration: configuration)
            try VigilMigrations.migrator.migrate(pool)
        } catch {
            throw VigilError(.serviceUnavailable, "Cannot open the database at \(path): \(error)", underlying: error)
        }
    }

    /// SQL functions the OData renderer uses so SQL and in-memory evaluation agree exactly.
    static let functions: [DatabaseFunction] = [
        DatabaseFunction("vigil_lower", argumentCount: 1, pure: true) { values in
            String.fromDatabaseValue(values[0])?.lowercased()
        },
        DatabaseFunction("vigil_upper", argumentCount: 1, pure: true) { values in
            String.fromDatabaseValue(values[0])?.uppercased()
        },
        DatabaseFunction("vigil_date", argumentCount: 1, pure: true) { values in
            String.fromDatabaseValue(values[0]).flatMap(DateTimeOffset.init).map(AlertRecord.sortableDate)
        },
    ]

    /// Whether the database answers a trivial query (readiness).
    public func isReady() async -> Bool {
        do {
            return try await pool.read { db in try Int.fetchOne(db, sql: "SELECT 1") } == 1
        } catch {
            return false
        }
    }
}

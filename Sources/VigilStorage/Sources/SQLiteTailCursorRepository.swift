import GRDB
import VigilCore

/// Positions of tailed files in SQLite.
public struct SQLiteTailCursorRepository: TailCursorRepository {
    private let database: VigilDatabase

    public init(database: VigilDatabase) {
        self.database = database
    }

    public func cursor(source: String) async throws -> TailCursor? {
        try await database.read { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT inode, offset FROM tail_cursor WHERE source = ?",
                                             arguments: [source]) else { return nil }
            let inode: Int64 = row["inode"]
            let offset: Int64 = row["offset"]
            return TailCursor(inode: UInt64(bitPattern: inode), offset: UInt64(offset))
        }
    }

    public func save(source: String, _ cursor: TailCursor) async throws {
        try await database.write { db in
            try db.execute(sql: """
                INSERT INTO tail_cursor (source, inode, offset, updated_at) VALUES (?, ?, ?, ?)
                ON CONFLICT(source) DO UPDATE SET inode = excluded.inode, offset = excluded.offset, updated_at = excluded.updated_at
                """, arguments: [source, Int64(bitPattern: cursor.inode), Int64(cursor.offset), DateTimeOffset.now().iso8601])
        }
    }
}

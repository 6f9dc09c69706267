import PostgresNIO
import VigilCore

/// Positions of tailed files in PostgreSQL, shared by every replica (the one holding a source's lease
/// reads and saves it).
public struct PostgresTailCursorRepository: TailCursorRepository {
    private let database: VigilPostgres

    public init(database: VigilPostgres) {
        self.database = database
    }

    public func cursor(source: String) async throws -> TailCursor? {
        try await database.withConnection { connection in
            let rows = try await connection.query("SELECT inode, \"offset\" FROM tail_cursor WHERE source = \(source)",
                                                  logger: database.logger)
            for try await (inode, offset) in rows.decode((Int64, Int64).self) {
                return TailCursor(inode: UInt64(bitPattern: inode), offset: UInt64(offset))
            }
            return nil
        }
    }

    public func save(source: String, _ cursor: TailCursor) async throws {
        let inode = Int64(bitPattern: cursor.inode)
        let offset = Int64(cursor.offset)
        let now = DateTimeOffset.now().iso8601
        try await database.withConnection { connection in
            _ = try await connection.query("""
                INSERT INTO tail_cursor (source, inode, "offset", updated_at) VALUES (\(source), \(inode), \(offset), \(now))
                ON CONFLICT (source) DO UPDATE SET inode = excluded.inode, "offset" = excluded."offset",
                    updated_at = excluded.updated_at
                """, logger: database.logger)
        }
    }
}

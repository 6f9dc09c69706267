import PostgresNIO

extension PostgresRandomAccessRow {
    /// The value of the column named `name`, decoded as `T` (an optional type reads NULL as `nil`).
    func value<T: PostgresDecodable>(_ name: String, as type: T.Type = T.self) throws -> T {
        try self[name].decode(T.self)
    }
}

extension VigilPostgres {
    /// Runs `query` on a pooled connection and maps each row (by column name) with `transform`.
    func rows<T: Sendable>(_ query: PostgresQuery, _ transform: @Sendable (PostgresRandomAccessRow) throws -> T) async throws -> [T] {
        try await withConnection { connection in
            var out: [T] = []
            for try await row in try await connection.query(query, logger: logger) {
                out.append(try transform(row.makeRandomAccess()))
            }
            return out
        }
    }

    /// Runs a statement on a pooled connection (its rows, if any, are drained).
    func execute(_ query: PostgresQuery) async throws {
        try await withConnection { connection in
            for try await _ in try await connection.query(query, logger: logger) {}
        }
    }
}

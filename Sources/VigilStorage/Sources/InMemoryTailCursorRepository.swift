import VigilCore

/// Positions of tailed files in memory, for tests.
public actor InMemoryTailCursorRepository: TailCursorRepository {
    private var cursors: [String: TailCursor] = [:]

    public init() {}

    public func cursor(source: String) async throws -> TailCursor? {
        cursors[source]
    }

    public func save(source: String, _ cursor: TailCursor) async throws {
        cursors[source] = cursor
    }
}

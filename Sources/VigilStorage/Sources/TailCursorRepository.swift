import VigilCore

/// Persisted positions of tailed files, by source name, so a restart (or another replica taking the
/// source over) resumes where processing stopped. Implemented on SQLite, PostgreSQL and in memory.
public protocol TailCursorRepository: Sendable {
    /// The saved position of a source, if any.
    func cursor(source: String) async throws -> TailCursor?

    /// Saves the position of a source (replacing the previous one).
    func save(source: String, _ cursor: TailCursor) async throws
}

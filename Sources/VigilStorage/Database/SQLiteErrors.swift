import GRDB
import VigilCore

/// SQLite errors as `VigilError`s, mapped here once: a unique or primary-key violation is the same 409 as on
/// PostgreSQL and in memory, a busy or locked database is a 503 to retry, and anything else is a 500 whose
/// message carries no SQL (GRDB's own description quotes the statement; it stays in `underlying`, for the
/// log).
enum SQLiteErrors {
    static func vigilError(_ error: any Error) -> any Error {
        if error is VigilError || error is CancellationError { return error }
        guard let error = error as? DatabaseError else { return error }
        switch error.extendedResultCode {
        case .SQLITE_CONSTRAINT_UNIQUE, .SQLITE_CONSTRAINT_PRIMARYKEY:
            return VigilError(.conflict, "The item already exists.", underlying: error)
        default:
            break
        }
        switch error.resultCode {
        case .SQLITE_BUSY, .SQLITE_LOCKED:
            return VigilError(.serviceUnavailable, "The database is busy; try again.", underlying: error)
        case .SQLITE_FULL, .SQLITE_IOERR, .SQLITE_CANTOPEN, .SQLITE_READONLY:
            return VigilError(.serviceUnavailable, "The database cannot be written (\(error.resultCode)); see the log.",
                              underlying: error)
        default:
            return VigilError(.internalError, "A database operation failed; quote the request-id when reporting it.",
                              underlying: error)
        }
    }
}

extension VigilDatabase {
    /// A write transaction whose errors are mapped once (`SQLiteErrors`).
    public func write<T: Sendable>(_ updates: @Sendable (Database) throws -> T) async throws -> T {
        do {
            return try await pool.write(updates)
        } catch {
            throw SQLiteErrors.vigilError(error)
        }
    }

    /// A read whose errors are mapped once (`SQLiteErrors`).
    public func read<T: Sendable>(_ value: @Sendable (Database) throws -> T) async throws -> T {
        do {
            return try await pool.read(value)
        } catch {
            throw SQLiteErrors.vigilError(error)
        }
    }

    /// A synchronous read (for results that are not `Sendable`, such as rows) whose errors are mapped once.
    @_disfavoredOverload
    public func read<T>(_ value: (Database) throws -> T) throws -> T {
        do {
            return try pool.read(value)
        } catch {
            throw SQLiteErrors.vigilError(error)
        }
    }

    /// A synchronous write transaction whose errors are mapped once.
    @_disfavoredOverload
    public func write<T>(_ updates: (Database) throws -> T) throws -> T {
        do {
            return try pool.write(updates)
        } catch {
            throw SQLiteErrors.vigilError(error)
        }
    }
}

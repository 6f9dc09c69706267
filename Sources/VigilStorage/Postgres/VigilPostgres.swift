import Logging
import PostgresNIO
import VigilCore

/// A PostgreSQL database shared by any number of Vigil processes: a connection pool (postgres-nio's
/// `PostgresClient`) whose run loop this object owns, migrated on connect.
///
/// `connect` first opens one direct connection, so an unreachable server or a wrong password is reported at
/// once and clearly (with the URL's password hidden), applies pending migrations on it, and then starts the
/// pool. `close` stops the pool.
public final class VigilPostgres: Sendable {
    /// Where the database is (its description hides the password).
    public let location: PostgresLocation
    let client: PostgresClient
    /// The logger statements run with.
    public let logger: Logger
    private let runner: Task<Void, Never>

    private init(location: PostgresLocation, client: PostgresClient, logger: Logger, runner: Task<Void, Never>) {
        self.location = location
        self.client = client
        self.logger = logger
        self.runner = runner
    }

    deinit {
        runner.cancel()
    }

    /// Connects to the database, applies pending migrations and starts the connection pool.
    /// - Parameters:
    ///   - location: the server, credentials and database.
    ///   - maximumConnections: the pool's size.
    ///   - logger: where the pool logs background events.
    /// - Throws: `VigilError` (`serviceUnavailable`) when the server cannot be reached, refuses the credentials
    ///   or a migration fails; the message names the server without the password.
    public static func connect(_ location: PostgresLocation, maximumConnections: Int = 16,
                               logger: Logger = Logger(label: "vigil.postgres")) async throws(VigilError) -> VigilPostgres {
        let connectionTLS: PostgresConnection.Configuration.TLS
        let clientTLS: PostgresClient.Configuration.TLS
        do {
            switch location.tls {
            case .disable:
                connectionTLS = .disable
                clientTLS = .disable
            case .prefer:
                connectionTLS = .prefer(try NIOSSLContext(configuration: .makeClientConfiguration()))
                clientTLS = .prefer(.makeClientConfiguration())
            case .require:
                connectionTLS = .require(try NIOSSLContext(configuration: .makeClientConfiguration()))
                clientTLS = .require(.makeClientConfiguration())
            }
        } catch {
            throw VigilError(.serviceUnavailable, "Cannot set up TLS for the PostgreSQL database \(location): \(error)")
        }
        var configuration = PostgresConnection.Configuration(host: location.host, port: location.port,
                                                             username: location.username,
                                                             password: location.password?.revealed,
                                                             database: location.database, tls: connectionTLS)
        configuration.options.connectTimeout = .seconds(10)
        let connection: PostgresConnection
        do {
            connection = try await PostgresConnection.connect(configuration: configuration, id: 0, logger: logger)
        } catch {
            throw VigilError(.serviceUnavailable,
                             "Cannot reach the PostgreSQL database \(location): \(PostgresErrors.describe(error))",
                             underlying: error)
        }
        do {
            try await migrate(connection, logger: logger)
            try await connection.close()
        } catch {
            do { try await connection.close() } catch {
                // The migration error below is what matters; the connection is dropped either way.
            }
            throw VigilError(.serviceUnavailable,
                             "Cannot migrate the PostgreSQL database \(location): \(PostgresErrors.describe(error))",
                             underlying: error)
        }
        var clientConfiguration = PostgresClient.Configuration(host: location.host, port: location.port,
                                                               username: location.username,
                                                               password: location.password?.revealed,
                                                               database: location.database, tls: clientTLS)
        clientConfiguration.options.maximumConnections = maximumConnections
        clientConfiguration.options.connectTimeout = .seconds(10)
        // The pool logs its own background events (reconnects) at warning and above; the one warning it gives
        // when a query races the start of `run()` (the lease then waits for it) is noise.
        var background = logger
        background.logLevel = max(logger.logLevel, .error)
        let client = PostgresClient(configuration: clientConfiguration, backgroundLogger: background)
        let runner = Task { await client.run() }
        return VigilPostgres(location: location, client: client, logger: logger, runner: runner)
    }

    /// Applies pending migrations, each in its own transaction holding the migration lock, so replicas that
    /// start together wait for each other and every migration runs once.
    static func migrate(_ connection: PostgresConnection, logger: Logger) async throws {
        // Concurrent CREATE TABLE IF NOT EXISTS can collide: the lock serializes that too.
        try await connection.withTransaction(logger: logger) { connection in
            try await connection.query("SELECT pg_advisory_xact_lock(\(PostgresMigrations.lockKey))", logger: logger)
            try await connection.query("""
                CREATE TABLE IF NOT EXISTS schema_migrations (
                    id TEXT PRIMARY KEY,
                    applied_at TIMESTAMPTZ NOT NULL DEFAULT now()
                )
                """, logger: logger)
        }
        for migration in PostgresMigrations.all {
            try await connection.withTransaction(logger: logger) { connection in
                try await connection.query("SELECT pg_advisory_xact_lock(\(PostgresMigrations.lockKey))", logger: logger)
                let applied = try await connection.query("SELECT 1 FROM schema_migrations WHERE id = \(migration.id)",
                                                         logger: logger)
                var done = false
                for try await _ in applied { done = true }
                guard !done else { return }
                // Migration text is a constant of PostgresMigrations, never input.
                for statement in PostgresMigrations.statements(migration.sql) {
                    try await connection.query(PostgresQuery(unsafeSQL: statement), logger: logger)
                }
                try await connection.query("INSERT INTO schema_migrations (id) VALUES (\(migration.id))", logger: logger)
            }
        }
    }

    /// Stops the connection pool; queries after this fail.
    public func close() async {
        runner.cancel()
        await runner.value
    }

    /// Whether the database answers a trivial query (readiness), within five seconds.
    public func isReady() async -> Bool {
        do {
            return try await withThrowingTaskGroup(of: Bool.self) { group in
                group.addTask {
                    let rows = try await self.client.query("SELECT 1::bigint", logger: self.logger)
                    for try await value in rows.decode(Int64.self) { return value == 1 }
                    return false
                }
                group.addTask {
                    try await Task.sleep(for: .seconds(5))
                    return false
                }
                let first = try await group.next() ?? false
                group.cancelAll()
                return first
            }
        } catch {
            return false
        }
    }

    // MARK: - Running statements

    /// Runs `body` on one pooled connection; errors become `VigilError`s without SQL or arguments.
    public func withConnection<T: Sendable>(_ body: (PostgresConnection) async throws -> T) async throws -> T {
        do {
            return try await client.withConnection { connection in try await body(connection) }
        } catch let error as VigilError {
            throw error
        } catch {
            throw PostgresErrors.vigilError(error, location: location)
        }
    }

    /// Runs `body` in one transaction (committed when it returns, rolled back when it throws). Writes that
    /// must commit together (an ingest batch and its outbox rows) share one call.
    public func withTransaction<T: Sendable>(_ body: (PostgresConnection) async throws -> T) async throws -> T {
        do {
            return try await client.withConnection { connection in
                try await connection.withTransaction(logger: logger) { connection in try await body(connection) }
            }
        } catch let error as VigilError {
            throw error
        } catch let error as PostgresTransactionError {
            if let closure = error.closureError as? VigilError { throw closure }
            throw PostgresErrors.vigilError(error.closureError ?? error.beginError ?? error.commitError
                                            ?? error.rollbackError ?? error, location: location)
        } catch {
            throw PostgresErrors.vigilError(error, location: location)
        }
    }
}

/// Descriptions of postgres-nio errors that say what went wrong but never carry SQL, bind values or the
/// password (`PSQLError`'s own description is deliberately empty of detail).
enum PostgresErrors {
    static func describe(_ error: any Error) -> String {
        if let error = error as? PSQLError {
            var parts: [String] = []
            if let info = error.serverInfo {
                if let message = info[.message] { parts.append(message) }
                if let state = info[.sqlState] { parts.append("SQLSTATE \(state)") }
            } else {
                parts.append("\(error.code)")
            }
            if let underlying = error.underlying { parts.append(String(describing: underlying)) }
            return parts.joined(separator: "; ")
        }
        if let error = error as? PostgresTransactionError {
            return describe(error.closureError ?? error.beginError ?? error.commitError ?? error.rollbackError ?? error)
        }
        return String(describing: error)
    }

    /// The SQLSTATE of a server error, if the error is one.
    static func sqlState(_ error: any Error) -> String? {
        (error as? PSQLError)?.serverInfo?[.sqlState]
    }

    static func vigilError(_ error: any Error, location: PostgresLocation) -> VigilError {
        if let error = error as? VigilError { return error }
        if sqlState(error) == "23505" {
            return VigilError(.conflict, "The item already exists.", underlying: error)
        }
        return VigilError(.serviceUnavailable, "The PostgreSQL database \(location) failed: \(describe(error))",
                          underlying: error)
    }
}

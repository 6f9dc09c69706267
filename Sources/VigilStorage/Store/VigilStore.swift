import Logging
import VigilCore

/// Where Vigil keeps its state: the embedded SQLite file (the default) or a PostgreSQL database shared by
/// several replicas.
public enum StoreLocation: Sendable, Equatable, CustomStringConvertible {
    case sqlite(path: String)
    case postgres(PostgresLocation)

    /// The location without secrets.
    public var description: String {
        switch self {
        case .sqlite(let path): path
        case .postgres(let location): location.description
        }
    }
}

/// Every repository of one database, opened together. Callers see only the protocols, so the server, the
/// CLI and the tests run unchanged on SQLite, PostgreSQL or (for some tests) memory.
public struct VigilStore: Sendable {
    public let alerts: any AlertRepository
    public let identity: any IdentityRepository
    public let indicators: any IndicatorRepository
    public let federationState: any FederationStateRepository
    public let tailCursors: any TailCursorRepository
    public let leases: any WorkLeaseRepository
    /// The SQLite database, when that is the backend.
    public let sqlite: VigilDatabase?
    /// The PostgreSQL database, when that is the backend.
    public let postgres: VigilPostgres?
    /// Where the data is (no password).
    public let location: StoreLocation

    public init(alerts: any AlertRepository, identity: any IdentityRepository, indicators: any IndicatorRepository,
                federationState: any FederationStateRepository, tailCursors: any TailCursorRepository,
                leases: any WorkLeaseRepository, sqlite: VigilDatabase? = nil, postgres: VigilPostgres? = nil,
                location: StoreLocation) {
        self.alerts = alerts
        self.identity = identity
        self.indicators = indicators
        self.federationState = federationState
        self.tailCursors = tailCursors
        self.leases = leases
        self.sqlite = sqlite
        self.postgres = postgres
        self.location = location
    }

    /// The repositories of an open SQLite database.
    ///
    /// - Parameters:
    ///   - router: picks the subscriptions each alert change is written to the outbox for.
    ///   - signal: notified after each committed alert change.
    public static func sqlite(_ database: VigilDatabase, router: (any ChangeRouter)? = nil,
                              signal: ChangeSignal? = nil) -> VigilStore {
        VigilStore(alerts: SQLiteAlertRepository(database: database, router: router, signal: signal), identity: SQLiteIdentityRepository(database: database),
                   indicators: SQLiteIndicatorRepository(database: database),
                   federationState: SQLiteFederationStateRepository(database: database),
                   tailCursors: SQLiteTailCursorRepository(database: database),
                   leases: SQLiteWorkLeaseRepository(database: database), sqlite: database,
                   location: .sqlite(path: database.path))
    }

    /// The repositories of a connected PostgreSQL database.
    public static func postgres(_ database: VigilPostgres) -> VigilStore {
        VigilStore(alerts: PostgresAlertRepository(database: database),
                   identity: PostgresIdentityRepository(database: database),
                   indicators: PostgresIndicatorRepository(database: database),
                   federationState: PostgresFederationStateRepository(database: database),
                   tailCursors: PostgresTailCursorRepository(database: database),
                   leases: PostgresWorkLeaseRepository(database: database), postgres: database,
                   location: .postgres(database.location))
    }

    /// Opens (and migrates) the database at `location`.
    /// - Throws: `VigilError` (`serviceUnavailable`) when it cannot be opened, reached or migrated.
    public static func open(_ location: StoreLocation, logger: Logger = Logger(label: "vigil.store")) async throws(VigilError)
        -> VigilStore
    {
        switch location {
        case .sqlite(let path): return .sqlite(try VigilDatabase(path: path))
        case .postgres(let postgres): return .postgres(try await VigilPostgres.connect(postgres, logger: logger))
        }
    }

    /// Whether the database answers (readiness).
    public func isReady() async -> Bool {
        if let sqlite { return await sqlite.isReady() }
        if let postgres { return await postgres.isReady() }
        return true
    }

    /// Closes the PostgreSQL connection pool (SQLite closes with the process).
    public func close() async {
        await postgres?.close()
    }
}

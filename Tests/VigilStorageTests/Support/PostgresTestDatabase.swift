import Foundation
import PostgresNIO
import Testing
import VigilTesting
import VigilCore
@testable import VigilStorage

/// The PostgreSQL server tests run against: `VIGIL_TEST_POSTGRES_URL` (`scripts/with-postgres.sh` starts a
/// throwaway one and sets it). Without it, PostgreSQL tests report that they did not run.
enum PostgresTestDatabase {
    static var url: String? { SharedTestPostgres.serverURL }

    static var isAvailable: Bool { url != nil }

    static let unavailableReason = Comment(rawValue: SharedTestPostgres.unavailableText)

    /// The server's location from the environment.
    static func serverLocation() throws -> PostgresLocation {
        try PostgresLocation(url: Secret(try #require(url, "VIGIL_TEST_POSTGRES_URL")))
    }

    /// A new, empty database on the test server, so every test sees only its own rows and runs the
    /// migrations from scratch.
    static func freshLocation() async throws -> PostgresLocation {
        var location = try serverLocation()
        let name = "vigil_test_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
        let configuration = PostgresConnection.Configuration(host: location.host, port: location.port,
                                                             username: location.username,
                                                             password: location.password?.revealed,
                                                             database: location.database, tls: .disable)
        let logger = Logger(label: "vigil-test")
        let connection = try await PostgresConnection.connect(configuration: configuration, id: 1, logger: logger)
        // The name is made here from a UUID, never from input.
        try await connection.query(PostgresQuery(unsafeSQL: "CREATE DATABASE \(name)"), logger: logger)
        try await connection.close()
        location.database = name
        return location
    }

    /// A connected, migrated, empty database.
    static func fresh() async throws -> VigilPostgres {
        try await VigilPostgres.connect(try await freshLocation(), maximumConnections: 8)
    }
}

/// A store of each backend for the conformance suite.
enum TestStores {
    static func memory() -> VigilStore {
        VigilStore(alerts: InMemoryAlertRepository(), identity: InMemoryIdentityRepository(),
                   indicators: InMemoryIndicatorRepository(), federationState: InMemoryFederationStateRepository(),
                   tailCursors: InMemoryTailCursorRepository(), leases: InMemoryWorkLeaseRepository(),
                   exporterStates: InMemoryExporterStateRepository(), scores: InMemorySecureScoreRepository(),
                   sourceStatus: InMemorySourceStatusRepository(), health: InMemoryComponentHealthRepository(),
                   location: .sqlite(path: ":memory:"))
    }

    static func sqlite() throws -> VigilStore {
        let path = FileManager.default.temporaryDirectory
            .appendingPathComponent("vigil-test-\(UUID().uuidString)/vigil.sqlite").path
        return .sqlite(try VigilDatabase(path: path))
    }

    static func postgres() async throws -> VigilStore {
        .postgres(try await PostgresTestDatabase.fresh())
    }
}

import Logging
import VigilCore
import VigilStorage

extension SecureScoreEngine {
    /// The engine on the embedded SQLite database: the built-in catalog and the configuration's catalog
    /// files, the stores the checks read, and the remote providers.
    /// - Throws: `VigilError` (`badRequest`) when a catalog file cannot be read or is invalid.
    public static func sqlite(_ database: VigilDatabase, configuration: VigilConfiguration, alerts: any AlertRepository,
                              indicators: IndicatorRepository, identity: IdentityRepository, remotes: [RemoteGraphProvider],
                              logger: Logger = Logger(label: "vigil.score")) throws(VigilError) -> SecureScoreEngine {
        let facts = ScoreFactsCollector(providers: configuration.providers,
                                        federationState: SQLiteFederationStateRepository(database: database),
                                        indicators: indicators, alerts: alerts,
                                        deliveries: SQLiteDeliveryBacklogRepository(database: database),
                                        exporters: configuration.exporters,
                                        exporterStates: SQLiteExporterStateRepository(database: database),
                                        changes: SQLiteAlertChangeFeed(database: database))
        return SecureScoreEngine(repository: SQLiteSecureScoreRepository(database: database),
                                 catalog: try ScoreCatalog.load(files: configuration.score.catalogs), facts: facts,
                                 remotes: remotes, tenants: { try await identity.tenants().map(\.id) },
                                 baseURL: configuration.baseURL, logger: logger)
    }
}

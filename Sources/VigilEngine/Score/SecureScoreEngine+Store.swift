import Logging
import VigilCore
import VigilStorage

extension SecureScoreEngine {
    /// The engine on a store (SQLite or PostgreSQL): the built-in catalog and the configuration's catalog
    /// files, the stores the checks read, and the remote providers; `nil` when the store has no score
    /// repository (an in-memory store).
    /// - Throws: `VigilError` (`badRequest`) when a catalog file cannot be read or is invalid.
    public static func store(_ store: VigilStore, configuration: VigilConfiguration, remotes: [any SecureScoreProvider],
                             logger: Logger = Logger(label: "vigil.score")) throws(VigilError) -> SecureScoreEngine? {
        guard let repository = store.scores else { return nil }
        let facts = ScoreFactsCollector(providers: configuration.providers, federationState: store.federationState,
                                        indicators: store.indicators, alerts: store.alerts,
                                        deliveries: store.deliveryBacklog, exporters: configuration.exporters,
                                        exporterStates: store.exporterStates, changes: store.changes)
        let identity = store.identity
        return SecureScoreEngine(repository: repository,
                                 catalog: try ScoreCatalog.load(files: configuration.score.catalogs), facts: facts,
                                 remotes: remotes, tenants: { try await identity.tenants().map(\.id) },
                                 baseURL: configuration.baseURL, logger: logger)
    }

    /// The engine on the embedded SQLite database, reading alerts, indicators and tenants from the given
    /// repositories (see `store(_:configuration:remotes:logger:)`).
    /// - Throws: `VigilError` (`badRequest`) when a catalog file cannot be read or is invalid.
    public static func sqlite(_ database: VigilDatabase, configuration: VigilConfiguration, alerts: any AlertRepository,
                              indicators: IndicatorRepository, identity: IdentityRepository, remotes: [any SecureScoreProvider],
                              logger: Logger = Logger(label: "vigil.score")) throws(VigilError) -> SecureScoreEngine {
        let sqlite = VigilStore.sqlite(database)
        let store = VigilStore(alerts: alerts, identity: identity, indicators: indicators,
                               federationState: sqlite.federationState, tailCursors: sqlite.tailCursors,
                               leases: sqlite.leases, changes: sqlite.changes, exporterStates: sqlite.exporterStates,
                               subscriptions: sqlite.subscriptions, outbox: sqlite.outbox, actions: sqlite.actions,
                               scores: sqlite.scores, deliveryBacklog: sqlite.deliveryBacklog,
                               sourceStatus: sqlite.sourceStatus, sqlite: database, location: sqlite.location)
        // Every part of a SQLite store is present, so there is an engine.
        guard let engine = try Self.store(store, configuration: configuration, remotes: remotes, logger: logger) else {
            throw VigilError(.internalError, "The SQLite store has no secure score repository.")
        }
        return engine
    }
}

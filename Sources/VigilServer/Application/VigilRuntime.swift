import Hummingbird
import Logging
import NIOCore
import ServiceLifecycle
import UnixSignals
import VigilCore
import VigilEngine
import VigilStorage

/// The composition root: opens the store and the services of a configuration and builds the one
/// `ServiceGroup` that runs them — the HTTP server, the notification dispatcher and its maintenance, the
/// action runner, the daily score, the indicator purge, the file tailers, the syslog listeners, the Sigma
/// reloader and the exporters. `vigil serve`, the tests and an embedding program all start Vigil through it.
public struct VigilRuntime: Sendable {
    public let services: VigilServices
    public var configuration: VigilConfiguration { services.configuration }

    /// Opens the configured database (migrating it) and builds the services.
    public static func open(_ configuration: VigilConfiguration) async throws -> VigilRuntime {
        VigilRuntime(services: try await VigilServices.open(configuration))
    }

    public init(services: VigilServices) {
        self.services = services
    }

    /// The group of every service, in start order (SIGTERM stops them in reverse: the HTTP server last).
    ///
    /// Background services that may finish on their own (no sources to follow, no rules to reload) do not
    /// stop the group when they do.
    /// - Parameters:
    ///   - signals: the signals that shut the group down gracefully (none for a test that stops it itself).
    ///   - onServerRunning: called with the listening channel once the HTTP server accepts connections.
    /// - Throws: `VigilError` when an exporter's configuration cannot be used.
    public func serviceGroup(logger: Logger, signals: [UnixSignal] = [.sigterm, .sigint],
                             onServerRunning: @escaping @Sendable (any Channel) async -> Void = { _ in }) throws -> ServiceGroup {
        let services = services
        let configuration = services.configuration
        let store = services.store
        let app = VigilApplication.make(services: services, logger: logger, onServerRunning: onServerRunning)
        // Replicas sharing one database split the work with leases: one purges, one follows each source.
        let health = services.health
        let retention = IndicatorRetentionService(repository: services.indicators,
                                                  retentionDays: configuration.indicators.retentionDays, logger: logger,
                                                  leases: store?.leases, health: health)
        let tailers = store.map { store in
            configuration.sources.map {
                FileTailer(source: $0, cursors: store.tailCursors, pipeline: services.pipeline, leases: store.leases)
            }
        } ?? []
        let tail = FileTailService(tailers: tailers, logger: logger, health: health)
        var background: [ServiceGroupConfiguration.ServiceConfiguration] = [
            .init(service: retention, successTerminationBehavior: .ignore),
            .init(service: tail, successTerminationBehavior: .ignore),
        ]
        if let rules = services.sigma.ruleSet { SigmaRulesService.log(rules, logger: logger) }
        background.append(.init(service: SigmaRulesService(engine: services.sigma,
                                                           interval: .milliseconds(Int64(configuration.sigma.reloadSeconds * 1000)),
                                                           logger: logger),
                                successTerminationBehavior: .ignore))
        if let notifications = services.notifications {
            background.append(.init(service: notifications.dispatcher(logger: logger, health: health)))
            background.append(.init(service: notifications.maintenance(logger: logger)))
        }
        if let actions = services.actions { background.append(.init(service: actions.runner(logger: logger, health: health))) }
        // On a shared database one replica takes the daily snapshots and each exporter runs on one replica
        // (leases); the notification dispatchers and action runners of every replica claim disjoint work.
        let sharedLeases = store.flatMap { $0.isShared ? $0.leases : nil }
        if let engine = services.score, configuration.score.daily {
            background.append(.init(service: SecureScoreService(engine: engine, logger: logger, leases: sharedLeases,
                                                                health: health)))
        }
        background += configuration.syslog.map {
            .init(service: SyslogListener(configuration: $0, pipeline: services.pipeline, logger: logger))
        }
        background += try services.exporterServices(logger: logger).map { .init(service: $0) }
        return ServiceGroup(configuration: .init(services: [.init(service: app)] + background,
                                                 gracefulShutdownSignals: signals, logger: logger))
    }

    /// Runs every service until a shutdown signal (or a service's failure), then closes the database.
    public func run(logger: Logger) async throws {
        do {
            try await serviceGroup(logger: logger).run()
        } catch {
            await services.store?.close()
            throw error
        }
        await services.store?.close()
    }
}

import Logging
import VigilCore
import VigilNotifications
import VigilStorage
import VigilEngine

extension VigilServices {
    /// The configured SIEM exporters as services, reading the store's change feed and waking on the commit
    /// signal the alert store notifies (the notifications' one). On a shared database (PostgreSQL) each
    /// exporter holds its lease (`exporter:<name>`) while it runs, so it runs on one replica at a time. None
    /// without a store.
    /// - Throws: `VigilError` naming the exporter whose configuration is wrong.
    public func exporterServices(logger: Logger) throws(VigilError) -> [ExporterService] {
        guard let store, let feed = store.changes, let states = store.exporterStates else { return [] }
        return try ExporterFactory.services(configuration.exporters, feed: feed, states: states,
                                            signal: notifications?.signal, logger: logger,
                                            leases: store.isShared ? store.leases : nil)
    }

    /// The health of every configured exporter (empty without a store).
    public func exporterStatuses() async throws -> [ExporterStatus] {
        guard let store, let feed = store.changes, let states = store.exporterStates else { return [] }
        return try await ExporterStatus.load(configuration.exporters, feed: feed, states: states)
    }
}

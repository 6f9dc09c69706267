import Logging
import VigilCore
import VigilNotifications
import VigilStorage

extension VigilServices {
    /// The configured SIEM exporters as services, reading the change feed of the database and waking on the
    /// commit signal the alert store notifies (the notifications' one). None without a database.
    /// - Throws: `VigilError` naming the exporter whose configuration is wrong.
    public func exporterServices(logger: Logger) throws(VigilError) -> [ExporterService] {
        guard let database else { return [] }
        return try ExporterFactory.services(configuration.exporters, feed: SQLiteAlertChangeFeed(database: database),
                                            states: SQLiteExporterStateRepository(database: database),
                                            signal: notifications?.signal, logger: logger)
    }

    /// The health of every configured exporter (empty without a database).
    public func exporterStatuses() async throws -> [ExporterStatus] {
        guard let database else { return [] }
        return try await ExporterStatus.load(configuration.exporters, feed: SQLiteAlertChangeFeed(database: database),
                                             states: SQLiteExporterStateRepository(database: database))
    }
}

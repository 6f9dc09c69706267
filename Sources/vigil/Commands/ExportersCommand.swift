import ArgumentParser
import Foundation
import VigilCore
import VigilNotifications
import VigilServer
import VigilStorage

/// `vigil exporters`: the SIEM exporters of the configuration file and their health.
struct ExportersCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "exporters", abstract: "Show the SIEM exporters and their health.", subcommands: [List.self])

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List the configured exporters as NDJSON: name, type, tenant, destination, filter, cursor, lag, exported, lastSuccessAt, lastError, lastErrorAt (as saved by the server).")
        @OptionGroup var data: DataOptions

        func run() async throws {
            let configuration = try data.configuration()
            if configuration.exporters.isEmpty {
                FileHandle.standardErrorWrite("vigil exporters: no exporters in the configuration (pass --config FILE)\n")
            }
            let database = try VigilDatabase(path: configuration.databasePath)
            let statuses = try await ExporterStatus.load(configuration.exporters, feed: SQLiteAlertChangeFeed(database: database),
                                                         states: SQLiteExporterStateRepository(database: database))
            for status in statuses {
                print(AlertDocument.line(status.json.objectValue ?? [:]))
            }
        }
    }
}

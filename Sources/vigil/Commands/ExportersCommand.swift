import ArgumentParser
import Foundation
import VigilCore
import VigilNotifications
import VigilStorage
import VigilEngine

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
            let store = try await VigilStore.open(try configuration.storeLocation())
            guard let feed = store.changes, let states = store.exporterStates else {
                throw VigilError(.internalError, "The database \(store.location) has no change feed.")
            }
            let statuses = try await ExporterStatus.load(configuration.exporters, feed: feed, states: states)
            for status in statuses {
                print(AlertDocument.line(status.json.objectValue ?? [:]))
            }
            await store.close()
        }
    }
}

import ArgumentParser
import Foundation
import VigilCore
import VigilStorage
import VigilEngine

/// `vigil indicators import`: loads a STIX 2.1 bundle or MISP JSON file into a tenant's indicators.
struct IndicatorsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "indicators", abstract: "Manage threat indicators.", subcommands: [Import.self])

    struct Import: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Import a STIX 2.1 bundle or MISP JSON file as indicators owned by an app; prints {\"imported\",\"skipped\",\"skippedItems\"}.",
            discussion: "Works while the server runs: the server picks the new indicators up within a second.")
        @OptionGroup var data: DataOptions
        @Argument(help: "The file to import.") var file: String
        @Option(help: "stix or misp (default: from the file name, else stix).") var format: String?
        @Option(help: "The tenant that receives the indicators.") var tenant: String
        @Option(help: "The app that owns them (sees and changes them through the API).") var clientId: String
        @Option(help: "action when the file says none: alert, block or allow.") var action = "alert"
        @Option(help: "targetProduct of every indicator.") var targetProduct = "Azure Sentinel"
        @Option(help: "tlpLevel when the file marks none.") var tlpLevel = "amber"
        @Option(help: "threatType when the file says nothing usable.") var threatType = "WatchList"
        @Option(help: "Days of validity when the file gives no end.") var validityDays = 90

        func run() async throws {
            guard let data = FileManager.default.contents(atPath: file) else {
                FileHandle.standardErrorWrite("vigil indicators import: cannot read '\(file)'\n")
                throw ExitCode(1)
            }
            let chosen = format ?? (file.lowercased().contains("misp") ? "misp" : "stix")
            let store = try await self.data.store()
            let identity = store.identity
            guard try await identity.tenant(id: tenant) != nil else {
                FileHandle.standardErrorWrite("vigil indicators import: there is no tenant '\(tenant)'\n")
                throw ExitCode(2)
            }
            let now = DateTimeOffset.now()
            let defaults = IndicatorImportDefaults(now: now, targetProduct: targetProduct, action: action, tlpLevel: tlpLevel,
                                                   threatType: threatType, validityDays: validityDays)
            let prepared: (ready: [TiIndicator], skipped: [IndicatorImport.Skipped])
            do {
                prepared = try IndicatorImporter.prepare(format: chosen, bytes: Array(data), defaults: defaults, tenantId: tenant)
            } catch {
                FileHandle.standardErrorWrite("vigil indicators import: \(error.message)\n")
                throw ExitCode(2)
            }
            let repository = store.indicators
            let total = prepared.ready.count
            try await IndicatorImporter.store(prepared.ready, repository: repository, tenantId: tenant, appId: clientId,
                                              now: now) { stored in
                ProgressBar.show(stored, of: total)
            }
            if total > 0 { FileHandle.standardErrorWrite("\n") }
            print(JSONWriter.string(IndicatorImporter.Outcome(imported: total, skipped: prepared.skipped).json))
        }
    }
}

/// A one-line progress bar on standard error.
enum ProgressBar {
    static func show(_ done: Int, of total: Int) {
        let width = 30
        let filled = total == 0 ? width : done * width / total
        let bar = String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled)
        FileHandle.standardErrorWrite("\r[\(bar)] \(done)/\(total)")
    }
}

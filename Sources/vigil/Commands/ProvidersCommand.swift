import ArgumentParser
import AsyncHTTPClient
import Foundation
import VigilCore
import VigilNotifications
import VigilStorage
import VigilEngine

/// `vigil providers`: the remote providers of the configuration file and their health.
struct ProvidersCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "providers", abstract: "Show remote providers and their health, or test one.",
        subcommands: [List.self, Test.self])

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List the configured providers as NDJSON (name, tenant, vendor, provider, url, enabled, and health: last success, last error, latency), then every intake source the server has counted (\"source\": its counters, malformed lines and last error).")
        @OptionGroup var data: DataOptions

        func run() async throws {
            let configuration = try data.configuration()
            let store = try await VigilStore.open(try configuration.storeLocation())
            let state = store.federationState
            let health = try await state.health()
            var sources: [(tenantId: String, source: String, status: JSONValue)] = []
            if let status = store.sourceStatus { sources = try await status.all() }
            if configuration.providers.isEmpty, sources.isEmpty {
                FileHandle.standardErrorWrite("vigil providers: no providers in the configuration (pass --config FILE) and no intake sources counted yet\n")
            }
            for provider in configuration.providers {
                var line: [String: JSONValue] = [
                    "name": .string(provider.name), "tenant": .string(provider.tenant), "vendor": .string(provider.vendor),
                    "provider": .string(provider.provider), "url": .string(provider.url), "enabled": .bool(provider.enabled),
                ]
                line["health"] = health[provider.name]?.json ?? .null
                print(AlertDocument.line(line))
            }
            for source in sources {
                print(AlertDocument.line(["source": .string(source.source), "tenant": .string(source.tenantId),
                                          "status": source.status]))
            }
        }
    }

    struct Test: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Make one call ($top=1) to a provider and report what happened; exit 1 when it failed.")
        @OptionGroup var data: DataOptions
        @Argument(help: "The provider's name in the configuration.") var name: String

        func run() async throws {
            let configuration = try data.configuration()
            guard let entry = configuration.providers.first(where: { $0.name == name }) else {
                let known = configuration.providers.map(\.name).joined(separator: ", ")
                FileHandle.standardErrorWrite("vigil providers test: no provider named '\(name)' (known: \(known.isEmpty ? "none" : known))\n")
                throw ExitCode(2)
            }
            let provider = try RemoteGraphProvider(configuration: entry)
            let query = ProviderQuery(odata: ODataQuery<Alert>(), top: 1, skip: 0)
            let started = ContinuousClock.now
            let result = await AlertFederation.withDeadline(provider.timeout) {
                try await provider.listAlerts(tenantId: entry.tenant, query: query, continuation: nil)
            }
            let latency = Int((ContinuousClock.now - started) / .milliseconds(1))
            var line: [String: JSONValue] = ["name": .string(name), "url": .string(entry.url), "latencyMs": .int(Int64(latency))]
            switch result {
            case .success(let page):
                line["ok"] = .bool(true)
                line["alertsOnFirstPage"] = .int(Int64(page.items.count))
                line["hasMore"] = .bool(page.continuation != nil)
                print(AlertDocument.line(line))
            case .failure(let error):
                line["ok"] = .bool(false)
                if let failure = error as? ProviderFailure {
                    line["status"] = .int(Int64(failure.status))
                    line["error"] = .string(failure.message)
                } else {
                    line["error"] = .string("\(error)")
                }
                print(AlertDocument.line(line))
                throw ExitCode(1)
            }
        }
    }
}

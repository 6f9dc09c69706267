import ArgumentParser
import Foundation
import Hummingbird
import Logging
import ServiceLifecycle
import VigilCore
import VigilServer
import VigilStorage
import VigilEngine

/// `vigil serve`: runs the Graph-compatible API.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the Graph Security compatible API (SQLite in the data folder; zero configuration; or a PostgreSQL database shared by several servers with --database).")

    @OptionGroup var data: DataOptions

    @Option(help: "Address to listen on (default 127.0.0.1).")
    var host: String?

    @Option(help: "Port to listen on (default 8080).")
    var port: Int?

    @Flag(help: "Also load generated sample alerts into the default tenant, to explore the API at once.")
    var demo = false

    @Option(help: "On first start, write the bootstrap app's credentials to this file (mode 0600) instead of standard output.")
    var bootstrapSecretFile: String?

    func run() async throws {
        var configuration = try data.configuration()
        if let host { configuration.host = host }
        if let port { configuration.port = port }
        var logger = Logger(label: "vigil")
        logger.logLevel = .info
        let runtime = try await VigilRuntime.open(configuration)
        let services = runtime.services
        if let created = try await services.bootstrapIfEmpty() {
            if let bootstrapSecretFile {
                try created.write(toFile: bootstrapSecretFile)
                FileHandle.standardOutput.write(Data("""
                    First start: created the default tenant and a bootstrap admin app; its credentials are in \(bootstrapSecretFile) (mode 0600).

                    """.utf8))
            } else {
                FileHandle.standardOutput.write(Data("""
                    First start: created the default tenant and a bootstrap admin app. The secret is shown only now.
                    \(created.jsonLine)

                    """.utf8))
            }
        }
        if demo {
            let loaded = try await DemoData.load(into: services)
            logger.info("demo data loaded", metadata: ["alerts": "\(loaded)"])
        }
        let store = services.store
        logger.info("Vigil listening", metadata: ["url": "\(configuration.baseURL)",
                                                  "database": "\(store.map { "\($0.location)" } ?? "none")",
                                                  "replica": "\(WorkLeaseHolder.id)"])
        try await runtime.run(logger: logger)
    }
}

/// Sample alerts for `--demo`.
enum DemoData {
    static func load(into services: VigilServices) async throws -> Int {
        guard let tenant = try await services.identity.tenants().first else { return 0 }
        var generator = AlertGenerator(seed: 2024)
        let alerts = generator.alerts(count: 250).map { alert -> Alert in
            var alert = alert
            alert.azureTenantId = tenant.id
            return alert
        }
        _ = try await services.alerts.ingest(tenantId: tenant.id, alerts: alerts, at: .now())
        return alerts.count
    }
}

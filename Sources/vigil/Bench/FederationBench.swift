import AsyncHTTPClient
import Foundation
import Hummingbird
import Logging
import NIOCore
import Synchronization
import VigilCore
import VigilServer
import VigilStorage
import VigilEngine

/// `vigil bench federation`: ten providers on loopback answering in 20 ms with 50 alerts each, and one
/// that never answers (timeout 1 s). Reports the merged list's latency against the slowest healthy
/// provider, where the time goes (parsing the providers' bodies, merging, writing the answer; each timed
/// on one core), and how long the 206 takes when the hung provider is included.
struct FederationBench {
    var requests: Int
    var directory: String
    static let healthyCount = 10
    static let delay: Duration = .milliseconds(20)
    static let hungTimeout = 1.0

    func run() async throws -> BenchFigures {
        var figures = BenchFigures()
        figures.set("scenario", "federation")
        if FileManager.default.fileExists(atPath: directory) { try FileManager.default.removeItem(atPath: directory) }
        defer { removeScratch(directory) }
        var logger = Logger(label: "vigil-bench")
        logger.logLevel = .critical

        // The providers: pre-serialized pages, so the figures measure Vigil, not the fakes.
        var servers: [Task<Void, any Error>] = []
        defer { servers.forEach { $0.cancel() } }
        var ports: [Int] = []
        var bodies: [[UInt8]] = []
        var generator = AlertGenerator(seed: 7)
        for n in 0...Self.healthyCount {
            let hung = n == Self.healthyCount
            var page: [UInt8] = Array(#"{"value":["#.utf8)
            for (i, alert) in generator.alerts(count: 50, start: n * 50).enumerated() {
                var alert = alert
                alert.vendorInformation?.provider = "Provider \(n)"
                if i > 0 { page.append(UInt8(ascii: ",")) }
                alert.writeJSON(to: &page)
            }
            page.append(contentsOf: "]}".utf8)
            let body = page
            if !hung { bodies.append(page) }
            let router = Router()
            router.get("v1.0/security/alerts") { _, _ -> Response in
                try await Task.sleep(for: hung ? .seconds(3600) : Self.delay)
                return Response(status: .ok, headers: [.contentType: "application/json"],
                                body: ResponseBody(byteBuffer: ByteBuffer(bytes: body)))
            }
            let port = Mutex(0)
            let ready = AsyncStream<Void>.makeStream()
            let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
                                  onServerRunning: { channel in
                                      port.withLock { $0 = channel.localAddress?.port ?? 0 }
                                      ready.continuation.yield()
                                  }, logger: logger)
            servers.append(Task { try await app.runService(gracefulShutdownSignals: []) })
            for await _ in ready.stream { break }
            ports.append(port.withLock { $0 })
        }

        var configuration = VigilConfiguration()
        configuration.dataDir = directory
        let base = try await VigilServices.open(configuration)
        let tenant = try await base.identity.createTenant(name: "bench")
        func providerConfiguration(_ n: Int) -> ProviderConfiguration {
            ProviderConfiguration(name: "p\(n)", tenant: tenant.id, vendor: "Bench", provider: "Provider \(n)",
                                  url: "http://127.0.0.1:\(ports[n])/v1.0",
                                  timeoutSeconds: n == Self.healthyCount ? Self.hungTimeout : 10)
        }
        func federation(_ count: Int) throws -> AlertFederation {
            AlertFederation(local: LocalAlertProvider(alerts: base.alerts),
                            remotes: try (0..<count).map { try RemoteGraphProvider(configuration: providerConfiguration($0)) },
                            state: nil, settings: configuration.federation, logger: logger)
        }
        let query = ProviderQuery(odata: try ODataQuery<Alert>.parse([("$orderby", "createdDateTime desc")]), top: 50, skip: 0)

        // The slowest healthy provider, asked on its own (one at a time, each in turn).
        let single = try RemoteGraphProvider(configuration: providerConfiguration(0))
        for _ in 0..<5 { _ = try await single.listAlerts(tenantId: tenant.id, query: query, continuation: nil) }
        var direct: [Double] = []
        for i in 0..<requests {
            let provider = try RemoteGraphProvider(configuration: providerConfiguration(i % Self.healthyCount))
            let t0 = monotonicSeconds()
            _ = try await provider.listAlerts(tenantId: tenant.id, query: query, continuation: nil)
            direct.append(monotonicSeconds() - t0)
        }

        // The merged list of the ten healthy providers plus the local store.
        let healthy = try federation(Self.healthyCount)
        var merged: [Double] = []
        var items = 0
        for _ in 0..<5 { _ = try await healthy.list(tenantId: tenant.id, query: query, skipToken: nil) }
        for _ in 0..<requests {
            let t0 = monotonicSeconds()
            let page = try await healthy.list(tenantId: tenant.id, query: query, skipToken: nil)
            merged.append(monotonicSeconds() - t0)
            items = page.items.count
            if !page.warnings.isEmpty { fatalErrorInBench("a healthy provider failed: \(page.warnings)") }
        }

        // Where the time goes, on this core: the ten providers' bodies parsed as a remote provider parses them,
        // the pages merged, and the merged page written as the answer's body.
        let parsers = try (0..<Self.healthyCount).map {
            try RemoteGraphProvider(configuration: providerConfiguration($0))
        }
        let buffers = bodies.map { ByteBuffer(bytes: $0) }
        var parsing: [Double] = [], merging: [Double] = [], encoding: [Double] = []
        var bodyBytes = 0
        for _ in 0..<requests {
            let t0 = monotonicSeconds()
            let pages = try zip(parsers, buffers).map { try $0.page(from: $1) }
            let t1 = monotonicSeconds()
            let items = try healthy.merge(pages.map(\.items), query: query.odata)
            let t2 = monotonicSeconds()
            let body = try AlertListBody.write(FederatedPage(items: items, nextToken: nil, count: nil, warnings: []),
                                               query: query.odata, contextURL: "http://bench/v1.0/$metadata#security/alerts",
                                               nextLink: nil)
            let t3 = monotonicSeconds()
            parsing.append(t1 - t0)
            merging.append(t2 - t1)
            encoding.append(t3 - t2)
            bodyBytes = body.count
        }

        // With the hung provider: the 206 must come at its timeout.
        let withHung = try federation(Self.healthyCount + 1)
        var partial: [Double] = []
        var warning = ""
        for _ in 0..<5 {
            let t0 = monotonicSeconds()
            let page = try await withHung.list(tenantId: tenant.id, query: query, skipToken: nil)
            partial.append(monotonicSeconds() - t0)
            warning = page.warnings.map(\.headerItem).joined(separator: ", ")
        }

        let directP50 = percentile(direct, 0.5), directP99 = percentile(direct, 0.99)
        figures.set("providers", .int(Int64(Self.healthyCount)))
        figures.set("alertsPerProvider", .int(50))
        figures.set("mergedItems", .int(Int64(items)))
        figures.set("requests", .int(Int64(requests)))
        figures.set("singleProviderP50Ms", rounded3(directP50 * 1000))
        figures.set("singleProviderP99Ms", rounded3(directP99 * 1000))
        figures.set("mergedP50Ms", rounded3(percentile(merged, 0.5) * 1000))
        figures.set("mergedP99Ms", rounded3(percentile(merged, 0.99) * 1000))
        figures.set("mergedP50OverSlowestProviderMs", rounded3((percentile(merged, 0.5) - directP50) * 1000))
        figures.set("parseProviderBodiesP50Ms", rounded3(percentile(parsing, 0.5) * 1000))
        figures.set("mergeP50Ms", rounded3(percentile(merging, 0.5) * 1000))
        figures.set("encodeAnswerP50Ms", rounded3(percentile(encoding, 0.5) * 1000))
        figures.set("answerBytes", .int(Int64(bodyBytes)))
        figures.set("hungTimeoutMs", .int(Int64(Self.hungTimeout * 1000)))
        figures.set("partialResponseP50Ms", rounded3(percentile(partial, 0.5) * 1000))
        figures.set("partialResponseMaxMs", rounded3((partial.max() ?? 0) * 1000))
        figures.set("partialWarning", .string(warning))
        figures.set("peakRSSBytes", .int(Int64(peakRSSBytes())))
        return figures
    }
}

import AsyncHTTPClient
import Foundation
import GRDB
import Hummingbird
import Logging
import NIOCore
import Synchronization
import VigilCore
import VigilServer
import VigilStorage
import VigilEngine

/// `vigil bench alerts`: ingestion throughput against a plain insert of the same rows, the list
/// query through the OData → SQL path against hand-written SQL, the same query over HTTP with
/// concurrent clients, and peak memory. On SQLite (scratch files) or, with `database`, on PostgreSQL.
struct AlertsBench {
    var alertCount: Int
    var batchSize: Int
    var queries: Int
    var httpSeconds: Double
    var concurrency: Int
    var port: Int
    var ingestClients: Int
    var directory: String
    /// A PostgreSQL database to run on instead of scratch SQLite files (see `AlertsBaseline.postgres`).
    var database: Secret? = nil

    static let listFilter = "severity eq 'high' and status eq 'newAlert'"
    static let listOrder = "createdDateTime desc"

    func run() async throws -> BenchFigures {
        var figures = BenchFigures()
        figures.set("scenario", "alerts")
        figures.set("database", .string(database == nil ? "sqlite" : "postgres"))
        figures.set("alerts", .int(Int64(alertCount)))
        figures.set("batchSize", .int(Int64(batchSize)))
        // A leftover scratch database would skew every figure: it must go.
        if FileManager.default.fileExists(atPath: directory) {
            try FileManager.default.removeItem(atPath: directory)
        }

        var configuration = VigilConfiguration()
        configuration.dataDir = (directory as NSString).appendingPathComponent("vigil")
        configuration.port = port
        configuration.throttling.alertsPerMinute = 0  // measure the server, not the limiter
        configuration.database = database
        let services = try await VigilServices.open(configuration)
        let tenant = try await services.identity.createTenant(name: "bench")
        let baseline = try await AlertsBaseline.make(services: services, tenantId: tenant.id, directory: directory)

        // 1. Ingestion through the request parser, validation and the store, against plain inserts.
        // Request bodies are generated (untimed) a round of batches at a time; `ingestClients` batches are
        // then in flight at once, as when several connectors push, so parsing one overlaps storing another.
        var generator = AlertGenerator(seed: 1)
        var ingestSeconds = 0.0, plainSeconds = 0.0, bytesTotal = 0
        var ingestCPU = 0.0, plainCPU = 0.0
        var created = 0, rejected = 0
        var start = 0
        let now = DateTimeOffset.now()
        let roundSize = batchSize * max(8, ingestClients * 4)
        while start < alertCount {
            let roundCount = min(roundSize, alertCount - start)
            var bodies: [[UInt8]] = []
            var records: [AlertRecord] = []
            records.reserveCapacity(roundCount)
            var offset = 0
            while offset < roundCount {
                let count = min(batchSize, roundCount - offset)
                let alerts = generator.alerts(count: count, start: start + offset)
                var body: [UInt8] = []
                body.reserveCapacity(count * 2048)
                for alert in alerts {
                    alert.writeJSON(to: &body)
                    body.append(10)
                }
                bytesTotal += body.count
                bodies.append(body)
                records += alerts.map { AlertRecord(tenantId: tenant.id, alert: $0, ingestedAt: now) }
                offset += count
            }

            let t0 = monotonicSeconds(), c0 = processCPUSeconds()
            let outcome = try await Self.ingest(bodies, clients: ingestClients, services: services, tenantId: tenant.id,
                                                now: now, maxItems: batchSize)
            ingestSeconds += monotonicSeconds() - t0
            ingestCPU += processCPUSeconds() - c0
            created += outcome.created
            rejected += outcome.rejected

            let t1 = monotonicSeconds(), c1 = processCPUSeconds()
            for chunk in stride(from: 0, to: records.count, by: batchSize) {
                try await baseline.insert(Array(records[chunk..<min(chunk + batchSize, records.count)]))
            }
            plainSeconds += monotonicSeconds() - t1
            plainCPU += processCPUSeconds() - c1
            start += roundCount
        }
        if rejected > 0 || created != alertCount {
            FileHandle.standardErrorWrite("vigil bench: \(rejected) generated alerts were rejected and \(created) of \(alertCount) created\n")
        }
        figures.set("ingestClients", .int(Int64(ingestClients)))
        let ingestRate = Double(created) / ingestSeconds
        let plainRate = Double(alertCount) / plainSeconds
        figures.set("averageAlertBytes", .int(Int64(bytesTotal / max(alertCount, 1))))
        figures.set("ingestAlertsPerSecond", rounded(ingestRate))
        figures.set("plainInsertRowsPerSecond", rounded(plainRate))
        // CPU time per alert (all threads): steadier than rates on a machine shared with other work.
        figures.set("ingestCPUMicrosPerAlert", rounded(ingestCPU / Double(max(created, 1)) * 1e6))
        figures.set("plainInsertCPUMicrosPerRow", rounded(plainCPU / Double(max(alertCount, 1)) * 1e6))
        figures.set("ingestToPlainRatio", .double((ingestRate / plainRate * 1000).rounded() / 1000))

        // 2. The list query in process: OData → SQL against hand-written SQL returning the same rows.
        try await baseline.analyze()
        let query = try ODataQuery<Alert>.parse([("$filter", Self.listFilter), ("$orderby", Self.listOrder), ("$top", "50")])
        let request = AlertListRequest(filter: query.filter, orderBy: query.orderBy, top: 50)
        var odataTimes: [Double] = [], handTimes: [Double] = []
        var odataIds: [String] = [], handIds: [String] = []
        for _ in 0..<queries {
            let t0 = monotonicSeconds()
            let page = try await services.alerts.list(tenantId: tenant.id, request: request)
            odataTimes.append(monotonicSeconds() - t0)
            odataIds = try page.alerts().compactMap(\.id)

            let t1 = monotonicSeconds()
            let rows = try await baseline.query()
            handTimes.append(monotonicSeconds() - t1)
            handIds = try rows.map { try $0.decode() }.compactMap(\.id)
        }
        figures.set("listSameRows", .bool(odataIds == handIds && !odataIds.isEmpty))
        let odataP50 = percentile(odataTimes, 0.5), handP50 = percentile(handTimes, 0.5)
        figures.set("listODataP50Ms", rounded3(odataP50 * 1000))
        figures.set("listHandSQLP50Ms", rounded3(handP50 * 1000))
        figures.set("listODataToHandRatio", rounded3(odataP50 / handP50))

        // 3. The same query over HTTP with concurrent clients.
        let (app, secret) = try await services.identity.createApp(tenantId: tenant.id, name: "bench", roles: Permission.all,
                                                                  multiTenant: false)
        let token = try await services.tokens.issue(tenantId: tenant.id, appId: app.clientId, roles: Permission.all,
                                                    audience: configuration.baseURL).token
        _ = secret
        var logger = Logger(label: "vigil-bench")
        logger.logLevel = .critical
        let http = try await HTTPBench.run(services: services, logger: logger, token: token, port: port,
                                           seconds: httpSeconds, concurrency: concurrency)
        figures.set("httpConcurrency", .int(Int64(concurrency)))
        figures.set("httpRequests", .int(Int64(http.latencies.count)))
        figures.set("httpErrors", .int(Int64(http.errors)))
        figures.set("httpRequestsPerSecond", rounded(Double(http.latencies.count) / http.seconds))
        figures.set("httpP50Ms", rounded3(percentile(http.latencies, 0.5) * 1000))
        figures.set("httpP99Ms", rounded3(percentile(http.latencies, 0.99) * 1000))
        figures.set("peakRSSBytes", .int(Int64(peakRSSBytes())))
        try await baseline.finish()
        removeScratch(directory)
        return figures
    }
}

extension AlertsBench {
    /// Ingests request bodies through `AlertIngestion` and the store with `clients` of them in flight.
    static func ingest(_ bodies: [[UInt8]], clients: Int, services: VigilServices, tenantId: String,
                       now: DateTimeOffset, maxItems: Int) async throws -> (created: Int, rejected: Int) {
        let next = WorkIndex()
        return try await withThrowingTaskGroup(of: (Int, Int).self) { group in
            for _ in 0..<max(1, clients) {
                group.addTask {
                    var created = 0, rejected = 0
                    while let i = next.take(below: bodies.count) {
                        let batch = try await AlertIngestion.read(bodies[i], tenantId: tenantId, now: now, maxItems: maxItems)
                        rejected += batch.rejected.count
                        let outcomes = try await services.alerts.ingest(tenantId: tenantId, alerts: batch.accepted.map(\.alert),
                                                                        bodies: batch.accepted.map(\.body), at: now)
                        created += outcomes.filter { if case .created = $0 { true } else { false } }.count
                    }
                    return (created, rejected)
                }
            }
            var total = (created: 0, rejected: 0)
            for try await (c, r) in group {
                total.created += c
                total.rejected += r
            }
            return total
        }
    }
}

/// Hands out indexes 0, 1, 2, … to concurrent workers.
final class WorkIndex: Sendable {
    private let value = Mutex(0)

    func take(below limit: Int) -> Int? {
        value.withLock { value in
            guard value < limit else { return nil }
            value += 1
            return value - 1
        }
    }
}

/// Runs the server on loopback and measures the list query with concurrent keep-alive clients.
enum HTTPBench {
    struct Result {
        var latencies: [Double]
        var errors: Int
        var seconds: Double
    }

    static func run(services: VigilServices, logger: Logger, token: String, port: Int, seconds: Double,
                    concurrency: Int) async throws -> Result {
        let app = Application(router: VigilApplication.router(services: services),
                              configuration: .init(address: .hostname("127.0.0.1", port: port)), logger: logger)
        let filter = AlertsBench.listFilter.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
        let order = AlertsBench.listOrder.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
        let url = "http://127.0.0.1:\(port)/v1.0/security/alerts?$filter=\(filter)&$orderby=\(order)&$top=50"
        var clientConfiguration = HTTPClient.Configuration()
        clientConfiguration.connectionPool = .init(idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: concurrency)
        let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: clientConfiguration)
        let result = try await withThrowingTaskGroup(of: Result?.self) { group in
            group.addTask {
                try await app.runService(gracefulShutdownSignals: [])
                return nil
            }
            // Wait for the server to listen.
            for _ in 0..<100 {
                var probe = HTTPClientRequest(url: "http://127.0.0.1:\(port)/health")
                probe.method = .GET
                if let response = try? await client.execute(probe, timeout: .seconds(1)), response.status == .ok { break }
                try await Task.sleep(for: .milliseconds(50))
            }
            let deadline = monotonicSeconds() + seconds
            let started = monotonicSeconds()
            let results = try await withThrowingTaskGroup(of: (latencies: [Double], errors: Int).self) { workers in
                for _ in 0..<concurrency {
                    workers.addTask {
                        var latencies: [Double] = []
                        var errors = 0
                        while monotonicSeconds() < deadline {
                            var request = HTTPClientRequest(url: url)
                            request.headers.add(name: "Authorization", value: "Bearer \(token)")
                            let t0 = monotonicSeconds()
                            do {
                                let response = try await client.execute(request, timeout: .seconds(10))
                                _ = try await response.body.collect(upTo: 16 * 1024 * 1024)
                                if response.status == .ok { latencies.append(monotonicSeconds() - t0) } else { errors += 1 }
                            } catch {
                                errors += 1
                            }
                        }
                        return (latencies, errors)
                    }
                }
                var all: (latencies: [Double], errors: Int) = ([], 0)
                for try await r in workers {
                    all.latencies += r.latencies
                    all.errors += r.errors
                }
                return all
            }
            let elapsed = monotonicSeconds() - started
            group.cancelAll()
            return Result(latencies: results.latencies, errors: results.errors, seconds: elapsed)
        }
        try await client.shutdown()
        return result
    }
}

/// The value at quantile `q` (0...1) of unsorted samples.
func percentile(_ values: [Double], _ q: Double) -> Double {
    guard !values.isEmpty else { return 0 }
    let sorted = values.sorted()
    return sorted[min(sorted.count - 1, Int((Double(sorted.count - 1) * q).rounded()))]
}

/// Rounds to three decimals.
func rounded3(_ x: Double) -> JSONValue { .double((x * 1000).rounded() / 1000) }

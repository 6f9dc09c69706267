import Foundation
import Hummingbird
import Logging
import NIOCore
import Synchronization
import VigilCore
import VigilNotifications
import VigilServer
import VigilStorage
import VigilEngine

/// `vigil bench notify`: `changes` alert changes (new alerts ingested in batches) fan out through ten
/// subscriptions with disjoint filters to a receiver on loopback that answers 202. Reports notifications
/// per second (first commit to last arrival) and the change-to-delivery latency of each notification.
struct NotifyBench {
    var changes: Int
    var batchSize: Int
    var directory: String
    /// Changes per second of the paced phase (latency with a receiver that keeps up).
    var pacedRate: Int = 2000
    /// Changes of the paced phase.
    var pacedChanges: Int = 20_000
    static let subscriptionCount = 10

    /// What the receiver saw: arrival time per alert id.
    final class Arrivals: Sendable {
        let times = Mutex<[String: Double]>([:])
        let posts = Mutex(0)
    }

    func run() async throws -> BenchFigures {
        var figures = BenchFigures()
        figures.set("scenario", "notify")
        if FileManager.default.fileExists(atPath: directory) { try FileManager.default.removeItem(atPath: directory) }
        defer { removeScratch(directory) }
        var logger = Logger(label: "vigil-bench")
        logger.logLevel = .critical

        let arrivals = Arrivals()
        let router = Router()
        router.post("hook") { request, _ -> Response in
            let bytes = try await request.body.collect(upTo: 16 << 20)
            let now = monotonicSeconds()
            if case .array(let items)? = try JSONParser.parse(Array(bytes.readableBytesView))["value"] {
                let ids = items.compactMap { $0["resourceData"]?["id"]?.stringValue }
                arrivals.times.withLock { times in for id in ids where times[id] == nil { times[id] = now } }
            }
            arrivals.posts.withLock { $0 += 1 }
            return Response(status: .accepted)
        }
        let port = Mutex(0)
        let ready = AsyncStream<Void>.makeStream()
        let receiver = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
                                   onServerRunning: { channel in
                                       port.withLock { $0 = channel.localAddress?.port ?? 0 }
                                       ready.continuation.yield()
                                   }, logger: logger)
        let receiverTask = Task { try await receiver.runService(gracefulShutdownSignals: []) }
        defer { receiverTask.cancel() }
        for await _ in ready.stream { break }
        let url = "http://127.0.0.1:\(port.withLock { $0 })/hook"

        var configuration = VigilConfiguration()
        configuration.dataDir = directory
        let services = try await VigilServices.open(configuration)
        let notifications = try requireNotifications(services)
        let tenant = try await services.identity.createTenant(name: "bench")
        let now = DateTimeOffset.now()
        for n in 0..<Self.subscriptionCount {
            var subscription = Subscription()
            subscription.id = "bench-\(n)"
            subscription.resource = "security/alerts?$filter=category eq 'bench-\(n)'"
            subscription.changeType = "created,updated"
            subscription.notificationUrl = url
            subscription.expirationDateTime = now.adding(seconds: 3600)
            try await notifications.subscriptions.create(SubscriptionRecord(
                tenantId: tenant.id, id: "bench-\(n)", appId: "bench", resource: subscription.resource!,
                changeTypes: [.created, .updated], notificationUrl: url, lifecycleNotificationUrl: nil,
                clientState: Secret("bench"), signingSecret: nil, expirationDateTime: now.adding(seconds: 3600),
                createdDateTime: now, subscription: subscription))
        }
        try await notifications.router.refresh()
        let dispatcher = notifications.dispatcher(logger: logger)
        let dispatcherTask = Task { try await dispatcher.run() }
        defer { dispatcherTask.cancel() }

        var generator = AlertGenerator(seed: 11)
        // 1. Flood: changes as fast as the store takes them; throughput, and the latency of a backlog.
        let flood = try await phase(count: changes, first: 0, rate: nil, generator: &generator, services: services,
                                    tenantId: tenant.id, arrivals: arrivals)
        // 2. Paced: a steady rate the receiver keeps up with; the latency a healthy subscriber sees.
        let paced = try await phase(count: pacedChanges, first: changes, rate: pacedRate, generator: &generator,
                                    services: services, tenantId: tenant.id, arrivals: arrivals)
        figures.set("changes", .int(Int64(changes)))
        figures.set("subscriptions", .int(Int64(Self.subscriptionCount)))
        figures.set("notificationsDelivered", .int(Int64(flood.delivered)))
        figures.set("posts", .int(Int64(arrivals.posts.withLock { $0 })))
        figures.set("ingestChangesPerSecond", rounded(flood.ingestRate))
        figures.set("notificationsPerSecond", rounded(flood.deliveryRate))
        figures.set("floodChangeToDeliveryP50Ms", rounded(flood.p50))
        figures.set("floodChangeToDeliveryP99Ms", rounded(flood.p99))
        figures.set("pacedRate", .int(Int64(pacedRate)))
        figures.set("pacedNotificationsDelivered", .int(Int64(paced.delivered)))
        figures.set("changeToDeliveryP50Ms", rounded(paced.p50))
        figures.set("changeToDeliveryP99Ms", rounded(paced.p99))
        figures.set("changeToDeliveryMaxMs", rounded(paced.max))
        figures.set("peakRSSBytes", .int(Int64(peakRSSBytes())))
        return figures
    }

    struct Phase {
        var delivered = 0
        var ingestRate = 0.0
        var deliveryRate = 0.0
        var p50 = 0.0, p99 = 0.0, max = 0.0
    }

    /// Ingests `count` new alerts in batches (at `rate` changes per second, or as fast as possible) and
    /// waits until their notifications arrived (at most two minutes).
    func phase(count: Int, first: Int, rate: Int?, generator: inout AlertGenerator, services: VigilServices,
               tenantId: String, arrivals: Arrivals) async throws -> Phase {
        var committed: [String: Double] = [:]
        committed.reserveCapacity(count)
        let batch = rate.map { max(1, min(batchSize, $0 / 20)) } ?? batchSize
        let started = monotonicSeconds()
        var ingested = 0
        while ingested < count {
            let n = min(batch, count - ingested)
            let alerts = generator.alerts(count: n, start: first + ingested).enumerated().map { i, alert -> Alert in
                var alert = alert
                alert.id = "n-\(first + ingested + i)"
                alert.category = "bench-\((first + ingested + i) % Self.subscriptionCount)"
                return alert
            }
            _ = try await services.alerts.ingest(tenantId: tenantId, alerts: alerts, at: .now())
            let at = monotonicSeconds()
            for alert in alerts { committed[alert.id!] = at }
            ingested += n
            if let rate {
                let due = started + Double(ingested) / Double(rate)
                if due > at { try await Task.sleep(for: .milliseconds(Int64((due - at) * 1000))) }
            }
        }
        let ingestSeconds = monotonicSeconds() - started
        let deadline = monotonicSeconds() + 120
        func delivered() -> [String: Double] { arrivals.times.withLock { t in t.filter { committed[$0.key] != nil } } }
        var times = delivered()
        while times.count < count, monotonicSeconds() < deadline {
            try await Task.sleep(for: .milliseconds(10))
            times = delivered()
        }
        var latencies = times.compactMap { id, arrived in committed[id].map { Swift.max(0, arrived - $0) * 1000 } }
        latencies.sort()
        func percentile(_ p: Double) -> Double {
            latencies.isEmpty ? 0 : latencies[min(latencies.count - 1, Int(Double(latencies.count) * p))]
        }
        let last = times.values.max() ?? started
        return Phase(delivered: times.count, ingestRate: Double(count) / ingestSeconds,
                     deliveryRate: Double(times.count) / Swift.max(0.001, last - started),
                     p50: percentile(0.5), p99: percentile(0.99), max: latencies.last ?? 0)
    }

    func requireNotifications(_ services: VigilServices) throws -> NotificationServices {
        guard let notifications = services.notifications else {
            throw VigilError(.serviceUnavailable, "The benchmark needs the database-backed notification services.")
        }
        return notifications
    }
}

import Foundation
import Logging
import ServiceLifecycle
import VigilCore
import VigilStorage

/// Delivers the outbox: claims due entries, posts them to their receivers as `changeNotificationCollection`s
/// (up to `batchSize` per POST, grouped by URL), removes what a receiver accepted with a 2xx and reschedules
/// the rest with backoff until the retry window ends, when they are dead-lettered and the subscription gets
/// a `missed` lifecycle notification. Wakes as soon as a change commits.
public final class NotificationDispatcher: Service {
    let outbox: any NotificationOutbox
    let subscriptions: any SubscriptionRepository
    let client: WebhookClient
    let settings: NotificationSettings
    let signal: ChangeSignal
    let logger: Logger
    let holder = "dispatcher-\(UUID().uuidString.lowercased())"
    let clock: @Sendable () -> Double
    let random: @Sendable () -> Double
    /// Where a failed round shows (`notifications.dispatcher`).
    let health: HealthRegistry?

    /// - Parameters:
    ///   - clock: seconds since the epoch (tests move time).
    ///   - random: numbers in 0..<1 for the retry jitter.
    public init(outbox: any NotificationOutbox, subscriptions: any SubscriptionRepository, client: WebhookClient,
                settings: NotificationSettings, signal: ChangeSignal, logger: Logger = Logger(label: "vigil.notifications"),
                clock: @escaping @Sendable () -> Double = { DateTimeOffset.now().epochSeconds },
                random: @escaping @Sendable () -> Double = { Double.random(in: 0..<1) }, health: HealthRegistry? = nil)
    {
        self.health = health
        self.outbox = outbox
        self.subscriptions = subscriptions
        self.client = client
        self.settings = settings
        self.signal = signal
        self.logger = logger
        self.clock = clock
        self.random = random
    }

    /// The name this dispatcher's health is recorded under.
    public static let component = "notifications.dispatcher"

    /// Entries claimed per round.
    static let claimLimit = 1000

    public func run() async throws {
        try await outbox.recoverClaims()
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                var handled = 0
                do {
                    handled = try await self.dispatchOnce()
                    await self.health?.succeeded(Self.component)
                } catch {
                    self.logger.error("notification dispatch failed; retrying in a second: \(error)")
                    await self.health?.failed(Self.component, "a delivery round failed", error: error)
                }
                if handled == 0 { await self.sleepUntilDue() }
            }
        }
    }

    /// Waits for a commit, the next scheduled retry, or one second, whichever is first.
    private func sleepUntilDue() async {
        var wait = 1.0
        do {
            if let due = try await outbox.nextDue() { wait = min(wait, max(0.005, due - clock())) }
        } catch {
            logger.error("cannot read the outbox schedule: \(error)")
        }
        await signal.wait(timeout: .milliseconds(Int64(wait * 1000)))
    }

    /// One round: claims due entries and delivers them. Returns how many entries were handled.
    @discardableResult
    public func dispatchOnce() async throws -> Int {
        let lease = settings.deliveryTimeoutSeconds * 2 + 15
        let entries = try await outbox.claim(now: clock(), holder: holder, lease: lease, limit: Self.claimLimit)
        guard !entries.isEmpty else { return 0 }
        var records: [String: SubscriptionRecord] = [:]
        var orphans: [OutboxEntry] = []
        var groups: [GroupKey: [OutboxEntry]] = [:]
        var order: [GroupKey] = []
        for entry in entries {
            let key = entry.tenantId + "\u{0}" + entry.subscriptionId
            if records[key] == nil, let record = try await subscriptions.subscription(tenantId: entry.tenantId, id: entry.subscriptionId) {
                records[key] = record
            }
            guard let record = records[key] else {
                orphans.append(entry)
                continue
            }
            let url = entry.kind == .lifecycle ? record.lifecycleTarget : record.notificationUrl
            let group = GroupKey(url: url, secret: record.signingSecret?.revealed ?? "")
            if groups[group] == nil { order.append(group) }
            groups[group, default: []].append(entry)
        }
        if !orphans.isEmpty {
            // The subscription was deleted after the entries were claimed: nobody is left to tell.
            for (subscription, items) in Dictionary(grouping: orphans, by: { $0.subscriptionId }) {
                try await outbox.delivered(items.map(\.id), attempt: DeliveryAttempt(
                    subscriptionId: subscription, tenantId: items[0].tenantId, kind: items[0].kind, attemptedAt: clock(),
                    statusCode: nil, error: "the subscription was deleted; dropped", notifications: items.count,
                    durationMs: 0))
            }
        }
        var batches: [(GroupKey, [OutboxEntry])] = []
        for key in order {
            let items = groups[key] ?? []
            for start in stride(from: 0, to: items.count, by: settings.batchSize) {
                batches.append((key, Array(items[start..<min(start + settings.batchSize, items.count)])))
            }
        }
        let recordsByKey = records
        // The POSTs run concurrently; their outcomes are recorded together, in one write.
        let outcomes = await withTaskGroup(of: [RoundOutcome].self) { group in
            var running = 0
            var all: [RoundOutcome] = []
            for (key, batch) in batches {
                if running >= settings.maxConcurrentDeliveries, let done = await group.next() {
                    all += done
                    running -= 1
                }
                group.addTask { await self.deliver(batch, to: key, records: recordsByKey) }
                running += 1
            }
            for await done in group { all += done }
            return all
        }
        try await outbox.settle(outcomes.map(\.outcome))
        for dead in outcomes.filter(\.deadLettered) {
            guard let record = recordsByKey[dead.outcome.attempt.tenantId + "\u{0}" + dead.outcome.attempt.subscriptionId] else { continue }
            logger.warning("notifications dead-lettered after the retry window",
                           metadata: ["subscription": "\(record.id)", "error": "\(dead.outcome.attempt.error ?? "")"])
            try await outbox.enqueueLifecycle(tenantId: record.tenantId, subscriptionId: record.id, event: "missed", at: clock())
        }
        return entries.count
    }

    /// One subscription's share of a POST, and whether change notifications of it were dead-lettered.
    struct RoundOutcome: Sendable {
        var outcome: DeliveryOutcome
        var deadLettered: Bool
    }

    struct GroupKey: Hashable {
        var url: String
        var secret: String
    }

    /// Posts one batch and says what became of each subscription's entries (recorded by the caller).
    private func deliver(_ batch: [OutboxEntry], to key: GroupKey, records: [String: SubscriptionRecord]) async -> [RoundOutcome] {
        let items: [JSONValue] = batch.compactMap { entry in
            records[entry.tenantId + "\u{0}" + entry.subscriptionId].map { Self.notification(entry, $0) }
        }
        let body = JSONWriter.bytes(["value": .array(items)])
        var headers: [(String, String)] = []
        if !key.secret.isEmpty {
            headers.append(("X-Vigil-Signature",
                            WebhookClient.signature(body: body, secret: Secret(key.secret), timestamp: Int64(clock()))))
        }
        let started = ContinuousClock.now
        let attemptedAt = clock()
        let answer = await client.post(key.url, body: body, contentType: "application/json", headers: headers,
                                       timeout: settings.deliveryTimeoutSeconds, policy: settings.targetPolicy,
                                       field: "notificationUrl")
        let durationMs = Int((ContinuousClock.now - started) / .milliseconds(1))
        let accepted = answer.status.map { (200..<300).contains($0) } ?? false
        let error = accepted ? nil : (answer.error ?? "answered \(answer.status ?? 0)")
        let policy = settings.retryPolicy
        let now = clock()
        return Dictionary(grouping: batch, by: { $0.tenantId + "\u{0}" + $0.subscriptionId }).values.map { entries in
            let first = entries[0]
            let attempt = DeliveryAttempt(subscriptionId: first.subscriptionId, tenantId: first.tenantId, kind: first.kind,
                                          attemptedAt: attemptedAt, statusCode: answer.status, error: error,
                                          notifications: entries.count, durationMs: durationMs)
            if accepted { return RoundOutcome(outcome: DeliveryOutcome(attempt: attempt, delivered: entries.map(\.id)), deadLettered: false) }
            let failures = entries.map { entry in
                OutboxFailure(id: entry.id, retryAt: policy.nextAttempt(attempts: entry.attempts + 1, createdAt: entry.createdAt,
                                                                          now: now, random: random()))
            }
            let dead = zip(entries, failures).contains { $0.0.kind == .change && $0.1.retryAt == nil }
            return RoundOutcome(outcome: DeliveryOutcome(attempt: attempt, failures: failures), deadLettered: dead)
        }
    }

    /// One item of a `changeNotificationCollection` (spec §6.3, §6.4).
    static func notification(_ entry: OutboxEntry, _ record: SubscriptionRecord) -> JSONValue {
        var item: [String: JSONValue] = [
            "subscriptionId": .string(record.id),
            "subscriptionExpirationDateTime": .string(record.expirationDateTime.iso8601),
            "tenantId": .string(record.tenantId),
        ]
        if let clientState = record.clientState { item["clientState"] = .string(clientState.revealed) }
        switch entry.kind {
        case .lifecycle:
            item["lifecycleEvent"] = .string(entry.lifecycleEvent ?? "missed")
        case .change:
            let id = entry.alertId ?? ""
            let path = "Security/Alerts/\(id)"
            item["id"] = .string(String(entry.id))
            item["changeType"] = .string(entry.changeType?.rawValue ?? "updated")
            item["resource"] = .string(path)
            item["resourceData"] = ["@odata.type": "#Microsoft.Graph.Alert", "@odata.id": .string(path), "id": .string(id)]
        }
        return .object(item)
    }
}

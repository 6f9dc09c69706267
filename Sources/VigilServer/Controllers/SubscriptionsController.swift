import Foundation
import Hummingbird
import VigilCore
import VigilNotifications
import VigilStorage
import VigilEngine

/// `/{version}/subscriptions`: webhook subscriptions to alert changes (spec §6), with the validation
/// handshake before the 201, and Vigil's delivery log (`…/{id}/deliveries`, `…/deliveries/replay`).
/// An app sees and changes the subscriptions it created; `Vigil.Admin` sees the tenant's.
struct SubscriptionsController {
    let services: VigilServices
    let version: String
    /// Graph's limit for security alerts.
    static let maxMinutes: Int64 = 43_200
    static let maxClientState = 128
    static let creatable: Set<String> = ["changeType", "notificationUrl", "resource", "expirationDateTime", "clientState",
                                         "lifecycleNotificationUrl", "latestSupportedTlsVersion", "includeResourceData",
                                         "encryptionCertificate", "encryptionCertificateId", "notificationContentType",
                                         "@odata.type", signingSecretKey]
    static let signingSecretKey = "@vigil.signingSecret"

    func addRoutes(to group: RouterGroup<VigilRequestContext>) {
        group.post("subscriptions") { request, context in try await create(request, context) }
        group.get("subscriptions") { request, context in try await list(request, context) }
        group.get("subscriptions/:id") { request, context in try await get(request, context) }
        group.patch("subscriptions/:id") { request, context in try await patch(request, context) }
        group.delete("subscriptions/:id") { request, context in try await delete(request, context) }
        group.get("subscriptions/:id/deliveries") { request, context in try await deliveries(request, context) }
        group.post("subscriptions/:id/deliveries/replay") { request, context in try await replay(request, context) }
    }

    private func admit(_ context: VigilRequestContext) async throws -> (CallerIdentity, NotificationServices) {
        let caller = try context.caller()
        guard caller.has(anyOf: [Permission.securityEventsReadWrite]) else {
            throw VigilError(.forbidden, "Missing permission: subscriptions to security alerts need \(Permission.securityEventsReadWrite).")
        }
        try await services.limiter.admit(tenantId: caller.tenantId, appId: caller.appId, resource: "alerts")
        guard let notifications = services.notifications else {
            throw VigilError(.serviceUnavailable, "Subscriptions need the database; this server runs without one.")
        }
        return (caller, notifications)
    }

    private var contextURL: String { "\(services.configuration.baseURL)/\(version)/$metadata#subscriptions" }

    private func entity(_ record: SubscriptionRecord) -> JSONValue {
        var body = Self.annotated(record)
        body["@odata.context"] = .string(contextURL + "/$entity")
        return .object(body)
    }

    /// A subscription as answered, with Vigil's annotations: `@vigil.signed` when notifications are signed, and
    /// `@vigil.resourceError` when its resource no longer compiles (a property of alerts it filters on is gone):
    /// such a subscription receives nothing, and says so here instead of looking active.
    static func annotated(_ record: SubscriptionRecord) -> [String: JSONValue] {
        var body = record.subscription.jsonObject
        if record.signingSecret != nil { body["@vigil.signed"] = true }
        do {
            _ = try AlertSubscriptionResource.parse(record.resource, allowUnfiltered: true)
        } catch {
            body["@vigil.resourceError"] = .string("The resource no longer compiles, so this subscription receives nothing: \(error.message)")
        }
        return body
    }

    /// The caller's subscription, or 404 (also for another app's, so ids do not leak).
    private func owned(_ id: String, _ caller: CallerIdentity, _ n: NotificationServices) async throws -> SubscriptionRecord {
        guard let record = try await n.subscriptions.subscription(tenantId: caller.tenantId, id: id),
              record.appId == caller.appId || caller.permissions.contains(Permission.admin) else {
            throw VigilError(.notFound, "No subscription with id '\(id)'.")
        }
        return record
    }

    // MARK: - Create

    func create(_ request: Request, _ context: VigilRequestContext) async throws -> Response {
        var request = request
        let (caller, n) = try await admit(context)
        let body = try await request.jsonObjectBody(limit: 64 * 1024)
        for key in body.keys where !Self.creatable.contains(key) && !key.hasPrefix("@odata.") {
            throw VigilError(.badRequest, "The property '\(key)' is not a subscription property.", target: key)
        }
        let given = Subscription(jsonObject: body.filter { !$0.key.hasPrefix("@") })
        let now = DateTimeOffset.now()
        guard let resource = given.resource, !resource.isEmpty else { throw Self.required("resource") }
        guard let notificationUrl = given.notificationUrl, !notificationUrl.isEmpty else { throw Self.required("notificationUrl") }
        guard let changeType = given.changeType, !changeType.isEmpty else { throw Self.required("changeType") }
        guard body["expirationDateTime"] != nil else { throw Self.required("expirationDateTime") }
        let changeTypes = try Self.changeTypes(changeType)
        _ = try AlertSubscriptionResource.parse(resource, allowUnfiltered: n.settings.allowUnfilteredAlerts)
        let expiration = try Self.expiration(given.expirationDateTime, raw: body["expirationDateTime"], now: now)
        if let state = given.clientState, state.count > Self.maxClientState {
            throw VigilError(.badRequest, "clientState is at most \(Self.maxClientState) characters.", target: "clientState")
        }
        if given.includeResourceData == true {
            throw VigilError(.badRequest, "includeResourceData is not supported for security alerts.", target: "includeResourceData")
        }
        if let tls = given.latestSupportedTlsVersion, !["v1_0", "v1_1", "v1_2", "v1_3"].contains(tls) {
            throw VigilError(.badRequest, "latestSupportedTlsVersion must be v1_0, v1_1, v1_2 or v1_3.", target: "latestSupportedTlsVersion")
        }
        var signingSecret: Secret?
        if let value = body[Self.signingSecretKey] {
            guard let text = value.stringValue, text.utf8.count >= 16 else {
                throw VigilError(.badRequest, "\(Self.signingSecretKey) must be a string of at least 16 characters.", target: Self.signingSecretKey)
            }
            signingSecret = Secret(text)
        }
        let lifecycleUrl = given.lifecycleNotificationUrl.flatMap { $0.isEmpty ? nil : $0 }
        let policy = n.settings.targetPolicy
        try await n.webhooks.check(notificationUrl, field: "notificationUrl", policy: policy)
        if let lifecycleUrl { try await n.webhooks.check(lifecycleUrl, field: "lifecycleNotificationUrl", policy: policy) }
        try await n.webhooks.validate(notificationUrl, field: "notificationUrl", timeout: n.settings.validationTimeoutSeconds,
                                      policy: policy)
        if let lifecycleUrl, lifecycleUrl != notificationUrl {
            try await n.webhooks.validate(lifecycleUrl, field: "lifecycleNotificationUrl",
                                          timeout: n.settings.validationTimeoutSeconds, policy: policy)
        }
        var subscription = Subscription()
        subscription.id = UUID().uuidString.lowercased()
        subscription.resource = resource
        subscription.applicationId = caller.appId
        subscription.changeType = changeTypes.map(\.rawValue).joined(separator: ",")
        subscription.clientState = given.clientState
        subscription.notificationUrl = notificationUrl
        subscription.lifecycleNotificationUrl = lifecycleUrl
        subscription.expirationDateTime = expiration
        subscription.creatorId = caller.user ?? caller.appId
        subscription.latestSupportedTlsVersion = given.latestSupportedTlsVersion ?? "v1_2"
        subscription.notificationContentType = "application/json"
        subscription.includeResourceData = false
        subscription.encryptionCertificate = nil
        subscription.encryptionCertificateId = nil
        let record = SubscriptionRecord(
            tenantId: caller.tenantId, id: subscription.id!, appId: caller.appId, resource: resource, changeTypes: changeTypes,
            notificationUrl: notificationUrl, lifecycleNotificationUrl: lifecycleUrl, clientState: given.clientState.map(Secret.init),
            signingSecret: signingSecret, expirationDateTime: expiration, createdDateTime: now, subscription: subscription)
        try await n.subscriptions.create(record)
        try await n.router.refresh()
        return GraphResponse.json(entity(record), status: .created)
    }

    static func required(_ name: String) -> VigilError {
        VigilError(.badRequest, "The property '\(name)' is required.", target: name)
    }

    /// `created`, `updated` (comma-separated); `deleted` is refused: Vigil never deletes alerts.
    static func changeTypes(_ text: String) throws(VigilError) -> [AlertChangeType] {
        var types: [AlertChangeType] = []
        for part in text.split(separator: ",") {
            let name = part.trimmingCharacters(in: .whitespaces)
            guard let type = AlertChangeType(rawValue: name) else {
                throw VigilError(.badRequest, name == "deleted"
                                 ? "changeType 'deleted' is not supported for security alerts (alerts are never deleted)."
                                 : "changeType '\(name)' is not valid; use created, updated or both, comma-separated.",
                                 target: "changeType")
            }
            if !types.contains(type) { types.append(type) }
        }
        guard !types.isEmpty else { throw required("changeType") }
        return types
    }

    /// A future instant at most 43200 minutes ahead.
    static func expiration(_ value: DateTimeOffset?, raw: JSONValue?, now: DateTimeOffset) throws(VigilError) -> DateTimeOffset {
        guard let value else {
            throw VigilError(.badRequest, "expirationDateTime must be a date-time with a zone, such as 2030-01-01T00:00:00Z.",
                             target: "expirationDateTime")
        }
        guard value > now else {
            throw VigilError(.badRequest, "expirationDateTime must be in the future.", target: "expirationDateTime")
        }
        guard value.secondsSinceEpoch - now.secondsSinceEpoch <= maxMinutes * 60 else {
            throw VigilError(.badRequest, "expirationDateTime must be at most \(maxMinutes) minutes from now for security alerts.",
                             target: "expirationDateTime")
        }
        return value
    }

    // MARK: - Read, change, delete

    func list(_ request: Request, _ context: VigilRequestContext) async throws -> Response {
        let (caller, n) = try await admit(context)
        let appId = caller.permissions.contains(Permission.admin) ? nil : caller.appId
        let now = DateTimeOffset.now()
        let records = try await n.subscriptions.subscriptions(tenantId: caller.tenantId, appId: appId)
            .filter { $0.expirationDateTime > now }
        return GraphResponse.json(["@odata.context": .string(contextURL),
                                   "value": .array(records.map { .object(Self.annotated($0)) })])
    }

    func get(_ request: Request, _ context: VigilRequestContext) async throws -> Response {
        let (caller, n) = try await admit(context)
        return GraphResponse.json(entity(try await owned(context.parameters.get("id") ?? "", caller, n)))
    }

    func patch(_ request: Request, _ context: VigilRequestContext) async throws -> Response {
        var request = request
        let (caller, n) = try await admit(context)
        var record = try await owned(context.parameters.get("id") ?? "", caller, n)
        let body = try await request.jsonObjectBody(limit: 64 * 1024)
        for key in body.keys where !key.hasPrefix("@odata.") {
            guard ["expirationDateTime", "notificationUrl"].contains(key) else {
                throw VigilError(.badRequest, key == "lifecycleNotificationUrl"
                                 ? "lifecycleNotificationUrl cannot be added or changed with PATCH; create a new subscription."
                                 : "The property '\(key)' cannot be updated; expirationDateTime and notificationUrl can.",
                                 target: key)
            }
        }
        let given = Subscription(jsonObject: body)
        if body["expirationDateTime"] != nil {
            record.expirationDateTime = try Self.expiration(given.expirationDateTime, raw: body["expirationDateTime"], now: .now())
            record.subscription.expirationDateTime = record.expirationDateTime
        }
        if body["notificationUrl"] != nil {
            guard let url = given.notificationUrl, !url.isEmpty else { throw Self.required("notificationUrl") }
            try await n.webhooks.check(url, field: "notificationUrl", policy: n.settings.targetPolicy)
            try await n.webhooks.validate(url, field: "notificationUrl", timeout: n.settings.validationTimeoutSeconds,
                                          policy: n.settings.targetPolicy)
            record.notificationUrl = url
            record.subscription.notificationUrl = url
        }
        guard try await n.subscriptions.update(record) else { throw VigilError(.notFound, "No subscription with id '\(record.id)'.") }
        try await n.router.refresh()
        return GraphResponse.json(entity(record))
    }

    func delete(_ request: Request, _ context: VigilRequestContext) async throws -> Response {
        let (caller, n) = try await admit(context)
        let record = try await owned(context.parameters.get("id") ?? "", caller, n)
        _ = try await n.subscriptions.delete(tenantId: caller.tenantId, id: record.id)
        try await n.router.refresh()
        return GraphResponse.empty()
    }

    // MARK: - Delivery log (Vigil extension)

    func deliveries(_ request: Request, _ context: VigilRequestContext) async throws -> Response {
        let (caller, n) = try await admit(context)
        let record = try await owned(context.parameters.get("id") ?? "", caller, n)
        let report = try await n.outbox.report(tenantId: caller.tenantId, subscriptionId: record.id, limit: 100)
        func time(_ t: Double?) -> JSONValue { t.map { .string(DateTimeOffset(epochSeconds: $0).iso8601) } ?? .null }
        func entry(_ e: OutboxEntry) -> JSONValue {
            ["id": .string(String(e.id)), "kind": .string(e.kind.rawValue),
             "changeType": e.changeType.map { .string($0.rawValue) } ?? .null,
             "lifecycleEvent": e.lifecycleEvent.map(JSONValue.string) ?? .null,
             "resource": e.alertId.map { .string("Security/Alerts/\($0)") } ?? .null,
             "createdDateTime": time(e.createdAt), "attempts": .int(Int64(e.attempts)),
             "lastAttemptDateTime": time(e.lastAttemptAt), "lastStatusCode": e.lastStatus.map { .int(Int64($0)) } ?? .null,
             "lastError": e.lastError.map(JSONValue.string) ?? .null,
             "nextAttemptDateTime": e.state == .pending ? time(e.nextAttemptAt) : .null,
             "deadLetteredDateTime": time(e.deadLetteredAt)]
        }
        let attempts: [JSONValue] = report.attempts.map { a in
            ["dateTime": time(a.attemptedAt), "kind": .string(a.kind.rawValue),
             "statusCode": a.statusCode.map { .int(Int64($0)) } ?? .null, "error": a.error.map(JSONValue.string) ?? .null,
             "notifications": .int(Int64(a.notifications)), "durationMs": .int(Int64(a.durationMs))]
        }
        return GraphResponse.json([
            "@odata.context": .string(contextURL + "('\(record.id)')/deliveries"),
            "subscriptionId": .string(record.id), "pending": .int(Int64(report.pending)),
            "deadLettered": .int(Int64(report.deadLettered)), "nextAttemptDateTime": time(report.nextAttemptAt),
            "attempts": .array(attempts), "retrying": .array(report.retrying.map(entry)),
            "deadLetters": .array(report.deadLetters.map(entry)),
        ])
    }

    func replay(_ request: Request, _ context: VigilRequestContext) async throws -> Response {
        var request = request
        let (caller, n) = try await admit(context)
        let record = try await owned(context.parameters.get("id") ?? "", caller, n)
        var ids: [Int64]?
        if request.head.headerFields[.contentLength].map({ $0 != "0" }) ?? (request.head.headerFields[.contentType] != nil) {
            let body = try await request.jsonObjectBody(limit: 1024 * 1024)
            if let value = body["ids"] {
                guard case .array(let items) = value else {
                    throw VigilError(.badRequest, "'ids' must be an array of dead-letter ids.", target: "ids")
                }
                ids = try items.map { item throws(VigilError) -> Int64 in
                    guard let text = item.stringValue, let id = Int64(text) else {
                        throw VigilError(.badRequest, "'ids' must hold the string ids listed under deadLetters.", target: "ids")
                    }
                    return id
                }
            }
        }
        let replayed = try await n.outbox.replay(tenantId: caller.tenantId, subscriptionId: record.id, ids: ids,
                                                 at: DateTimeOffset.now().epochSeconds)
        n.signal.notify()
        return GraphResponse.json(["replayed": .int(Int64(replayed))])
    }
}

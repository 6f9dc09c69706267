import Foundation
import Hummingbird
import VigilCore
import VigilStorage

/// `/security/alerts` under `/v1.0` and `/beta`: list with OData, get, PATCH, and beta `updateAlerts`.
struct AlertsController {
    let services: VigilServices

    /// Properties a PATCH may change (plus `vendorInformation`, which routes it).
    static let updatable: Set<String> = ["assignedTo", "closedDateTime", "comments", "feedback", "status", "tags"]

    func addRoutes(to group: RouterGroup<VigilRequestContext>, version: String) {
        group.get("security/alerts") { request, context in try await list(request, context, version: version) }
        group.get("security/alerts/:id") { request, context in try await get(request, context, version: version) }
        group.patch("security/alerts/:id") { request, context in try await patch(request, context, version: version) }
        if version == "beta" {
            group.post("security/alerts/updateAlerts") { request, context in try await updateAlerts(request, context) }
        }
    }

    private func admit(_ context: VigilRequestContext, write: Bool) async throws -> CallerIdentity {
        let caller = try context.caller()
        let required = write ? [Permission.securityEventsReadWrite]
                             : [Permission.securityEventsRead, Permission.securityEventsReadWrite]
        guard caller.has(anyOf: required) else {
            throw VigilError(.forbidden, "Missing permission: this operation needs \(required.joined(separator: " or ")).")
        }
        try await services.limiter.admit(tenantId: caller.tenantId, appId: caller.appId, resource: "alerts")
        return caller
    }

    // MARK: - List

    func list(_ request: Request, _ context: VigilRequestContext, version: String) async throws -> Response {
        let caller = try await admit(context, write: false)
        let pairs = try request.queryPairs()
        let query = try ODataQuery<Alert>.parse(pairs)
        let digest = PageCursor.queryDigest(filter: query.filterText, orderBy: query.orderBy)
        let cursor = try query.skipToken.map { token throws(VigilError) in
            try PageCursor.decode(token, tenantId: caller.tenantId, query: digest)
        }
        let top = query.top ?? services.configuration.defaultPageSize
        let page = try await services.alerts.list(
            tenantId: caller.tenantId,
            request: AlertListRequest(filter: query.filter, orderBy: query.orderBy, top: top, skip: query.skip ?? 0,
                                      count: query.count, cursor: cursor, queryDigest: digest))
        var contextURL = "\(services.configuration.baseURL)/\(version)/$metadata#security/alerts"
        if let select = query.select { contextURL += "(\(select.joined(separator: ",")))" }
        // Written by hand so stored alerts are copied, not decoded and encoded again (unless $select).
        var out: [UInt8] = []
        out.reserveCapacity(page.items.reduce(256) { $0 + $1.body.count + 40 })
        out.append(contentsOf: #"{"@odata.context":"#.utf8)
        JSONWriter.writeString(contextURL, to: &out)
        if let total = page.totalCount { out.append(contentsOf: #","@odata.count":\#(total)"#.utf8) }
        if let next = page.next {
            out.append(contentsOf: #","@odata.nextLink":"#.utf8)
            JSONWriter.writeString(nextLink(version: version, pairs: pairs, token: next.token), to: &out)
        }
        out.append(contentsOf: #","value":["#.utf8)
        for (i, item) in page.items.enumerated() {
            if i > 0 { out.append(UInt8(ascii: ",")) }
            if query.select != nil {
                JSONWriter.write(.object(query.project(try item.decode())), to: &out)
            } else {
                item.writeAnnotated(to: &out)
            }
        }
        out.append(contentsOf: "]}".utf8)
        return GraphResponse.json(bytes: out)
    }

    /// The absolute URL of the next page: the original options (without `$skip`/`$skiptoken`) plus the cursor.
    private func nextLink(version: String, pairs: [(name: String, value: String)], token: String) -> String {
        var items = pairs.filter { pair in
            let name = pair.name.lowercased()
            return !["$skip", "skip", "$skiptoken", "skiptoken"].contains(name)
        }
        items.append(("$skiptoken", token))
        let query = items.map { "\(Self.encode($0.name))=\(Self.encode($0.value))" }.joined(separator: "&")
        return "\(services.configuration.baseURL)/\(version)/security/alerts?\(query)"
    }

    static func encode(_ text: String) -> String {
        var allowed = CharacterSet.urlQueryAllowed
        allowed.remove(charactersIn: "&=+#?/")
        allowed.insert("$")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
    }

    // MARK: - Get

    func get(_ request: Request, _ context: VigilRequestContext, version: String) async throws -> Response {
        let caller = try await admit(context, write: false)
        let id = context.parameters.get("id") ?? ""
        let query = try ODataQuery<Alert>.parse(try request.queryPairs().filter {
            ["$select", "select"].contains($0.name.lowercased())
        })
        guard let alert = try await services.alerts.alert(tenantId: caller.tenantId, id: id) else {
            throw VigilError(.notFound, "No alert with id '\(id)' was found.")
        }
        var body = query.project(alert)
        body["@odata.context"] = .string("\(services.configuration.baseURL)/\(version)/$metadata#security/alerts/$entity")
        return GraphResponse.json(.object(body))
    }

    // MARK: - Update

    /// A validated PATCH body.
    struct AlertChange: Sendable {
        var values: Alert
        var present: Set<String>
        var provider: String
        var vendor: String
    }

    /// Checks a PATCH body: only updatable properties, with their declared types and known enum members,
    /// and `vendorInformation` with `provider` and `vendor`.
    static func change(from object: [String: JSONValue]) throws(VigilError) -> AlertChange {
        var present: Set<String> = []
        for key in object.keys where !key.hasPrefix("@") {
            if key == "vendorInformation" || key == "id" { continue }
            guard updatable.contains(key) else {
                throw VigilError(.badRequest,
                                 "The property '\(key)' cannot be updated; updatable properties are \(updatable.sorted().joined(separator: ", ")).",
                                 target: key)
            }
            present.insert(key)
        }
        let values = Alert(jsonObject: object)
        if let bad = values.passthrough.invalidProperties.sorted().first {
            throw VigilError(.badRequest, "The property '\(bad)' does not have the type the alert schema declares.",
                             target: bad)
        }
        if let status = values.status, !status.isKnown {
            throw VigilError(.badRequest, "'\(status)' is not a member of alertStatus.", target: "status")
        }
        if let feedback = values.feedback, !feedback.isKnown {
            throw VigilError(.badRequest, "'\(feedback)' is not a member of alertFeedback.", target: "feedback")
        }
        guard let provider = values.vendorInformation?.provider, !provider.isEmpty,
              let vendor = values.vendorInformation?.vendor, !vendor.isEmpty else {
            throw VigilError(.badRequest, "The body must contain vendorInformation with provider and vendor.",
                             target: "vendorInformation")
        }
        return AlertChange(values: values, present: present, provider: provider, vendor: vendor)
    }

    /// Applies a change and appends the history entry stamped from the token.
    static func apply(_ change: AlertChange, to alert: inout Alert, caller: CallerIdentity, now: DateTimeOffset) {
        let v = change.values
        let p = change.present
        func set<T>(_ name: String, _ keyPath: WritableKeyPath<Alert, T?>) {
            guard p.contains(name) else { return }
            alert[keyPath: keyPath] = v[keyPath: keyPath]
            if v[keyPath: keyPath] == nil { alert.passthrough.explicitNulls.insert(name) }
        }
        set("assignedTo", \.assignedTo)
        set("closedDateTime", \.closedDateTime)
        set("comments", \.comments)
        set("feedback", \.feedback)
        set("status", \.status)
        set("tags", \.tags)
        if let status = alert.status, let canonical = AlertStatus.schema.canonicalName(status.rawValue) {
            alert.status = AlertStatus(rawValue: canonical)
        }
        var entry = AlertHistoryState()
        entry.appId = caller.appId
        entry.user = caller.user
        entry.updatedDateTime = now
        entry.assignedTo = alert.assignedTo
        entry.status = alert.status
        entry.feedback = alert.feedback
        entry.comments = alert.comments
        alert.historyStates = (alert.historyStates ?? []) + [entry]
        alert.lastModifiedDateTime = now
    }

    func patch(_ request: Request, _ context: VigilRequestContext, version: String) async throws -> Response {
        var request = request
        let caller = try await admit(context, write: true)
        let id = context.parameters.get("id") ?? ""
        let change = try Self.change(from: try await request.jsonObjectBody())
        let updated = try await update(id: id, change, caller: caller, now: .now())
        let prefer = request.headers[.prefer]?.lowercased() ?? ""
        guard prefer.contains("return=representation") else { return GraphResponse.empty() }
        var body = updated.jsonObject
        body["@odata.context"] = .string("\(services.configuration.baseURL)/\(version)/$metadata#security/alerts/$entity")
        return GraphResponse.json(.object(body))
    }

    /// Applies a change to the alert the id and `vendorInformation` name, in the caller's tenant.
    private func update(id: String, _ change: AlertChange, caller: CallerIdentity, now: DateTimeOffset) async throws -> Alert {
        let notFound = VigilError(.notFound, "No alert with id '\(id)' from \(change.vendor)/\(change.provider) was found.")
        let updated = try await services.alerts.update(tenantId: caller.tenantId, id: id, provider: change.provider) { alert in
            guard alert.vendorInformation?.vendor == change.vendor else { throw notFound }
            Self.apply(change, to: &alert, caller: caller, now: now)
        }
        guard let updated else { throw notFound }
        return updated
    }

    /// Beta bulk update: each item is applied on its own; items that fail are reported in `@vigil.errors`
    /// and never stop the others.
    func updateAlerts(_ request: Request, _ context: VigilRequestContext) async throws -> Response {
        var request = request
        let caller = try await admit(context, write: true)
        let body = try await request.jsonObjectBody()
        guard case .array(let items)? = body["value"] else {
            throw VigilError(.badRequest, "The body must be {\"value\": [alert, ...]}.", target: "value")
        }
        guard items.count <= 100 else {
            throw VigilError(.payloadTooLarge, "At most 100 alerts can be updated in one request.")
        }
        var updated: [JSONValue] = []
        var errors: [JSONValue] = []
        let now = DateTimeOffset.now()
        for (index, item) in items.enumerated() {
            do {
                guard case .object(let object) = item else {
                    throw VigilError(.badRequest, "Item \(index) is not a JSON object.")
                }
                guard case .string(let id)? = object["id"], !id.isEmpty else {
                    throw VigilError(.badRequest, "Item \(index) has no 'id'.")
                }
                let result = try await update(id: id, try Self.change(from: object), caller: caller, now: now)
                updated.append(result.json)
            } catch let error as VigilError {
                errors.append(["index": .int(Int64(index)), "id": items[index]["id"] ?? .null,
                               "code": .string(error.code.graphCode), "message": .string(error.message)])
            }
        }
        var response: [String: JSONValue] = ["value": .array(updated)]
        if !errors.isEmpty { response["@vigil.errors"] = .array(errors) }
        return GraphResponse.json(.object(response))
    }
}

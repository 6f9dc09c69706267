import Foundation
import Hummingbird
import VigilCore
import VigilStorage
import VigilEngine

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
        let top = query.top ?? services.configuration.defaultPageSize
        let page = try await services.federation.list(
            tenantId: caller.tenantId, query: ProviderQuery(odata: query, top: top, skip: query.skip ?? 0),
            skipToken: query.skipToken)
        var contextURL = "\(services.configuration.baseURL)/\(version)/$metadata#security/alerts"
        if let select = query.select { contextURL += "(\(select.joined(separator: ",")))" }
        let next = page.nextToken.map { nextLink(version: version, pairs: pairs, token: $0) }
        let out = try AlertListBody.write(page, query: query, contextURL: contextURL, nextLink: next)
        return GraphResponse.json(bytes: out, status: page.warnings.isEmpty ? .ok : .partialContent,
                                  headers: Self.warningHeaders(page.warnings))
    }

    /// One `Warning` header listing every failing provider (`199 - "{vendor}/{provider}/{status}/{ms}"`).
    static func warningHeaders(_ warnings: [ProviderWarning]) -> HTTPFields {
        guard !warnings.isEmpty else { return [:] }
        var fields = HTTPFields()
        fields[.warning] = warnings.map(\.headerItem).joined(separator: ", ")
        return fields
    }

    /// The absolute URL of the next page: the original options (without `$skip`/`$skiptoken`) plus the cursor.
    private func nextLink(version: String, pairs: [(name: String, value: String)], token: String) -> String {
        var items = pairs.filter { pair in
            let name = pair.name.lowercased()
            return !["$skip", "skip", "$skiptoken", "skiptoken"].contains(name)
        }
        items.append(("$skiptoken", token))
        let query = items.map { "\(percentEncodeQueryComponent($0.name))=\(percentEncodeQueryComponent($0.value))" }.joined(separator: "&")
        return "\(services.configuration.baseURL)/\(version)/security/alerts?\(query)"
    }


    // MARK: - Get

    func get(_ request: Request, _ context: VigilRequestContext, version: String) async throws -> Response {
        let caller = try await admit(context, write: false)
        let id = context.parameters.get("id") ?? ""
        let query = try ODataQuery<Alert>.parse(try request.queryPairs().filter {
            ["$select", "select"].contains($0.name.lowercased())
        })
        let (item, warnings) = try await services.federation.alert(tenantId: caller.tenantId, id: id)
        guard let item else {
            var error = VigilError(.notFound, "No alert with id '\(id)' was found.")
            if !warnings.isEmpty {
                error.message += " Some providers could not be asked: see the Warning header."
                throw ResponseWithWarnings(error: error, headers: Self.warningHeaders(warnings))
            }
            throw error
        }
        var body = query.project(try item.decoded())
        body["@odata.context"] = .string("\(services.configuration.baseURL)/\(version)/$metadata#security/alerts/$entity")
        return GraphResponse.json(.object(body), status: warnings.isEmpty ? .ok : .partialContent,
                                  headers: Self.warningHeaders(warnings))
    }

    // MARK: - Update

    /// Checks a PATCH body: only updatable properties, with their declared types and known enum members,
    /// and `vendorInformation` with `provider` and `vendor`.
    static func change(from object: [String: JSONValue], caller: CallerIdentity, at now: DateTimeOffset) throws(VigilError) -> AlertUpdate {
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
        return AlertUpdate(present: present, values: values, vendor: vendor, provider: provider, body: object,
                           caller: caller, at: now)
    }

    func patch(_ request: Request, _ context: VigilRequestContext, version: String) async throws -> Response {
        var request = request
        let caller = try await admit(context, write: true)
        let id = context.parameters.get("id") ?? ""
        let change = try Self.change(from: try await request.jsonObjectBody(), caller: caller, at: .now())
        let updated = try await services.federation.update(tenantId: caller.tenantId, id: id, change: change)
        let prefer = request.headers[.prefer]?.lowercased() ?? ""
        guard prefer.contains("return=representation") else { return GraphResponse.empty() }
        var body = updated.jsonObject
        body["@odata.context"] = .string("\(services.configuration.baseURL)/\(version)/$metadata#security/alerts/$entity")
        return GraphResponse.json(.object(body))
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
                let change = try Self.change(from: object, caller: caller, at: now)
                let result = try await services.federation.update(tenantId: caller.tenantId, id: id, change: change)
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

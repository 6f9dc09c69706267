import Foundation
import Hummingbird
import VigilCore
import VigilDetection
import VigilStorage
import VigilEngine

/// `/beta/security/tiIndicators`: list (OData), get, create, PATCH, DELETE, and the bulk actions
/// `submitTiIndicators`, `updateTiIndicators`, `deleteTiIndicators`, `deleteTiIndicatorsByExternalId` (bare
/// or with the `microsoft.graph.` prefix). An app sees and changes only the indicators it submitted.
struct IndicatorsController {
    let services: VigilServices
    static let maxBatch = 100

    var repository: IndicatorRepository { services.indicators }

    func addRoutes(to group: RouterGroup<VigilRequestContext>) {
        group.get("security/tiIndicators") { request, context in try await list(request, context) }
        group.post("security/tiIndicators") { request, context in try await create(request, context) }
        group.get("security/tiIndicators/:id") { request, context in try await get(request, context) }
        group.patch("security/tiIndicators/:id") { request, context in try await patch(request, context) }
        group.delete("security/tiIndicators/:id") { request, context in try await delete(request, context) }
        for prefix in ["", "microsoft.graph."] {
            group.post("security/tiIndicators/\(prefix)submitTiIndicators") { request, context in try await submit(request, context) }
            group.post("security/tiIndicators/\(prefix)updateTiIndicators") { request, context in try await updateMany(request, context) }
            group.post("security/tiIndicators/\(prefix)deleteTiIndicators") { request, context in
                try await deleteMany(request, context, byExternalId: false)
            }
            group.post("security/tiIndicators/\(prefix)deleteTiIndicatorsByExternalId") { request, context in
                try await deleteMany(request, context, byExternalId: true)
            }
        }
    }

    private func admit(_ context: VigilRequestContext) async throws -> CallerIdentity {
        let caller = try context.caller()
        guard caller.has(anyOf: [Permission.threatIndicators]) else {
            throw VigilError(.forbidden, "Missing permission: threat indicators need \(Permission.threatIndicators).")
        }
        try await services.limiter.admit(tenantId: caller.tenantId, appId: caller.appId, resource: "indicators")
        return caller
    }

    private var entityContext: String { "\(services.configuration.baseURL)/beta/$metadata#security/tiIndicators/$entity" }

    private func entity(_ indicator: TiIndicator) -> JSONValue {
        var body = indicator.jsonObject
        body["@odata.context"] = .string(entityContext)
        return .object(body)
    }

    // MARK: - Read

    func list(_ request: Request, _ context: VigilRequestContext) async throws -> Response {
        let caller = try await admit(context)
        let list = InMemoryList<TiIndicator>(pairs: try request.queryPairs(), tokenPrefix: "i",
                                             contextURL: "\(services.configuration.baseURL)/beta/$metadata#security/tiIndicators",
                                             listURL: "\(services.configuration.baseURL)/beta/security/tiIndicators",
                                             defaultTop: services.configuration.defaultPageSize)
        _ = try list.plan()  // a bad query is refused before the store is read
        return GraphResponse.json(try list.page(try await repository.owned(tenantId: caller.tenantId, appId: caller.appId)))
    }

    func get(_ request: Request, _ context: VigilRequestContext) async throws -> Response {
        let caller = try await admit(context)
        let id = context.parameters.get("id") ?? ""
        let query = try ODataQuery<TiIndicator>.parse(try request.queryPairs().filter {
            ["$select", "select"].contains($0.name.lowercased())
        })
        guard let indicator = try await repository.get(tenantId: caller.tenantId, appId: caller.appId, id: id) else {
            throw Self.notFound(id)
        }
        var body = query.project(indicator)
        body["@odata.context"] = .string(entityContext)
        return GraphResponse.json(.object(body))
    }

    static func notFound(_ id: String) -> VigilError {
        VigilError(.notFound, "No tiIndicator with id '\(id)' was submitted by this app.")
    }

    // MARK: - Create

    /// Checks and stamps one new indicator; throws a 400 naming the problem.
    func prepare(_ value: JSONValue, caller: CallerIdentity, now: DateTimeOffset) throws(VigilError) -> TiIndicator {
        guard case .object(let object) = value else { throw VigilError(.badRequest, "A tiIndicator must be a JSON object.") }
        var indicator = TiIndicator(jsonObject: object)
        if let problem = indicator.submissionProblem { throw VigilError(.badRequest, "Invalid tiIndicator: \(problem).") }
        let unreadable = IndexedIndicator.patterns(of: indicator).unreadable
        if let name = unreadable.first {
            throw VigilError(.badRequest, "Invalid tiIndicator: '\(name)' is not a valid value for matching.", target: name)
        }
        indicator.stampSubmission(id: UUID().uuidString.lowercased(), tenantId: caller.tenantId, now: now)
        return indicator
    }

    func create(_ request: Request, _ context: VigilRequestContext) async throws -> Response {
        var request = request
        let caller = try await admit(context)
        let now = DateTimeOffset.now()
        let indicator = try prepare(.object(try await request.jsonObjectBody()), caller: caller, now: now)
        try await repository.create(tenantId: caller.tenantId, appId: caller.appId, [indicator], at: now)
        await services.matcher.invalidate(tenantId: caller.tenantId)
        return GraphResponse.json(entity(indicator), status: .created)
    }

    /// `{"value":[…]}` of at most 100 items.
    private func batch(_ request: inout Request) async throws -> [JSONValue] {
        let body = try await request.jsonObjectBody()
        guard case .array(let items)? = body["value"] else {
            throw VigilError(.badRequest, "The body must be {\"value\": [...]}.", target: "value")
        }
        guard !items.isEmpty else { throw VigilError(.badRequest, "'value' is empty.", target: "value") }
        guard items.count <= Self.maxBatch else {
            throw VigilError(.badRequest, "At most \(Self.maxBatch) items per request; this one has \(items.count).",
                             target: "value")
        }
        return items
    }

    /// The per-item failure entry of a bulk answer (Graph clients look for an `Error` key).
    static func failure(_ error: VigilError, index: Int, item: JSONValue?) -> JSONValue {
        var o: [String: JSONValue] = ["Error": ["code": .string(error.code.graphCode), "message": .string(error.message)],
                                      "@vigil.index": .int(Int64(index))]
        if case .object(let object)? = item {
            if let id = object["id"] { o["id"] = id }
            if let externalId = object["externalId"] { o["externalId"] = externalId }
        }
        return .object(o)
    }

    func submit(_ request: Request, _ context: VigilRequestContext) async throws -> Response {
        var request = request
        let caller = try await admit(context)
        let items = try await batch(&request)
        let now = DateTimeOffset.now()
        var results: [JSONValue] = []
        var accepted: [TiIndicator] = []
        var failed = false
        for (index, item) in items.enumerated() {
            do {
                let indicator = try prepare(item, caller: caller, now: now)
                accepted.append(indicator)
                results.append(indicator.json)
            } catch {
                failed = true
                results.append(Self.failure(error, index: index, item: item))
            }
        }
        try await repository.create(tenantId: caller.tenantId, appId: caller.appId, accepted, at: now)
        await services.matcher.invalidate(tenantId: caller.tenantId)
        return GraphResponse.json(["value": .array(results)], status: failed ? .partialContent : .ok)
    }

    // MARK: - Update

    /// Checks an update body: only editable properties (plus `id`, `targetProduct`, `expirationDateTime`),
    /// valid values. Returns the values and the names present.
    static func change(_ object: [String: JSONValue], requireIdentity: Bool) throws(VigilError) -> (TiIndicator, Set<String>) {
        var present: Set<String> = []
        for key in object.keys where !key.hasPrefix("@") && key != "id" && key != "targetProduct" {
            guard editable.contains(key) else {
                throw VigilError(.badRequest, "The property '\(key)' cannot be updated; updatable properties are \(editable.sorted().joined(separator: ", ")).",
                                 target: key)
            }
            present.insert(key)
        }
        let values = TiIndicator(jsonObject: object)
        if let problem = values.valueProblem { throw VigilError(.badRequest, "Invalid tiIndicator: \(problem).") }
        if requireIdentity {
            guard values.id != nil, values.expirationDateTime != nil, values.targetProduct != nil else {
                throw VigilError(.badRequest, "Each item needs 'id', 'expirationDateTime' and 'targetProduct'.")
            }
        }
        return (values, present)
    }

    static let editable = TiIndicator.editable

    private func apply(id: String, _ values: TiIndicator, _ present: Set<String>, caller: CallerIdentity) async throws -> TiIndicator {
        let updated = try await repository.update(tenantId: caller.tenantId, appId: caller.appId, id: id, at: .now()) { t in
            var object = t.jsonObject
            let source = values.jsonObject
            for name in present { object[name] = source[name] ?? .null }
            t = TiIndicator(jsonObject: object)
            if let action = t.action, let canonical = TiAction.schema.canonicalName(action.rawValue) {
                t.action = TiAction(rawValue: canonical)
            }
        }
        guard let updated else { throw Self.notFound(id) }
        await services.matcher.invalidate(tenantId: caller.tenantId)
        return updated
    }

    func patch(_ request: Request, _ context: VigilRequestContext) async throws -> Response {
        var request = request
        let caller = try await admit(context)
        let id = context.parameters.get("id") ?? ""
        let (values, present) = try Self.change(try await request.jsonObjectBody(), requireIdentity: false)
        let updated = try await apply(id: id, values, present, caller: caller)
        guard (request.headers[.prefer]?.lowercased() ?? "").contains("return=representation") else {
            return GraphResponse.empty()
        }
        return GraphResponse.json(entity(updated))
    }

    func updateMany(_ request: Request, _ context: VigilRequestContext) async throws -> Response {
        var request = request
        let caller = try await admit(context)
        let items = try await batch(&request)
        var results: [JSONValue] = []
        var failed = false
        for (index, item) in items.enumerated() {
            do {
                guard case .object(let object) = item else { throw VigilError(.badRequest, "Item \(index) is not a JSON object.") }
                let (values, present) = try Self.change(object, requireIdentity: true)
                results.append(try await apply(id: values.id ?? "", values, present, caller: caller).json)
            } catch let error as VigilError {
                failed = true
                results.append(Self.failure(error, index: index, item: item))
            }
        }
        return GraphResponse.json(["value": .array(results)], status: failed ? .partialContent : .ok)
    }

    // MARK: - Delete

    func delete(_ request: Request, _ context: VigilRequestContext) async throws -> Response {
        let caller = try await admit(context)
        let id = context.parameters.get("id") ?? ""
        guard try await repository.delete(tenantId: caller.tenantId, appId: caller.appId, ids: [id]).first == true else {
            throw Self.notFound(id)
        }
        await services.matcher.invalidate(tenantId: caller.tenantId)
        return GraphResponse.empty()
    }

    func deleteMany(_ request: Request, _ context: VigilRequestContext, byExternalId: Bool) async throws -> Response {
        var request = request
        let caller = try await admit(context)
        let items = try await batch(&request)
        var keys: [String] = []
        for (index, item) in items.enumerated() {
            guard case .string(let key) = item, !key.isEmpty else {
                throw VigilError(.badRequest, "Item \(index) of 'value' must be a non-empty string.", target: "value")
            }
            keys.append(key)
        }
        let deleted: [Int]
        if byExternalId {
            deleted = try await repository.delete(tenantId: caller.tenantId, appId: caller.appId, externalIds: keys)
        } else {
            deleted = try await repository.delete(tenantId: caller.tenantId, appId: caller.appId, ids: keys).map { $0 ? 1 : 0 }
        }
        await services.matcher.invalidate(tenantId: caller.tenantId)
        let what = byExternalId ? "externalId" : "id"
        let results: [JSONValue] = zip(keys, deleted).map { key, count in
            var info = ResultInfo()
            info.code = count > 0 ? 200 : 404
            info.subcode = 0
            info.message = count > 0 ? "Deleted \(count) tiIndicator(s) with \(what) '\(key)'."
                                     : "No tiIndicator with \(what) '\(key)' was submitted by this app."
            return info.json
        }
        return GraphResponse.json(["value": .array(results)], status: deleted.contains(0) ? .partialContent : .ok)
    }
}

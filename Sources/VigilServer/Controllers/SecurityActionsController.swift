import Foundation
import Hummingbird
import VigilCore
import VigilStorage
import VigilEngine

/// `/beta/security/securityActions` (spec §4): create (201, routed by `vendorInformation`), list with OData,
/// get, and `cancelSecurityAction` (200, empty). Application tokens only. A repeated POST with the same
/// `client-request-id` returns the action the first one created.
struct SecurityActionsController {
    let services: VigilServices
    static let creatable: Set<String> = ["name", "actionReason", "parameters", "vendorInformation", "clientContext"]

    func addRoutes(to group: RouterGroup<VigilRequestContext>) {
        group.post("security/securityActions") { request, context in try await create(request, context) }
        group.get("security/securityActions") { request, context in try await list(request, context) }
        group.get("security/securityActions/:id") { request, context in try await get(request, context) }
        for prefix in ["", "microsoft.graph."] {
            group.post("security/securityActions/:id/\(prefix)cancelSecurityAction") { request, context in
                try await cancel(request, context)
            }
        }
    }

    private func admit(_ context: VigilRequestContext, write: Bool) async throws -> (CallerIdentity, ActionServices) {
        let caller = try context.caller()
        let needed = write ? [Permission.securityActionsReadWrite]
                           : [Permission.securityActionsRead, Permission.securityActionsReadWrite]
        guard caller.has(anyOf: needed) else {
            throw VigilError(.forbidden, "Missing permission: security actions need \(needed.joined(separator: " or ")).")
        }
        guard caller.user == nil else {
            throw VigilError(.forbidden, "Security actions take application tokens only; this token is delegated (user \(caller.user ?? "")).")
        }
        try await services.limiter.admit(tenantId: caller.tenantId, appId: caller.appId, resource: "alerts")
        guard let actions = services.actions else {
            throw VigilError(.serviceUnavailable, "Security actions need the database; this server runs without one.")
        }
        return (caller, actions)
    }

    private var contextURL: String { "\(services.configuration.baseURL)/beta/$metadata#security/securityActions" }

    private func entity(_ action: SecurityAction) -> JSONValue {
        var body = action.jsonObject
        body["@odata.context"] = .string(contextURL + "/$entity")
        return .object(body)
    }

    func create(_ request: Request, _ context: VigilRequestContext) async throws -> Response {
        var request = request
        let (caller, actions) = try await admit(context, write: true)
        let body = try await request.jsonObjectBody(limit: 256 * 1024)
        for key in body.keys where !Self.creatable.contains(key) && !key.hasPrefix("@odata.") {
            throw VigilError(.badRequest, "The property '\(key)' cannot be set on a securityAction; settable properties are \(Self.creatable.sorted().joined(separator: ", ")).", target: key)
        }
        let given = SecurityAction(jsonObject: body)
        if !given.passthrough.invalidProperties.isEmpty {
            let names = given.passthrough.invalidProperties.sorted().joined(separator: ", ")
            throw VigilError(.badRequest, "These properties do not have the type the securityAction schema declares: \(names).")
        }
        guard let name = given.name, !name.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw VigilError(.badRequest, "The property 'name' is required.", target: "name")
        }
        guard let parameters = given.parameters else {
            throw VigilError(.badRequest, "The property 'parameters' is required (a list of {\"name\",\"value\"}).", target: "parameters")
        }
        guard parameters.allSatisfy({ $0.name?.isEmpty == false && $0.value != nil }) else {
            throw VigilError(.badRequest, "Each parameter needs a 'name' and a 'value'.", target: "parameters")
        }
        guard let vendor = given.vendorInformation, vendor.provider?.isEmpty == false, vendor.vendor?.isEmpty == false else {
            throw VigilError(.badRequest, "The property 'vendorInformation' with 'provider' and 'vendor' is required: it names who carries the action out.", target: "vendorInformation")
        }
        if let context = given.clientContext, context.count > 256 {
            throw VigilError(.badRequest, "clientContext is at most 256 characters.", target: "clientContext")
        }
        let now = DateTimeOffset.now()
        var action = SecurityAction()
        action.id = UUID().uuidString.lowercased()
        action.name = BuiltInActionHandler.canonicalName(name) ?? name
        action.actionReason = given.actionReason
        action.parameters = parameters
        action.vendorInformation = vendor
        action.clientContext = given.clientContext
        action.appId = caller.appId
        action.azureTenantId = caller.tenantId
        action.user = caller.user ?? caller.appId
        action.begin(appId: caller.appId, user: action.user, at: now)
        let key = actions.routing.key(for: action, tenantId: caller.tenantId)
        var nextRunAt: Double? = now.epochSeconds
        if key == ActionRouting.none {
            try action.transition(to: .failed, appId: SecurityActionRunner.runnerAppId, user: nil, at: now,
                                  error: ResultInfo(code: 404, message: actions.routing.unroutable(action, tenantId: caller.tenantId)))
            nextRunAt = nil
        }
        let requestId = request.headers[.clientRequestId].flatMap { $0.isEmpty ? nil : String($0.prefix(128)) }
        let stored = try await actions.repository.create(SecurityActionRecord(
            tenantId: caller.tenantId, id: action.id!, appId: caller.appId, clientRequestId: requestId, handler: key,
            nextRunAt: nextRunAt, action: action))
        actions.signal.notify()
        return GraphResponse.json(entity(stored.action), status: .created)
    }

    func list(_ request: Request, _ context: VigilRequestContext) async throws -> Response {
        let (caller, actions) = try await admit(context, write: false)
        let list = InMemoryList<SecurityAction>(pairs: try request.queryPairs(), tokenPrefix: "a", contextURL: contextURL,
                                                listURL: "\(services.configuration.baseURL)/beta/security/securityActions",
                                                defaultTop: services.configuration.defaultPageSize)
        _ = try list.plan()  // a bad query is refused before the store is read
        return GraphResponse.json(try list.page(try await actions.repository.actions(tenantId: caller.tenantId, appId: nil).map(\.action)))
    }

    private func record(_ context: VigilRequestContext, _ caller: CallerIdentity, _ actions: ActionServices) async throws -> SecurityActionRecord {
        let id = context.parameters.get("id") ?? ""
        guard let record = try await actions.repository.action(tenantId: caller.tenantId, id: id) else {
            throw VigilError(.notFound, "No securityAction with id '\(id)'.")
        }
        return record
    }

    func get(_ request: Request, _ context: VigilRequestContext) async throws -> Response {
        let (caller, actions) = try await admit(context, write: false)
        let query = try ODataQuery<SecurityAction>.parse(try request.queryPairs().filter { ["$select", "select"].contains($0.name.lowercased()) })
        var body = query.project(try await record(context, caller, actions).action)
        body["@odata.context"] = .string(contextURL + "/$entity")
        return GraphResponse.json(.object(body))
    }

    func cancel(_ request: Request, _ context: VigilRequestContext) async throws -> Response {
        let (caller, actions) = try await admit(context, write: true)
        let record = try await record(context, caller, actions)
        guard let phase = record.action.phase, !phase.isFinished else {
            throw VigilError(.conflict, "The security action is already \(record.action.status?.rawValue ?? "finished"); there is nothing to cancel.")
        }
        if phase == .running, !actions.routing.canCancelRunning(record.handler) {
            throw VigilError(.conflict, "The security action is running at a target that cannot cancel it (\(record.handler)).")
        }
        guard try await actions.repository.requestCancel(tenantId: caller.tenantId, id: record.id,
                                                         now: DateTimeOffset.now().epochSeconds) else {
            throw VigilError(.conflict, "The security action finished meanwhile; there is nothing to cancel.")
        }
        actions.signal.notify()
        return Response(status: .ok)
    }
}

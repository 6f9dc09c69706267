import Hummingbird
import VigilCore
import VigilEngine

/// `/security/secureScores` under `/v1.0` and `/beta` (spec §5.2): the tenant's daily snapshots, newest
/// first, listed with OData, and one by its `{tenantId}_{yyyy-MM-dd}` id.
struct SecureScoresController {
    let services: VigilServices
    static let path = "security/secureScores"

    func addRoutes(to group: RouterGroup<VigilRequestContext>, version: String) {
        group.get("security/secureScores") { request, context in try await list(request, context, version: version) }
        group.get("security/secureScores/:id") { request, context in try await get(request, context, version: version) }
    }

    func list(_ request: Request, _ context: VigilRequestContext, version: String) async throws -> Response {
        let (caller, engine) = try await ScoreListing.admit(context, services: services, write: false)
        let all = try await engine.snapshots(tenantId: caller.tenantId)
        return try ScoreListing.response(all, request: request, version: version, path: Self.path, services: services)
    }

    func get(_ request: Request, _ context: VigilRequestContext, version: String) async throws -> Response {
        let (caller, engine) = try await ScoreListing.admit(context, services: services, write: false)
        let id = context.parameters.get("id") ?? ""
        guard let score = try await engine.snapshot(tenantId: caller.tenantId, id: id) else {
            throw VigilError(.notFound, "No secureScore with id '\(id)'.")
        }
        return try ScoreListing.entity(score, request: request, version: version, path: Self.path, services: services)
    }
}

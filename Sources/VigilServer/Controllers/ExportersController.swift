import Hummingbird
import VigilCore
import VigilEngine

/// `GET /exporters`: the SIEM exporters and their health (type, destination, cursor, lag, exported, last
/// success, last error). Needs `Vigil.Admin`; a caller sees the exporters of its own tenant, never another
/// tenant's. Exporters that follow every tenant (their counts span all tenants) are shown only to admins of
/// the operator's tenant: the oldest one, made on the first start.
struct ExportersController {
    let services: VigilServices

    func addRoutes(to group: RouterGroup<VigilRequestContext>) {
        group.get("exporters") { _, context in try await list(context) }
    }

    func list(_ context: VigilRequestContext) async throws -> Response {
        let caller = try context.caller()
        guard caller.permissions.contains(Permission.admin) else {
            throw VigilError(.forbidden, "Missing permission: the exporters need \(Permission.admin).")
        }
        let operatorTenant = try await services.identity.tenants().first?.id
        let visible = try await services.exporterStatuses().filter {
            $0.tenant == caller.tenantId || ($0.tenant == nil && caller.tenantId == operatorTenant)
        }
        return GraphResponse.json(.object(["value": .array(visible.map(\.json))]))
    }
}

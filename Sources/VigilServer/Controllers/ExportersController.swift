import Hummingbird
import VigilCore

/// `GET /exporters`: the SIEM exporters and their health (type, destination, cursor, lag, exported, last
/// success, last error). Needs `Vigil.Admin`; a caller sees the exporters of its own tenant and those that
/// follow every tenant (which carry its alerts too), never another tenant's.
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
        let visible = try await services.exporterStatuses().filter { $0.tenant == nil || $0.tenant == caller.tenantId }
        return GraphResponse.json(.object(["value": .array(visible.map(\.json))]))
    }
}

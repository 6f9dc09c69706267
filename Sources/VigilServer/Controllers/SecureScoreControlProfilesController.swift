import Hummingbird
import VigilCore
import VigilEngine

/// `/security/secureScoreControlProfiles` under `/v1.0` and `/beta` (spec §5.3): the tenant's controls
/// (catalog controls with their state history, then remote providers' profiles) listed with OData, one by
/// id, and PATCH appending a `controlStateUpdates` entry.
struct SecureScoreControlProfilesController {
    let services: VigilServices
    static let path = "security/secureScoreControlProfiles"
    /// What a PATCH may carry besides `vendorInformation` (which is required).
    static let updatable: Set<String> = ["assignedTo", "comment", "state"]

    func addRoutes(to group: RouterGroup<VigilRequestContext>, version: String) {
        group.get("security/secureScoreControlProfiles") { request, context in try await list(request, context, version: version) }
        group.get("security/secureScoreControlProfiles/:id") { request, context in try await get(request, context, version: version) }
        group.patch("security/secureScoreControlProfiles/:id") { request, context in try await patch(request, context, version: version) }
    }

    func list(_ request: Request, _ context: VigilRequestContext, version: String) async throws -> Response {
        let (caller, engine) = try await ScoreListing.admit(context, services: services, write: false)
        let all = try await engine.profiles(tenantId: caller.tenantId)
        return try ScoreListing.response(all, request: request, version: version, path: Self.path, services: services)
    }

    func get(_ request: Request, _ context: VigilRequestContext, version: String) async throws -> Response {
        let (caller, engine) = try await ScoreListing.admit(context, services: services, write: false)
        let id = context.parameters.get("id") ?? ""
        guard let profile = try await engine.profiles(tenantId: caller.tenantId).first(where: { $0.id?.lowercased() == id.lowercased() }) else {
            throw Self.notFound(id)
        }
        return try ScoreListing.entity(profile, request: request, version: version, path: Self.path, services: services)
    }

    static func notFound(_ id: String) -> VigilError {
        VigilError(.notFound, "No secureScoreControlProfile with id '\(id)'.")
    }

    /// A checked PATCH body: the entry to append (without the stamps) and the vendor it names.
    struct Change {
        var update: SecureScoreControlStateUpdate
        var present: Set<String>
        var vendor: SecurityVendorInformation
        var body: [String: JSONValue]
    }

    /// Checks a PATCH body: only `assignedTo`, `comment` and `state` (a member of Default, Ignored,
    /// ThirdParty, Reviewed, any case), text or null, and `vendorInformation` with `provider` and `vendor`.
    static func change(from body: [String: JSONValue]) throws(VigilError) -> Change {
        var present: Set<String> = []
        for key in body.keys where !key.hasPrefix("@") && key != "vendorInformation" {
            guard updatable.contains(key) else {
                throw VigilError(.badRequest, "The property '\(key)' cannot be updated; updatable properties are \(updatable.sorted().joined(separator: ", ")).",
                                 target: key)
            }
            present.insert(key)
        }
        var update = SecureScoreControlStateUpdate()
        for key in present.sorted() {
            switch body[key] {
            case .string(let text)?:
                if key == "assignedTo" { update.assignedTo = text }
                if key == "comment" { update.comment = text }
                if key == "state" {
                    guard let state = ScoreControlState(caseInsensitive: text) else {
                        throw VigilError(.badRequest, "'\(text)' is not a control state; states are \(ScoreControlState.allCases.map(\.rawValue).joined(separator: ", ")).",
                                         target: "state")
                    }
                    update.state = state.rawValue
                }
            case .null?:
                guard key != "state" else {
                    throw VigilError(.badRequest, "'state' cannot be null.", target: "state")
                }
                update.passthrough.explicitNulls.insert(key)
            default:
                throw VigilError(.badRequest, "The property '\(key)' must be a string.", target: key)
            }
        }
        guard present.contains("state") || present.contains("assignedTo") || present.contains("comment") else {
            throw VigilError(.badRequest, "The body must set at least one of \(updatable.sorted().joined(separator: ", ")).")
        }
        guard case .object(let info)? = body["vendorInformation"] else {
            throw VigilError(.badRequest, "The body must contain vendorInformation with provider and vendor.", target: "vendorInformation")
        }
        let vendor = SecurityVendorInformation(jsonObject: info)
        guard let provider = vendor.provider, !provider.isEmpty, let name = vendor.vendor, !name.isEmpty else {
            throw VigilError(.badRequest, "The body must contain vendorInformation with provider and vendor.", target: "vendorInformation")
        }
        return Change(update: update, present: present, vendor: vendor, body: body)
    }

    static func sameVendor(_ a: SecurityVendorInformation?, _ b: SecurityVendorInformation) -> Bool {
        a?.provider?.lowercased() == b.provider?.lowercased() && a?.vendor?.lowercased() == b.vendor?.lowercased()
    }

    func patch(_ request: Request, _ context: VigilRequestContext, version: String) async throws -> Response {
        var request = request
        let (caller, engine) = try await ScoreListing.admit(context, services: services, write: true)
        let id = context.parameters.get("id") ?? ""
        var change = try Self.change(from: try await request.jsonObjectBody())
        let profile: SecureScoreControlProfile
        if let control = engine.control(tenantId: caller.tenantId, id: id) {
            guard Self.sameVendor(control.vendorInformation, change.vendor) else {
                throw VigilError(.badRequest, "vendorInformation names \(change.vendor.vendor ?? "")/\(change.vendor.provider ?? ""), but the control '\(control.id)' is \(control.vendorInformation.vendor ?? "")/\(control.vendorInformation.provider ?? "")'s.",
                                 target: "vendorInformation")
            }
            let previous = try await engine.repository.states(tenantId: caller.tenantId)[control.id]?.last
            if !change.present.contains("state") {
                change.update.state = previous?.state.flatMap(ScoreControlState.init(caseInsensitive:))?.rawValue ?? ScoreControlState.default.rawValue
            }
            change.update.updatedBy = caller.user ?? caller.appId
            change.update.updatedDateTime = .now()
            profile = try await engine.appendState(tenantId: caller.tenantId, control: control, update: change.update)
        } else {
            profile = try await forward(change, id: id, caller: caller, engine: engine)
        }
        guard (request.headers[.prefer]?.lowercased() ?? "").contains("return=representation") else {
            return GraphResponse.empty()
        }
        var body = profile.jsonObject
        body["@odata.context"] = .string("\(services.configuration.baseURL)/\(version)/$metadata#\(Self.path)/$entity")
        return GraphResponse.json(.object(body))
    }

    /// A remote provider's profile (fetched with the latest snapshot): the update goes to that provider.
    func forward(_ change: Change, id: String, caller: CallerIdentity, engine: SecureScoreEngine) async throws
        -> SecureScoreControlProfile
    {
        guard let cached = try await engine.profiles(tenantId: caller.tenantId).first(where: {
            $0.id?.lowercased() == id.lowercased() && $0.passthrough.properties[SecureScoreCalculator.providerAnnotation] != nil
        }), let name = cached.passthrough.properties[SecureScoreCalculator.providerAnnotation]?.stringValue,
           let provider = engine.remotes.first(where: { $0.name == name && $0.tenantId == caller.tenantId })
        else {
            throw Self.notFound(id)
        }
        guard Self.sameVendor(cached.vendorInformation, change.vendor) else {
            throw VigilError(.badRequest, "vendorInformation does not name the provider of '\(id)' (\(cached.vendorInformation?.vendor ?? "")/\(cached.vendorInformation?.provider ?? "")).",
                             target: "vendorInformation")
        }
        let body = change.body.filter { !$0.key.hasPrefix("@") }
        let result = await AlertFederation.withDeadline(provider.timeout) {
            try await provider.updateControlProfile(id: cached.id ?? id, body: body)
        }
        switch result {
        case .success(let answer):
            var profile = answer ?? cached
            profile.passthrough.properties[SecureScoreCalculator.providerAnnotation] = .string(name)
            return profile
        case .failure(let error as VigilError):
            throw error
        case .failure(let error as ProviderFailure):
            throw VigilError(error.status == 504 ? .gatewayTimeout : .badGateway,
                             "Provider '\(name)' did not take the update: \(error.message)")
        case .failure(let error):
            throw error
        }
    }
}

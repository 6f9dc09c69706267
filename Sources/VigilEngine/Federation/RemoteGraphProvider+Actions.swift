import AsyncHTTPClient
import NIOCore
import VigilCore

/// Security actions on a remote Graph-compatible provider (`…/security/securityActions`, beta).
extension RemoteGraphProvider {
    /// The provider's securityActions collection.
    var securityActionsURL: String {
        var base = configuration.actionsUrl ?? root
        while base.hasSuffix("/") { base.removeLast() }
        if configuration.actionsUrl == nil, base.hasSuffix("/v1.0") { base = String(base.dropLast(5)) + "/beta" }
        return base + "/security/securityActions"
    }

    /// Submits an action; returns the provider's entity (its id and status).
    /// - Throws: `ProviderFailure` when the provider refuses or does not answer.
    public func submitAction(_ action: SecurityAction) async throws -> SecurityAction {
        var body: [String: JSONValue] = [:]
        for key in ["name", "actionReason", "parameters", "vendorInformation", "clientContext"] {
            if let value = action.jsonObject[key] { body[key] = value }
        }
        let (status, answer) = try await send(.POST, securityActionsURL, body: JSONWriter.bytes(.object(body)))
        guard (200..<300).contains(status) else { throw Self.failure(status: status, body: answer) }
        return try Self.action(from: answer)
    }

    /// The provider's view of one of its actions, or `nil` when it does not know the id (404).
    public func securityAction(id: String) async throws -> SecurityAction? {
        let (status, answer) = try await send(.GET, securityActionsURL + "/" + percentEncodeQueryComponent(id))
        if status == 404 { return nil }
        guard (200..<300).contains(status) else { throw Self.failure(status: status, body: answer) }
        return try Self.action(from: answer)
    }

    /// Asks the provider to cancel one of its actions.
    public func cancelAction(id: String) async throws {
        let (status, answer) = try await send(.POST, securityActionsURL + "/" + percentEncodeQueryComponent(id)
                                                + "/cancelSecurityAction", body: Array("{}".utf8))
        guard (200..<300).contains(status) else { throw Self.failure(status: status, body: answer) }
    }

    static func action(from body: ByteBuffer) throws -> SecurityAction {
        guard case .object(let object) = try parse(body) else {
            throw ProviderFailure(status: 502, "the answer is not a securityAction object")
        }
        return SecurityAction(jsonObject: object)
    }
}

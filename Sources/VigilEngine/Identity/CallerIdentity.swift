import VigilCore

/// Who is calling, from a verified access token.
public struct CallerIdentity: Sendable, Equatable {
    /// The tenant (`tid`); every query is scoped by it.
    public var tenantId: String
    /// The calling app's client id (`appid`/`azp`).
    public var appId: String
    /// Application permissions (`roles`) or delegated scopes (`scp`).
    public var permissions: Set<String>
    /// The user of a delegated token (`upn`/`preferred_username`), `nil` for an app-only token.
    public var user: String?

    /// The identity of verified claims: `roles` (application permissions) and `scp` (delegated scopes,
    /// space-separated) together are the permissions.
    public static func from(tenantId: String, appId: String?, roles: [String]?, scp: String?, user: String?)
        throws(VigilError) -> CallerIdentity
    {
        guard let appId else {
            throw VigilError(.unauthenticated, "Access token validation failure: no appid or azp claim.")
        }
        var permissions = Set(roles ?? [])
        if let scp { permissions.formUnion(scp.split(separator: " ").map(String.init)) }
        return CallerIdentity(tenantId: tenantId, appId: appId, permissions: permissions, user: user)
    }

    /// Whether the token grants any of these permissions (`Vigil.Admin` grants all).
    public func has(anyOf required: [String]) -> Bool {
        permissions.contains(Permission.admin) || required.contains(where: permissions.contains)
    }
}

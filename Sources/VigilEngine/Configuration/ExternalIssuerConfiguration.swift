/// (Read by `TokenService` in VigilServer; part of the configuration.)
/// An identity provider Vigil trusts besides itself (Entra ID, Keycloak, …), from the configuration.
public struct ExternalIssuerConfiguration: Sendable, Codable, Equatable {
    /// The exact `iss` of its tokens, e.g. `https://login.microsoftonline.com/<tid>/v2.0`.
    public var issuer: String
    /// Where its signing keys are published (JWKS).
    public var jwksUrl: String
    /// The `aud` its tokens must carry for Vigil.
    public var audience: String
    /// The Vigil tenant its tokens act in.
    public var tenant: String

    public init(issuer: String, jwksUrl: String, audience: String, tenant: String) {
        self.issuer = issuer
        self.jwksUrl = jwksUrl
        self.audience = audience
        self.tenant = tenant
    }
}

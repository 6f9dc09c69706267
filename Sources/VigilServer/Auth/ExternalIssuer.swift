import AsyncHTTPClient
import Foundation
import JWTKit
import NIOCore
import VigilCore

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

/// The claims Vigil reads from an external token (`tid` is optional: the configuration names the tenant).
struct ExternalTokenClaims: JWTPayload {
    var aud: AudienceClaim
    var iss: IssuerClaim
    var exp: ExpirationClaim
    var nbf: NotBeforeClaim?
    var appid: String?
    var azp: String?
    var roles: [String]?
    var scp: String?
    var upn: String?
    var preferred_username: String?

    func verify(using algorithm: some JWTAlgorithm) async throws {
        let now = Date()
        try exp.verifyNotExpired(currentDate: now)
        if let nbf { try nbf.verifyNotBefore(currentDate: now.addingTimeInterval(60)) }
    }
}

/// Verifies tokens of one external issuer with keys fetched from its JWKS URL, refetched (at most once a
/// minute) when a token names a key Vigil does not have yet.
actor ExternalIssuer {
    let configuration: ExternalIssuerConfiguration
    private var keys = JWTKeyCollection()
    private var fetchedAt: Double = 0
    private var lastError: String?

    init(_ configuration: ExternalIssuerConfiguration) {
        self.configuration = configuration
    }

    func verify(_ token: String) async throws(VigilError) -> CallerIdentity {
        if fetchedAt == 0 { try await refresh() }
        var claims: ExternalTokenClaims
        do {
            claims = try await keys.verify(token, as: ExternalTokenClaims.self)
        } catch let error as JWTError where error.errorType == .unknownKID && Date().timeIntervalSince1970 - fetchedAt > 60 {
            try await refresh()
            do {
                claims = try await keys.verify(token, as: ExternalTokenClaims.self)
            } catch let error as JWTError {
                throw TokenService.describe(error)
            } catch {
                throw VigilError(.unauthenticated, "Access token is malformed.")
            }
        } catch let error as JWTError {
            throw TokenService.describe(error)
        } catch {
            throw VigilError(.unauthenticated, "Access token is malformed.")
        }
        guard claims.iss.value == configuration.issuer else {
            throw VigilError(.unauthenticated, "Access token validation failure: the issuer is not valid.")
        }
        guard claims.aud.value.contains(configuration.audience) else {
            throw VigilError(.unauthenticated, "Access token validation failure: the audience is not valid.")
        }
        return try CallerIdentity.from(tenantId: configuration.tenant, appId: claims.appid ?? claims.azp,
                                       roles: claims.roles, scp: claims.scp, user: claims.upn ?? claims.preferred_username)
    }

    /// Fetches the issuer's JWKS.
    func refresh() async throws(VigilError) {
        fetchedAt = Date().timeIntervalSince1970
        do {
            var request = HTTPClientRequest(url: configuration.jwksUrl)
            request.method = .GET
            let response = try await HTTPClient.shared.execute(request, timeout: .seconds(10))
            guard response.status == .ok else { throw VigilError(.serviceUnavailable, "HTTP \(response.status.code)") }
            let body = try await response.body.collect(upTo: 1024 * 1024)
            let fresh = JWTKeyCollection()
            try await fresh.add(jwksJSON: String(buffer: body))
            keys = fresh
            lastError = nil
        } catch {
            lastError = "\(error)"
            throw VigilError(.unauthenticated,
                             "Access token validation failure: the signing keys of \(configuration.issuer) could not be fetched.",
                             underlying: error)
        }
    }
}

/// Reads the `iss` claim of a token without verifying it, to choose who verifies it.
func unverifiedIssuer(of token: String) -> String? {
    let parts = token.split(separator: ".", omittingEmptySubsequences: false)
    guard parts.count == 3 else { return nil }
    var base64 = parts[1].replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
    while base64.utf8.count % 4 != 0 { base64 += "=" }
    guard let data = Data(base64Encoded: base64), case .string(let issuer)? = (try? JSONParser.parse(data))?["iss"] else {
        return nil
    }
    return issuer
}

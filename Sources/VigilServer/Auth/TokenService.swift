import Foundation
import JWTKit
import VigilCore
import VigilStorage

/// Issues and verifies access tokens: ES256-signed JWTs with the identity platform's claims. Signing
/// keys are created on first start and kept in the database; only algorithms of the loaded keys are
/// accepted, so `alg: none` and key confusion are rejected.
public final class TokenService: Sendable {
    private let keys: JWTKeyCollection
    private let publicKeys: [(kid: String, x: String, y: String)]
    /// The base URL of this Vigil (issuer prefix).
    public let baseURL: String
    /// Audiences a token may carry.
    public let audiences: Set<String>
    /// Token lifetime in seconds.
    public let lifetime: Int
    /// Trusted external issuers by their `iss`.
    private let externalIssuers: [String: ExternalIssuer]
    /// Disabled apps, whose tokens stop working within its refresh interval.
    let appStatus: AppStatusCache

    private init(keys: JWTKeyCollection, publicKeys: [(kid: String, x: String, y: String)], baseURL: String,
                 audiences: Set<String>, lifetime: Int, external: [ExternalIssuerConfiguration],
                 identity: (any IdentityRepository)?)
    {
        self.appStatus = AppStatusCache(identity: identity)
        self.externalIssuers = Dictionary(external.map { ($0.issuer, ExternalIssuer($0)) }, uniquingKeysWith: { first, _ in first })
        self.keys = keys
        self.publicKeys = publicKeys
        self.baseURL = baseURL
        self.audiences = audiences
        self.lifetime = lifetime
    }

    /// Loads the signing keys (creating the first one when there is none).
    public static func load(identity: IdentityRepository, baseURL: String, audiences: Set<String>, lifetime: Int,
                            external: [ExternalIssuerConfiguration] = []) async throws -> TokenService
    {
        var stored = try await identity.signingKeys()
        if stored.isEmpty {
            let key = ES256PrivateKey()
            let kid = String(UUID().uuidString.lowercased().prefix(16))
            try await identity.addSigningKey(kid: kid, algorithm: "ES256", pem: Secret(key.pemRepresentation))
            stored = try await identity.signingKeys()
        }
        let collection = JWTKeyCollection()
        var publicKeys: [(kid: String, x: String, y: String)] = []
        for (kid, pem) in stored {
            let key = try ES256PrivateKey(pem: pem.revealed)
            await collection.add(ecdsa: key, kid: JWKIdentifier(string: kid))
            if let parameters = key.publicKey.parameters {
                publicKeys.append((kid, parameters.x, parameters.y))
            }
        }
        return TokenService(keys: collection, publicKeys: publicKeys, baseURL: baseURL, audiences: audiences,
                            lifetime: lifetime, external: external, identity: identity)
    }

    /// The issuer of tokens for a tenant, as the identity platform writes it.
    public func issuer(tenantId: String) -> String { "\(baseURL)/\(tenantId)/v2.0" }

    /// Signs an app-only access token.
    public func issue(tenantId: String, appId: String, roles: [String], audience: String) async throws -> (token: String, expiresIn: Int) {
        let now = Date()
        let claims = AccessTokenClaims(
            tid: tenantId, appid: appId, azp: appId, roles: roles.sorted(), scp: nil, aud: AudienceClaim(value: [audience]),
            iss: IssuerClaim(value: issuer(tenantId: tenantId)), iat: IssuedAtClaim(value: now),
            nbf: NotBeforeClaim(value: now.addingTimeInterval(-5)),
            exp: ExpirationClaim(value: now.addingTimeInterval(TimeInterval(lifetime))), sub: appId, oid: appId,
            ver: "2.0", idtyp: "app", upn: nil, preferred_username: nil)
        let kid = publicKeys.last.map { JWKIdentifier(string: $0.kid) }
        return (try await keys.sign(claims, kid: kid), lifetime)
    }

    /// Verifies a bearer token; the caller's tenant comes from `tid` only.
    /// - Throws: `VigilError` (`unauthenticated`) saying what is wrong with the token.
    /// The state of each external issuer's key set (for `/health`), by issuer.
    public func externalIssuerStatus() async -> [JSONValue] {
        var out: [JSONValue] = []
        for issuer in externalIssuers.keys.sorted() { out.append(await externalIssuers[issuer]!.status()) }
        return out
    }

    public func verify(_ token: String) async throws(VigilError) -> CallerIdentity {
        if !externalIssuers.isEmpty, let issuer = unverifiedIssuer(of: token), let external = externalIssuers[issuer] {
            return try await external.verify(token)
        }
        let claims: AccessTokenClaims
        do {
            claims = try await keys.verify(token, as: AccessTokenClaims.self)
        } catch let error as JWTError {
            throw Self.describe(error)
        } catch {
            throw VigilError(.unauthenticated, "Access token is malformed.", underlying: error)
        }
        guard claims.iss.value == issuer(tenantId: claims.tid) else {
            throw VigilError(.unauthenticated, "Access token validation failure: the issuer is not valid.")
        }
        guard claims.aud.value.contains(where: audiences.contains) else {
            throw VigilError(.unauthenticated, "Access token validation failure: the audience is not valid.")
        }
        if let appId = claims.appid ?? claims.azp, await appStatus.isDisabled(appId) {
            throw VigilError(.unauthenticated, "Access token validation failure: the application is disabled.")
        }
        return try CallerIdentity.from(tenantId: claims.tid, appId: claims.appid ?? claims.azp, roles: claims.roles,
                                       scp: claims.scp, user: claims.upn ?? claims.preferred_username)
    }

    static func describe(_ error: JWTError) -> VigilError {
        let message: String
        switch error.errorType {
        case .claimVerificationFailure:
            let reason = error.reason ?? ""
            if reason.contains("expired") {
                message = "Lifetime validation failed, the token is expired."
            } else if reason.contains("soon") {
                message = "Lifetime validation failed, the token is not yet valid."
            } else {
                message = "Access token validation failure: a claim is not valid."
            }
        case .signatureVerificationFailed: message = "Access token validation failure: the signature is invalid."
        case .unknownKID, .missingKIDHeader, .noKeyProvided, .unsupportedAlgorithm, .signingAlgorithmFailure:
            message = "Access token validation failure: the token is not signed with a key or algorithm Vigil accepts."
        default: message = "Access token is malformed."
        }
        return VigilError(.unauthenticated, message, underlying: error)
    }

    /// The public keys as a JWK set.
    public var jwks: JSONValue {
        .object(["keys": .array(publicKeys.map { key in
            ["kty": "EC", "crv": "P-256", "use": "sig", "alg": "ES256", "kid": .string(key.kid), "x": .string(key.x),
             "y": .string(key.y)]
        })])
    }
}

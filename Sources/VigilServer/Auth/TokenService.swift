import Foundation
import JWTKit
import VigilCore
import VigilStorage
import VigilEngine

/// Issues and verifies access tokens: ES256-signed JWTs with the identity platform's claims. Signing
/// keys are created on first start and kept in the database, sealed with the key-encryption key; they
/// rotate with `vigil keys rotate` (`SigningKeyRing`). Only algorithms of the loaded keys are accepted, so
/// `alg: none` and key confusion are rejected.
public final class TokenService: Sendable {
    private let ring: SigningKeyRing
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

    private init(ring: SigningKeyRing, baseURL: String, audiences: Set<String>, lifetime: Int,
                 external: [ExternalIssuerConfiguration], identity: (any IdentityRepository)?)
    {
        self.appStatus = AppStatusCache(identity: identity)
        self.externalIssuers = Dictionary(external.map { ($0.issuer, ExternalIssuer($0)) }, uniquingKeysWith: { first, _ in first })
        self.ring = ring
        self.baseURL = baseURL
        self.audiences = audiences
        self.lifetime = lifetime
    }

    /// Loads the signing keys (sealing keys stored in the clear, and creating the first one when there is none).
    /// - Throws: `VigilError` when a stored key does not open with `kek`.
    public static func load(identity: IdentityRepository, kek: KeyEncryptionKey, baseURL: String, audiences: Set<String>,
                            lifetime: Int, external: [ExternalIssuerConfiguration] = []) async throws -> TokenService
    {
        let ring = try await SigningKeyRing.open(identity: identity, kek: kek, lifetime: lifetime)
        return TokenService(ring: ring, baseURL: baseURL, audiences: audiences, lifetime: lifetime, external: external,
                            identity: identity)
    }

    /// Adds a new signing key and retires the others (they are still accepted until the tokens they signed
    /// have expired). Running servers sign with the new key within a minute, or at once when they meet a token
    /// it signed.
    /// - Returns: the new kid and the kids retired.
    /// - Throws: `VigilError` when a stored key does not open with `kek` (nothing is changed then).
    public static func rotate(identity: IdentityRepository, kek: KeyEncryptionKey) async throws -> (kid: String, retired: [String]) {
        try await SigningKeyRing.rotate(identity: identity, kek: kek)
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
        let keys = await ring.current()
        return (try await keys.collection.sign(claims, kid: keys.signing.map { JWKIdentifier(string: $0) }), lifetime)
    }

    /// The state of the signing keys (for `/health`): kids published, the signing kid, the last reload error.
    public func signingKeyStatus() async -> JSONValue {
        let keys = await ring.current()
        var status: [String: JSONValue] = ["published": .array(keys.published.map { .string($0.kid) }),
                                           "signing": keys.signing.map { .string($0) } ?? .null]
        if let error = await ring.lastError { status["lastError"] = .string(error) }
        return .object(status)
    }

    /// The state of each external issuer's key set (for `/health`), by issuer.
    public func externalIssuerStatus() async -> [JSONValue] {
        var out: [JSONValue] = []
        for issuer in externalIssuers.keys.sorted() { out.append(await externalIssuers[issuer]!.status()) }
        return out
    }

    /// Verifies a bearer token; the caller's tenant comes from `tid` only.
    /// - Throws: `VigilError` (`unauthenticated`) saying what is wrong with the token.
    public func verify(_ token: String) async throws(VigilError) -> CallerIdentity {
        if !externalIssuers.isEmpty, let issuer = unverifiedIssuer(of: token), let external = externalIssuers[issuer] {
            return try await external.verify(token)
        }
        let claims: AccessTokenClaims
        do {
            claims = try await verifiedClaims(token)
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

    /// The claims of a token signed by one of the keys; a kid not loaded re-reads the keys once (a rotation
    /// made on another replica) before the token is refused. (A kid the collection lacks would otherwise be
    /// tried against its first key, and fail as a bad signature.)
    private func verifiedClaims(_ token: String) async throws -> AccessTokenClaims {
        var keys = await ring.current()
        if let kid = unverifiedPart(0, of: token)?["kid"]?.stringValue, !keys.published.contains(where: { $0.kid == kid }) {
            guard await ring.reloadForUnknownKid() else { throw JWTError.unknownKID(JWKIdentifier(string: kid)) }
            keys = await ring.keys
            guard keys.published.contains(where: { $0.kid == kid }) else { throw JWTError.unknownKID(JWKIdentifier(string: kid)) }
        }
        return try await keys.collection.verify(token, as: AccessTokenClaims.self)
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

    /// The public keys as a JWK set: the signing key and the retired ones still accepted.
    public func jwks() async -> JSONValue {
        .object(["keys": .array(await ring.current().published.map { key in
            ["kty": "EC", "crv": "P-256", "use": "sig", "alg": "ES256", "kid": .string(key.kid), "x": .string(key.x),
             "y": .string(key.y)]
        })])
    }
}

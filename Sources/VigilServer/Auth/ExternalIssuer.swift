import AsyncHTTPClient
import Foundation
import JWTKit
import NIOCore
import VigilCore
import VigilNotifications
import VigilEngine

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

/// Verifies tokens of one external issuer with keys fetched from its JWKS URL.
///
/// - The key set is fetched again on a schedule (the answer's `Cache-Control: max-age`, kept within
///   `Timing`), when a token names a key Vigil does not have (at most once per `unknownKeyInterval`), and,
///   while no key set was ever fetched, every `failedFetchRetry` seconds: a failed first fetch heals by itself.
///   A failed refetch keeps the keys already known.
/// - Each key verifies with one algorithm: its `alg`, or, for a key published without one, the algorithm its
///   `kty`/`crv` implies (RSA → RS256, P-256 → ES256, P-384 → ES384, P-521 → ES512, Ed25519 → EdDSA). A token
///   whose header names another algorithm is refused: a header never chooses how a key is used.
actor ExternalIssuer {
    /// The intervals of the refresh rules, in seconds.
    struct Timing: Sendable {
        var unknownKeyInterval = 60.0
        var failedFetchRetry = 5.0
        var defaultMaxAge = 3600.0
        var minimumMaxAge = 300.0
        var maximumMaxAge = 86_400.0
    }

    let configuration: ExternalIssuerConfiguration
    let timing: Timing
    let clock: @Sendable () -> Double
    private var keys = JWTKeyCollection()
    /// The algorithm of each key, by `kid`.
    private var algorithms: [String: String] = [:]
    private var lastAttempt: Double?
    private var refreshAfter = 0.0
    private(set) var lastError: String?
    /// Keys of the last fetched set that Vigil cannot use (unknown `kty`/`crv`), with why.
    private(set) var skippedKeys: [String] = []

    init(_ configuration: ExternalIssuerConfiguration, timing: Timing = Timing(),
         clock: @escaping @Sendable () -> Double = { Date().timeIntervalSince1970 })
    {
        self.configuration = configuration
        self.timing = timing
        self.clock = clock
    }

    func verify(_ token: String) async throws(VigilError) -> CallerIdentity {
        let now = clock()
        if algorithms.isEmpty {
            if lastAttempt.map({ now - $0 >= timing.failedFetchRetry }) ?? true { try await refresh() }
        } else if now >= refreshAfter {
            try? await refresh()  // a failed scheduled refetch keeps the known keys (lastError says why)
        }
        guard let header = unverifiedHeader(of: token), let alg = header["alg"]?.stringValue else {
            throw VigilError(.unauthenticated, "Access token is malformed.")
        }
        var kid = header["kid"]?.stringValue
        if let named = kid, algorithms[named] == nil, lastAttempt.map({ now - $0 >= timing.unknownKeyInterval }) ?? true {
            try? await refresh()
        }
        if kid == nil, algorithms.count == 1 { kid = algorithms.keys.first }
        guard let kid, let expected = algorithms[kid] else {
            throw VigilError(.unauthenticated,
                             "Access token validation failure: it is not signed with a key \(configuration.issuer) publishes.")
        }
        guard alg == expected else {
            throw VigilError(.unauthenticated,
                             "Access token validation failure: its algorithm \(alg) is not the one of its key (\(expected)).")
        }
        let claims: ExternalTokenClaims
        do {
            claims = try await keys.verify(token, as: ExternalTokenClaims.self)
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

    /// What `/health` shows of this issuer: how many keys Vigil holds, when it last fetched them, and why the
    /// last fetch failed (a scheduled refetch that fails keeps the known keys and is only visible here).
    func status() -> JSONValue {
        ["issuer": .string(configuration.issuer), "keys": .int(Int64(algorithms.count)),
         "lastFetchAt": lastAttempt.map { .string(DateTimeOffset(secondsSinceEpoch: Int64($0)).iso8601) } ?? .null,
         "lastError": lastError.map(JSONValue.string) ?? .null,
         "skippedKeys": .array(skippedKeys.map(JSONValue.string))]
    }

    /// The algorithm a key published without `alg` is used with, from its type and curve; `nil` when Vigil
    /// cannot use the key.
    static func impliedAlgorithm(_ key: [String: JSONValue]) -> String? {
        switch (key["kty"]?.stringValue, key["crv"]?.stringValue) {
        case ("RSA", _): "RS256"
        case ("EC", "P-256"): "ES256"
        case ("EC", "P-384"): "ES384"
        case ("EC", "P-521"): "ES512"
        case ("OKP", "Ed25519"): "EdDSA"
        default: nil
        }
    }

    /// `max-age` of a `Cache-Control` value, if any.
    static func maxAge(_ cacheControl: String?) -> Double? {
        guard let cacheControl else { return nil }
        for part in cacheControl.split(separator: ",") {
            let item = part.trimmingCharacters(in: .whitespaces).lowercased()
            if item.hasPrefix("max-age="), let seconds = Double(item.dropFirst("max-age=".count)) { return seconds }
        }
        return nil
    }

    /// Fetches the issuer's JWKS and replaces the keys with it.
    func refresh() async throws(VigilError) {
        let now = clock()
        lastAttempt = now
        do {
            var request = HTTPClientRequest(url: configuration.jwksUrl)
            request.method = .GET
            let response = try await OutboundClient.operatorConfigured.execute(request, timeout: .seconds(10), field: "jwksUrl")
            guard response.status == .ok else { throw VigilError(.serviceUnavailable, "HTTP \(response.status.code)") }
            let body = try await response.body.collect(upTo: 1024 * 1024)
            guard case .array(let published)? = try JSONParser.parse(Array(buffer: body))["keys"] else {
                throw VigilError(.serviceUnavailable, "the answer has no 'keys' array")
            }
            let fresh = JWTKeyCollection()
            var found: [String: String] = [:]
            var skipped: [String] = []
            for case .object(var key) in published {
                let kid = key["kid"]?.stringValue ?? "?"
                if key["use"]?.stringValue.map({ $0 != "sig" }) ?? false { continue }
                guard let alg = key["alg"]?.stringValue ?? Self.impliedAlgorithm(key) else {
                    skipped.append("\(kid): no usable algorithm for kty \(key["kty"]?.stringValue ?? "?")")
                    continue
                }
                key["alg"] = .string(alg)
                do {
                    try await fresh.add(jwksJSON: JSONWriter.string(["keys": .array([.object(key)])]))
                    found[kid] = alg
                } catch {
                    skipped.append("\(kid): \(error)")
                }
            }
            guard !found.isEmpty else { throw VigilError(.serviceUnavailable, "no usable key in the set (\(skipped))") }
            keys = fresh
            algorithms = found
            skippedKeys = skipped
            lastError = nil
            let age = Self.maxAge(response.headers.first(name: "Cache-Control")) ?? timing.defaultMaxAge
            refreshAfter = now + min(max(age, timing.minimumMaxAge), timing.maximumMaxAge)
        } catch {
            lastError = "\(error)"
            throw VigilError(.unauthenticated,
                             "Access token validation failure: the signing keys of \(configuration.issuer) could not be fetched.",
                             underlying: error)
        }
    }
}

/// The header of a token, without verifying anything.
func unverifiedHeader(of token: String) -> [String: JSONValue]? {
    unverifiedPart(0, of: token)?.objectValue
}

func unverifiedPart(_ index: Int, of token: String) -> JSONValue? {
    let parts = token.split(separator: ".", omittingEmptySubsequences: false)
    guard parts.count == 3 else { return nil }
    var base64 = parts[index].replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
    while base64.utf8.count % 4 != 0 { base64 += "=" }
    guard let data = Data(base64Encoded: base64) else { return nil }
    return try? JSONParser.parse(data)
}

/// Reads the `iss` claim of a token without verifying it, to choose who verifies it.
func unverifiedIssuer(of token: String) -> String? {
    unverifiedPart(1, of: token)?["iss"]?.stringValue
}

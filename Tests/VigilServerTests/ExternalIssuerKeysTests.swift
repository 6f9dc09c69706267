import Foundation
import Hummingbird
import HummingbirdTesting
import JWTKit
import NIOCore
import Synchronization
import Testing
import VigilCore
import VigilTesting
@testable import VigilServer
@testable import VigilEngine

/// The key set of an external issuer over a real socket: rotation, a failed first fetch, the refresh
/// schedule, and keys published without `alg`.
@Suite("External issuers: keys that rotate")
struct ExternalIssuerKeysTests {
    /// What the issuer's JWKS endpoint answers, and how often it was asked.
    struct Publication: Sendable {
        var status = 200
        var body = #"{"keys":[]}"#
        var cacheControl: String?
        var fetches = 0
        /// When set, the endpoint answers 302 to this path instead of the keys.
        var redirect: String?
        /// Requests that followed the redirect.
        var followed = 0
    }

    static func jwk(_ key: ES256PrivateKey, kid: String, alg: Bool = true) throws -> String {
        let p = try #require(key.publicKey.parameters)
        return #"{"kty":"EC","crv":"P-256","kid":"\#(kid)",\#(alg ? #""alg":"ES256","# : "")"use":"sig","x":"\#(p.x)","y":"\#(p.y)"}"#
    }

    static func set(_ keys: [String]) -> String { #"{"keys":[\#(keys.joined(separator: ","))]}"# }


    /// Runs `body` with an issuer whose JWKS endpoint answers what `publication` holds, on a manual clock.
    static func withIssuer(_ body: @escaping @Sendable (ExternalIssuer, Shared<Publication>, Shared<Double>) async throws -> Void)
        async throws
    {
        let publication = Shared(Publication())
        let time = Shared(1_000_000.0)
        let router = Router()
        router.get("keys") { _, _ -> Response in
            let p = publication.withLock { $0.fetches += 1; return $0 }
            if let redirect = p.redirect { return Response(status: .found, headers: [.location: redirect]) }
            var headers: HTTPFields = [.contentType: "application/json"]
            if let cacheControl = p.cacheControl { headers[.cacheControl] = cacheControl }
            return Response(status: .init(code: p.status), headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: p.body)))
        }
        router.get("moved-keys") { _, _ -> Response in
            let p = publication.withLock { $0.followed += 1; return $0 }
            return Response(status: .ok, headers: [.contentType: "application/json"], body: ResponseBody(byteBuffer: ByteBuffer(string: p.body)))
        }
        try await Application(router: router).test(.live) { client in
            let port = try #require(client.port)
            let issuer = ExternalIssuer(ExternalIssuerConfiguration(issuer: ExternalIssuerTests.issuer,
                                                                    jwksUrl: "http://127.0.0.1:\(port)/keys",
                                                                    audience: "api://vigil", tenant: "t"),
                                        clock: { time.withLock { $0 } })
            try await body(issuer, publication, time)
        }
    }

    static func accepted(_ issuer: ExternalIssuer, _ token: String) async -> Bool {
        (try? await issuer.verify(token)) != nil
    }

    @Test("The issuer rotates its key while Vigil runs: the new key is fetched on first sight, unknown keys are not refetched more than once a minute")
    func rotation() async throws {
        let a = ES256PrivateKey(), b = ES256PrivateKey()
        let tokenA = try await ExternalIssuerTests.token(a, kid: "a"), tokenB = try await ExternalIssuerTests.token(b, kid: "b")
        try await Self.withIssuer { issuer, publication, time in
            publication.withLock { $0.body = Self.set([try! Self.jwk(a, kid: "a")]) }
            #expect(await Self.accepted(issuer, tokenA))
            #expect(publication.withLock { $0.fetches } == 1)
            time.withLock { $0 += 120 }
            publication.withLock { $0.body = Self.set([try! Self.jwk(b, kid: "b")]) }
            #expect(await Self.accepted(issuer, tokenB))
            #expect(publication.withLock { $0.fetches } == 2)
            // The retired key: refused, and asking again at once does not make Vigil fetch again.
            #expect(!(await Self.accepted(issuer, tokenA)))
            #expect(!(await Self.accepted(issuer, tokenA)))
            #expect(publication.withLock { $0.fetches } == 2)
            #expect(await Self.accepted(issuer, tokenB))
            #expect(publication.withLock { $0.fetches } == 2)
        }
    }

    @Test("A failed first fetch heals: Vigil tries again a few seconds later, not a minute later")
    func failedFirstFetch() async throws {
        let a = ES256PrivateKey()
        try await Self.withIssuer { issuer, publication, time in
            publication.withLock { $0.status = 503 }
            let token = try await ExternalIssuerTests.token(a, kid: "a")
            await #expect(throws: VigilError.self) { _ = try await issuer.verify(token) }
            #expect(await issuer.lastError != nil)
            publication.withLock { $0.status = 200; $0.body = Self.set([try! Self.jwk(a, kid: "a")]) }
            #expect(!(await Self.accepted(issuer, token)))  // within the retry interval: not asked again yet
            #expect(publication.withLock { $0.fetches } == 1)
            time.withLock { $0 += 5 }
            #expect(await Self.accepted(issuer, token))
            #expect(publication.withLock { $0.fetches } == 2)
            #expect(await issuer.lastError == nil)
        }
    }

    @Test("A key set URL that redirects is not followed: the fetch fails and says so")
    func redirectNotFollowed() async throws {
        let a = ES256PrivateKey()
        try await Self.withIssuer { issuer, publication, _ in
            publication.withLock { $0.redirect = "/moved-keys"; $0.body = Self.set([try! Self.jwk(a, kid: "a")]) }
            let token = try await ExternalIssuerTests.token(a, kid: "a")
            await #expect(throws: VigilError.self) { _ = try await issuer.verify(token) }
            #expect(await issuer.lastError?.contains("302") == true)
            #expect(publication.withLock { $0.followed } == 0)
        }
    }

    @Test("Keys are fetched again when Cache-Control's max-age runs out; a failed refetch keeps the keys")
    func schedule() async throws {
        let a = ES256PrivateKey()
        try await Self.withIssuer { issuer, publication, time in
            publication.withLock { $0.body = Self.set([try! Self.jwk(a, kid: "a")]); $0.cacheControl = "public, max-age=600" }
            let token = try await ExternalIssuerTests.token(a, kid: "a")
            #expect(await Self.accepted(issuer, token))
            time.withLock { $0 += 599 }
            #expect(await Self.accepted(issuer, token))
            #expect(publication.withLock { $0.fetches } == 1)
            time.withLock { $0 += 2 }
            publication.withLock { $0.status = 500 }
            #expect(await Self.accepted(issuer, token))
            #expect(publication.withLock { $0.fetches } == 2)
            #expect(await issuer.lastError != nil)
            // The failed refetch shows in the status /health reports, with the keys still held.
            let status = await issuer.status()
            #expect(status["keys"] == 1)
            #expect(status["lastError"]?.stringValue?.contains("500") == true)
            // A max-age below five minutes counts as five minutes.
            publication.withLock { $0.status = 200; $0.cacheControl = "max-age=1" }
            time.withLock { $0 += 300 }
            #expect(await Self.accepted(issuer, token))
            #expect(publication.withLock { $0.fetches } == 3)
            time.withLock { $0 += 200 }
            #expect(await Self.accepted(issuer, token))
            #expect(publication.withLock { $0.fetches } == 3)
        }
    }

    @Test("A key published without alg verifies only with the algorithm its curve implies; a forged header changes nothing")
    func algorithmFromTheKey() async throws {
        let a = ES256PrivateKey()
        let again = try await ExternalIssuerTests.token(a, kid: "a")
        try await Self.withIssuer { issuer, publication, _ in
            publication.withLock { $0.body = Self.set([try! Self.jwk(a, kid: "a", alg: false)]) }
            let good = try await ExternalIssuerTests.token(a, kid: "a")
            let parts = good.split(separator: ".").map(String.init)
            func forged(_ header: String) -> String {
                SkipTokenSigner.base64url(Data(header.utf8)) + "." + parts[1] + "." + parts[2]
            }
            for header in [#"{"alg":"ES384","kid":"a","typ":"JWT"}"#, #"{"alg":"ES512","kid":"a"}"#,
                           #"{"alg":"HS256","kid":"a"}"#, #"{"alg":"none","kid":"a"}"#, #"{"alg":"RS256","kid":"a"}"#] {
                do throws(VigilError) {
                    _ = try await issuer.verify(forged(header))
                    Issue.record("accepted a token whose header says \(header)")
                } catch {
                    #expect(error.message.contains("algorithm"), "\(header): \(error.message)")
                }
            }
            // The forged headers left the key as it was: the genuine token still verifies.
            #expect(await Self.accepted(issuer, good))
            #expect(await Self.accepted(issuer, again))
        }
    }

    @Test("Implied algorithms and max-age parsing")
    func pieces() {
        #expect(ExternalIssuer.impliedAlgorithm(["kty": "RSA"]) == "RS256")
        #expect(ExternalIssuer.impliedAlgorithm(["kty": "EC", "crv": "P-384"]) == "ES384")
        #expect(ExternalIssuer.impliedAlgorithm(["kty": "EC", "crv": "P-521"]) == "ES512")
        #expect(ExternalIssuer.impliedAlgorithm(["kty": "OKP", "crv": "Ed25519"]) == "EdDSA")
        #expect(ExternalIssuer.impliedAlgorithm(["kty": "oct"]) == nil)
        #expect(ExternalIssuer.impliedAlgorithm(["kty": "EC", "crv": "secp256k1"]) == nil)
        #expect(ExternalIssuer.maxAge("public, max-age=3600, must-revalidate") == 3600)
        #expect(ExternalIssuer.maxAge("no-cache") == nil)
        #expect(ExternalIssuer.maxAge(nil) == nil)
    }
}

import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import JWTKit
import NIOCore
import Testing
import VigilCore
@testable import VigilServer
@testable import VigilEngine

/// Tokens of an external identity provider, whose keys Vigil fetches from a JWKS URL over real sockets.
@Suite("External issuers")
struct ExternalIssuerTests {
    static let issuer = "https://idp.example/contoso/v2.0"

    static func token(_ key: ES256PrivateKey, kid: String, audience: String = "api://vigil", issuer: String = issuer,
                      roles: [String] = [Permission.securityEventsRead]) async throws -> String {
        let keys = JWTKeyCollection()
        await keys.add(ecdsa: key, kid: JWKIdentifier(string: kid))
        let claims = ExternalTokenClaims(aud: AudienceClaim(value: [audience]), iss: IssuerClaim(value: issuer),
                                         exp: ExpirationClaim(value: Date().addingTimeInterval(600)), nbf: nil,
                                         appid: "external-app", azp: nil, roles: roles, scp: nil, upn: nil,
                                         preferred_username: nil)
        return try await keys.sign(claims, kid: JWKIdentifier(string: kid))
    }

    @Test func tokensOfATrustedIssuerAreAcceptedAndOthersAreNot() async throws {
        let key = ES256PrivateKey()
        let parameters = try #require(key.publicKey.parameters)
        let jwks = #"{"keys":[{"kty":"EC","crv":"P-256","kid":"ext-1","alg":"ES256","use":"sig","x":"\#(parameters.x)","y":"\#(parameters.y)"}]}"#
        let idp = Router()
        idp.get("keys") { _, _ in Response(status: .ok, headers: [.contentType: "application/json"],
                                             body: ResponseBody(byteBuffer: ByteBuffer(string: jwks))) }
        try await Application(router: idp).test(.live) { idpClient in
            let port = try #require(idpClient.port)
            let server = try await TestServer.make { configuration in
                configuration.externalIssuers = [ExternalIssuerConfiguration(
                    issuer: Self.issuer, jwksUrl: "http://127.0.0.1:\(port)/keys", audience: "api://vigil",
                    tenant: "placeholder")]
            }
            let tenantId = server.tenantA
            // The configured tenant must be a real one: rebuild the token service with tenant A.
            var configuration = server.services.configuration
            configuration.externalIssuers[0].tenant = tenantId
            let tokens = try await TokenService.load(identity: server.services.identity, kek: try configuration.keyEncryptionKey(),
                                                     baseURL: configuration.baseURL,
                                                     audiences: configuration.acceptedAudiences, lifetime: 3600,
                                                     external: configuration.externalIssuers)
            let services = VigilServices(configuration: configuration, database: server.services.database,
                                         alerts: server.services.alerts, identity: server.services.identity, tokens: tokens,
                                         limiter: server.services.limiter, metrics: server.services.metrics,
                                         federation: server.services.federation,
                                         indicators: server.services.indicators)
            try await Application(router: VigilApplication.router(services: services)).test(.router) { client in
                let good = try await Self.token(key, kid: "ext-1")
                let (ok, _, _) = try await client.call("/v1.0/security/alerts", token: good)
                #expect(ok == .ok)
                let identity = try await tokens.verify(good)
                #expect(identity.tenantId == tenantId)
                #expect(identity.appId == "external-app")

                let wrongAudience = try await Self.token(key, kid: "ext-1", audience: "api://other")
                let (s1, b1, _) = try await client.call("/v1.0/security/alerts", token: wrongAudience)
                #expect(s1 == .unauthorized)
                expectGraphError(b1, code: "InvalidAuthenticationToken", contains: "audience")

                let impostor = try await Self.token(ES256PrivateKey(), kid: "ext-1")
                let (s2, b2, _) = try await client.call("/v1.0/security/alerts", token: impostor)
                #expect(s2 == .unauthorized)
                expectGraphError(b2, code: "InvalidAuthenticationToken", contains: "signature")

                let untrusted = try await Self.token(key, kid: "ext-1", issuer: "https://elsewhere.example/v2.0")
                let (s3, _, _) = try await client.call("/v1.0/security/alerts", token: untrusted)
                #expect(s3 == .unauthorized)

                let noRole = try await Self.token(key, kid: "ext-1", roles: [])
                let (s4, _, _) = try await client.call("/v1.0/security/alerts", token: noRole)
                #expect(s4 == .forbidden)

                // /health shows the issuer's key set.
                let (_, health, _) = try await client.call("/health", token: nil)
                let issuer = try #require(health["externalIssuers"]?.arrayValue?.first)
                #expect(issuer["issuer"]?.stringValue == Self.issuer)
                #expect(issuer["keys"] == 1)
                #expect(issuer["lastError"] == .null)
            }
        }
    }
}

import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing
import VigilCore
import VigilTesting
@testable import VigilServer
@testable import VigilEngine

@Suite("Tokens and authentication")
struct TokenAndAuthTests {
    static func form(_ client: some TestClientProtocol, tenant: String, _ body: String,
                     contentType: String = "application/x-www-form-urlencoded") async throws -> (HTTPResponse.Status, JSONValue) {
        let (status, json, _) = try await client.call("/\(tenant)/oauth2/v2.0/token", .post, token: nil, body: body,
                                                      contentType: contentType)
        return (status, json)
    }

    @Test func clientCredentialsIssueAVerifiableToken() async throws {
        let server = try await TestServer.make()
        try await server.app.test(.router) { client in
            let token = try await server.token(client, tenant: server.tenantA, app: server.adminA)
            let identity = try await server.services.tokens.verify(token)
            #expect(identity.tenantId == server.tenantA)
            #expect(identity.appId == server.adminA.clientId)
            #expect(identity.permissions == Set(Permission.all))
            let (status, body, _) = try await client.call("/\(server.tenantA)/discovery/v2.0/keys", token: nil)
            #expect(status == .ok)
            #expect(body["keys"]?.arrayValue?.first?["crv"] == "P-256")
            let (_, openid, _) = try await client.call("/\(server.tenantA)/v2.0/.well-known/openid-configuration", token: nil)
            #expect(openid["issuer"]?.stringValue == "http://vigil.test/\(server.tenantA)/v2.0")
            #expect(openid["jwks_uri"]?.stringValue == "http://vigil.test/\(server.tenantA)/discovery/v2.0/keys")
        }
    }

    @Test func graphScopeIsAccepted() async throws {
        let server = try await TestServer.make()
        try await server.app.test(.router) { client in
            let body = "grant_type=client_credentials&client_id=\(server.adminA.clientId)&client_secret=\(server.adminA.secret)&scope=https%3A%2F%2Fgraph.microsoft.com%2F.default"
            let (status, json) = try await Self.form(client, tenant: server.tenantA, body)
            #expect(status == .ok)
            #expect(json["token_type"] == "Bearer")
            #expect(json["expires_in"] == 3599)
        }
    }

    @Test func tokenEndpointErrorsUseTheIdentityPlatformShape() async throws {
        let server = try await TestServer.make()
        let a = server.adminA
        let scope = "scope=http%3A%2F%2Fvigil.test%2F.default"
        try await server.app.test(.router) { client in
            let cases: [(String, String, HTTPResponse.Status, String)] = [
                (server.tenantA, "grant_type=client_credentials&client_id=\(a.clientId)&client_secret=wrong&\(scope)", .unauthorized, "invalid_client"),
                (server.tenantA, "grant_type=client_credentials&client_id=nobody&client_secret=x&\(scope)", .unauthorized, "invalid_client"),
                (server.tenantA, "grant_type=client_credentials&client_id=\(a.clientId)&\(scope)", .unauthorized, "invalid_client"),
                (server.tenantA, "grant_type=password&client_id=\(a.clientId)&client_secret=\(a.secret)&\(scope)", .badRequest, "unsupported_grant_type"),
                (server.tenantA, "client_id=\(a.clientId)&client_secret=\(a.secret)&\(scope)", .badRequest, "invalid_request"),
                (server.tenantA, "grant_type=client_credentials&client_id=\(a.clientId)&client_secret=\(a.secret)&scope=openid", .badRequest, "invalid_scope"),
                (server.tenantA, "grant_type=client_credentials&client_id=\(a.clientId)&client_secret=\(a.secret)&scope=https%3A%2F%2Fevil.example%2F.default", .badRequest, "invalid_resource"),
                // An unknown tenant is answered as one without consent (authenticated) or a bad client (not):
                // never "not found", so the endpoint does not tell which tenants exist.
                ("no-such-tenant", "grant_type=client_credentials&client_id=\(a.clientId)&client_secret=\(a.secret)&\(scope)", .badRequest, "unauthorized_client"),
                ("no-such-tenant", "grant_type=client_credentials&client_id=\(a.clientId)&client_secret=wrong&\(scope)", .unauthorized, "invalid_client"),
                // An app of tenant A asking for a token in tenant B without consent.
                (server.tenantB, "grant_type=client_credentials&client_id=\(a.clientId)&client_secret=\(a.secret)&\(scope)", .badRequest, "unauthorized_client"),
            ]
            for (tenant, body, status, code) in cases {
                let (s, json) = try await Self.form(client, tenant: tenant, body)
                #expect(s == status, "\(body)")
                #expect(json["error"]?.stringValue == code, "\(body) → \(json)")
                #expect(json["error_description"]?.stringValue?.isEmpty == false)
            }
            // The same answers, word for word but for the tenant, whether the tenant exists or not.
            let wrong = "grant_type=client_credentials&client_id=\(a.clientId)&client_secret=wrong&\(scope)"
            let (_, known) = try await Self.form(client, tenant: server.tenantB, wrong)
            let (_, unknown) = try await Self.form(client, tenant: "0b1d5b4e-0000-4000-8000-000000000000", wrong)
            #expect(known["error_description"] == unknown["error_description"])
            let right = "grant_type=client_credentials&client_id=\(a.clientId)&client_secret=\(a.secret)&\(scope)"
            let (_, noConsent) = try await Self.form(client, tenant: server.tenantB, right)
            let (_, noTenant) = try await Self.form(client, tenant: "0b1d5b4e-0000-4000-8000-000000000000", right)
            #expect(noConsent["error_description"]?.stringValue?.replacingOccurrences(of: server.tenantB, with: "T")
                    == noTenant["error_description"]?.stringValue?.replacingOccurrences(of: "0b1d5b4e-0000-4000-8000-000000000000", with: "T"))
            let (s, json) = try await Self.form(client, tenant: server.tenantA, "{}", contentType: "application/json")
            #expect(s == .badRequest && json["error"] == "invalid_request")
        }
    }

    @Test func multiTenantAppActsInAnotherTenantOnlyAfterConsent() async throws {
        let server = try await TestServer.make()
        let (app, secret) = try await server.services.identity.createApp(
            tenantId: server.tenantA, name: "mssp", roles: Permission.all, multiTenant: true)
        let body = "grant_type=client_credentials&client_id=\(app.clientId)&client_secret=\(secret.revealed)&scope=http%3A%2F%2Fvigil.test%2F.default"
        try await server.app.test(.router) { client in
            let (before, _) = try await Self.form(client, tenant: server.tenantB, body)
            #expect(before == .badRequest)
            try await server.services.identity.consent(tenantId: server.tenantB, clientId: app.clientId,
                                                       roles: [Permission.securityEventsRead])
            let (after, json) = try await Self.form(client, tenant: server.tenantB, body)
            #expect(after == .ok)
            let identity = try await server.services.tokens.verify(try #require(json["access_token"]?.stringValue))
            #expect(identity.tenantId == server.tenantB)
            #expect(identity.permissions == [Permission.securityEventsRead])
        }
    }

    @Test func badTokensAre401AndMissingPermissionsAre403() async throws {
        let server = try await TestServer.make()
        let good = try await server.sign(server.claims(tenant: server.tenantA, appId: "x", roles: [Permission.securityEventsRead]))
        let expired = try await server.sign(server.claims(tenant: server.tenantA, appId: "x", roles: Permission.all, expires: -60))
        let early = try await server.sign(server.claims(tenant: server.tenantA, appId: "x", roles: Permission.all, notBefore: 600))
        let wrongAudience = try await server.sign(server.claims(tenant: server.tenantA, appId: "x", roles: Permission.all,
                                                                audience: "https://elsewhere.example"))
        var forgedIssuer = server.claims(tenant: server.tenantA, appId: "x", roles: Permission.all)
        forgedIssuer.iss = .init(value: "https://attacker.example/\(server.tenantA)/v2.0")
        let badIssuer = try await server.sign(forgedIssuer)
        // Another Vigil's key signs a token with the same kid: the signature does not verify.
        let other = try await TestServer.make()
        let kid = try #require(try await server.services.identity.signingKeys().first).kid
        let otherKey = try #require(try await other.services.identity.signingKeys().first)
        let foreign = try await other.sign(other.claims(tenant: server.tenantA, appId: "x", roles: Permission.all))
        let parts = foreign.split(separator: ".")
        let tamperedSignature = good.split(separator: ".").prefix(2).joined(separator: ".") + "." + parts[2]
        let none = Self.unsigned(header: #"{"alg":"none","typ":"JWT"}"#,
                                 payload: #"{"tid":"\#(server.tenantA)","appid":"x","roles":["Vigil.Admin"],"aud":"http://vigil.test","iss":"http://vigil.test/\#(server.tenantA)/v2.0","iat":1,"exp":4102444800}"#)
        let hs256 = Self.unsigned(header: #"{"alg":"HS256","typ":"JWT","kid":"\#(kid)"}"#,
                                  payload: #"{"tid":"\#(server.tenantA)","appid":"x","aud":"http://vigil.test","iss":"x","iat":1,"exp":4102444800}"#) + "c2lnbmF0dXJl"
        _ = otherKey
        try await server.app.test(.router) { client in
            let cases: [(String?, String)] = [
                (nil, "Access token is empty"), ("garbage", "malformed"), ("a.b.c", "malformed"), (expired, "expired"),
                (early, "not yet valid"), (wrongAudience, "audience"), (badIssuer, "issuer"),
                (tamperedSignature, "signature"), (foreign, ""), (none, ""), (hs256, ""),
            ]
            for (token, fragment) in cases {
                let (status, body, headers) = try await client.call("/v1.0/security/alerts", token: token)
                #expect(status == .unauthorized, "token \(token ?? "nil")")
                expectGraphError(body, code: "InvalidAuthenticationToken", contains: fragment)
                #expect(headers[.wwwAuthenticate]?.hasPrefix("Bearer") == true)
            }
            let (status, body, _) = try await client.call("/v1.0/security/alerts", token: good)
            #expect(status == .ok)
            _ = body
            let (patch, patchBody, _) = try await client.call("/v1.0/security/alerts/x", .patch, token: good,
                                                              body: #"{"status":"resolved","vendorInformation":{"provider":"P","vendor":"V"}}"#)
            #expect(patch == .forbidden)
            expectGraphError(patchBody, code: "Forbidden", contains: "SecurityEvents.ReadWrite.All")
            let (ingest, _, _) = try await client.call("/ingest/alerts", .post, token: good, body: sampleAlert("a"))
            #expect(ingest == .forbidden)
            let (basic, _, _) = try await client.call("/v1.0/security/alerts", token: nil, headers: [.authorization: "Basic abc"])
            #expect(basic == .unauthorized)
        }
    }

    static func unsigned(header: String, payload: String) -> String {
        func b64(_ s: String) -> String {
            Data(s.utf8).base64EncodedString().replacingOccurrences(of: "+", with: "-")
                .replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
        }
        return b64(header) + "." + b64(payload) + "."
    }

    @Test("A disabled app gets no token and its tokens stop working within the cache interval; a rotated secret replaces the old one")
    func disabledAppsAndRotatedSecrets() async throws {
        let server = try await TestServer.make()
        let a = server.adminA
        let scope = "scope=http%3A%2F%2Fvigil.test%2F.default"
        try await server.app.test(.router) { client in
            let token = try await server.token(client, tenant: server.tenantA, app: a)
            #expect(try await client.call("/v1.0/security/alerts", token: token).0 == .ok)
            try await server.services.identity.setDisabled(clientId: a.clientId, true)
            let body = "grant_type=client_credentials&client_id=\(a.clientId)&client_secret=\(a.secret)&\(scope)"
            let (status, json) = try await Self.form(client, tenant: server.tenantA, body)
            #expect(status == .badRequest)
            #expect(json["error"] == "unauthorized_client")
            #expect(json["error_description"]?.stringValue?.contains("disabled") == true)
            // The status cache of this server was filled when the token was first used: the token stops
            // working once the cache's entry is older than its interval. A fresh cache sees it at once.
            let fresh = AppStatusCache(identity: server.services.identity)
            #expect(await fresh.isDisabled(a.clientId))
            let clock = Shared(0.0)
            let cache = AppStatusCache(identity: server.services.identity, ttl: 30, clock: { clock.withLock { $0 } })
            try await server.services.identity.setDisabled(clientId: a.clientId, false)
            #expect(await cache.isDisabled(a.clientId) == false)
            try await server.services.identity.setDisabled(clientId: a.clientId, true)
            clock.withLock { $0 = 29 }
            #expect(await cache.isDisabled(a.clientId) == false)
            clock.withLock { $0 = 30 }
            #expect(await cache.isDisabled(a.clientId))

            // Rotation: the new secret works, the old one does not.
            try await server.services.identity.setDisabled(clientId: a.clientId, false)
            let rotated = try await server.services.identity.rotateSecret(clientId: a.clientId)
            let old = try await Self.form(client, tenant: server.tenantA, body)
            #expect(old.0 == .unauthorized)
            let renewed = try await Self.form(client, tenant: server.tenantA,
                                              "grant_type=client_credentials&client_id=\(a.clientId)&client_secret=\(rotated.revealed)&\(scope)")
            #expect(renewed.0 == .ok)
        }
    }

}

import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import JWTKit
import NIOCore
import Testing
import VigilCore
import VigilNotifications
import VigilStorage
@testable import VigilServer
@testable import VigilEngine

/// A Vigil with a temporary SQLite database, two tenants and apps with various roles.
struct TestServer {
    let services: VigilServices
    let tenantA: String
    let tenantB: String
    /// Full rights in tenant A.
    let adminA: (clientId: String, secret: String)
    /// Read-only in tenant A.
    let readerA: (clientId: String, secret: String)
    /// Full rights in tenant B.
    let adminB: (clientId: String, secret: String)

    static func make(configure: (inout VigilConfiguration) -> Void = { _ in }) async throws -> TestServer {
        var configuration = VigilConfiguration()
        configuration.dataDir = FileManager.default.temporaryDirectory.appendingPathComponent("vigil-server-\(UUID().uuidString)").path
        configuration.publicBaseUrl = "http://vigil.test"
        configure(&configuration)
        let services = try await VigilServices.open(configuration)
        let a = try await services.identity.createTenant(name: "A")
        let b = try await services.identity.createTenant(name: "B")
        let (adminA, secretA) = try await services.identity.createApp(tenantId: a.id, name: "admin", roles: Permission.all, multiTenant: false)
        let (readerA, secretR) = try await services.identity.createApp(tenantId: a.id, name: "reader",
                                                                       roles: [Permission.securityEventsRead], multiTenant: false)
        let (adminB, secretB) = try await services.identity.createApp(tenantId: b.id, name: "admin", roles: Permission.all, multiTenant: false)
        return TestServer(services: services, tenantA: a.id, tenantB: b.id, adminA: (adminA.clientId, secretA.revealed),
                          readerA: (readerA.clientId, secretR.revealed), adminB: (adminB.clientId, secretB.revealed))
    }

    var app: some ApplicationProtocol {
        Application(router: VigilApplication.router(services: services))
    }

    /// A token from the token endpoint.
    func token(_ client: some TestClientProtocol, tenant: String, app: (clientId: String, secret: String)) async throws -> String {
        let form = "grant_type=client_credentials&client_id=\(app.clientId)&client_secret=\(app.secret)&scope=http%3A%2F%2Fvigil.test%2F.default"
        return try await client.execute(uri: "/\(tenant)/oauth2/v2.0/token", method: .post,
                                        headers: [.contentType: "application/x-www-form-urlencoded"],
                                        body: ByteBuffer(string: form)) { response in
            #expect(response.status == .ok)
            let body = try JSONParser.parse(Array(response.body.readableBytesView))
            return try #require(body["access_token"]?.stringValue)
        }
    }

    /// Signs arbitrary claims with the server's own key (for expired / not-yet-valid tokens).
    func sign(_ claims: AccessTokenClaims) async throws -> String {
        let stored = try #require(try await services.identity.signingKeys().last)
        let kid = stored.kid
        let pem = try services.configuration.keyEncryptionKey().open(stored.material, kid: kid)
        let keys = JWTKeyCollection()
        await keys.add(ecdsa: try ES256PrivateKey(pem: pem.revealed), kid: JWKIdentifier(string: kid))
        return try await keys.sign(claims, kid: JWKIdentifier(string: kid))
    }

    func claims(tenant: String, appId: String, roles: [String], expires: TimeInterval = 3600, notBefore: TimeInterval = -5,
                audience: String = "http://vigil.test") -> AccessTokenClaims {
        let now = Date()
        return AccessTokenClaims(tid: tenant, appid: appId, azp: appId, roles: roles, scp: nil,
                                 aud: AudienceClaim(value: [audience]),
                                 iss: IssuerClaim(value: services.tokens.issuer(tenantId: tenant)),
                                 iat: IssuedAtClaim(value: now), nbf: NotBeforeClaim(value: now.addingTimeInterval(notBefore)),
                                 exp: ExpirationClaim(value: now.addingTimeInterval(expires)), sub: appId, oid: appId,
                                 ver: "2.0", idtyp: "app", upn: nil, preferred_username: nil)
    }
}

/// Shorthands for requests and JSON bodies.
extension TestClientProtocol {
    func call(_ uri: String, _ method: HTTPRequest.Method = .get, token: String?, body: String? = nil,
              contentType: String? = "application/json", headers extra: HTTPFields = [:]) async throws -> (HTTPResponse.Status, JSONValue, HTTPFields) {
        var headers = extra
        if let token { headers[.authorization] = "Bearer \(token)" }
        if body != nil, let contentType { headers[.contentType] = contentType }
        return try await execute(uri: uri, method: method, headers: headers, body: body.map { ByteBuffer(string: $0) }) { response in
            let bytes = Array(response.body.readableBytesView)
            let json = bytes.isEmpty ? JSONValue.null : ((try? JSONParser.parse(bytes)) ?? .string(String(decoding: bytes, as: UTF8.self)))
            return (response.status, json, response.headers)
        }
    }
}

/// Checks the Graph error body shape and code.
func expectGraphError(_ body: JSONValue, code: String, contains fragment: String = "", sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(body["error"]?["code"]?.stringValue == code, "body: \(body)", sourceLocation: sourceLocation)
    #expect(fragment.isEmpty || body["error"]?["message"]?.stringValue?.contains(fragment) == true, "body: \(body)", sourceLocation: sourceLocation)
    #expect(body["error"]?["innerError"]?["request-id"]?.stringValue != nil, sourceLocation: sourceLocation)
    #expect(body["error"]?["innerError"]?["date"]?.stringValue != nil, sourceLocation: sourceLocation)
}

/// A valid alert for ingestion.
func sampleAlert(_ id: String, severity: String = "high", status: String = "newAlert", provider: String = "TestProvider",
                 extra: String = "") -> String {
    #"{"id":"\#(id)","title":"Alert \#(id)","severity":"\#(severity)","status":"\#(status)","vendorInformation":{"provider":"\#(provider)","vendor":"TestVendor"},"createdDateTime":"2024-01-01T00:00:00Z"\#(extra)}"#
}

extension TestServer {
    /// The same services with tenant A (unless a config names another tenant) fanning out to `providers`.
    func federated(_ providers: [ProviderConfiguration], settings: FederationSettings = FederationSettings(),
                   clock: @escaping @Sendable () -> Double = AlertFederation.monotonicSeconds) throws -> VigilServices {
        let s = services
        let remotes = try providers.map { try RemoteGraphProvider(configuration: $0) }
        let federation = AlertFederation(local: LocalAlertProvider(alerts: s.alerts), remotes: remotes,
                                         state: s.database.map(SQLiteFederationStateRepository.init), settings: settings,
                                         clock: clock)
        let actions = s.actions
        return try VigilServices(configuration: s.configuration, database: s.database, alerts: s.alerts, identity: s.identity,
                                 tokens: s.tokens, limiter: s.limiter, metrics: s.metrics, federation: federation,
                                 indicators: s.indicators, notifications: s.notifications) { indicators, matcher in
            let routing = try ActionRouting(builtIn: BuiltInActionHandler(indicators: indicators, matcher: matcher),
                                            webhooks: s.configuration.actions.webhooks, remotes: remotes,
                                            client: WebhookClient(), pollInterval: s.configuration.actions.pollIntervalSeconds)
            return ActionServices(repository: actions!.repository, routing: routing, signal: ChangeSignal(),
                                  settings: s.configuration.actions)
        }
    }

    /// The same services with another rate limiter (a fixed clock makes throttling tests exact).
    func services(limiter: RateLimiter) throws -> VigilServices {
        let s = services
        let actions = s.actions
        let keep: (@Sendable (IndicatorRepository, IndicatorMatcher) throws -> ActionServices)? =
            actions.map { existing in { @Sendable _, _ in existing } }
        return try VigilServices(configuration: s.configuration, database: s.database, alerts: s.alerts, identity: s.identity,
                                 tokens: s.tokens, limiter: limiter, metrics: s.metrics, federation: s.federation,
                                 indicators: s.indicators, notifications: s.notifications, actions: keep, score: s.score,
                                 sigma: s.sigma)
    }

    /// A provider configuration for a fake, in tenant A.
    func provider(_ name: String, _ fake: FakeProvider, timeout: Double = 15, vendor: String? = nil) -> ProviderConfiguration {
        ProviderConfiguration(name: name, tenant: tenantA, vendor: vendor ?? "Vendor-\(name)", provider: "Provider-\(name)",
                              url: fake.url, tokenUrl: fake.tokenUrl, clientId: "client-\(name)",
                              clientSecret: Secret("secret-\(name)"), scope: "https://graph.microsoft.com/.default",
                              timeoutSeconds: timeout)
    }
}

/// Alerts from a remote provider: ids `prefix-0…`, creation times one minute apart, severities cycling.
func remoteAlerts(_ prefix: String, count: Int, vendor: String, provider: String, start: Int = 0) -> [Alert] {
    let severities = ["low", "medium", "high", "informational"]
    return (0..<count).map { i in
        var a = Alert()
        a.id = "\(prefix)-\(i)"
        a.title = "Remote \(prefix) \(i)"
        a.severity = AlertSeverity(rawValue: severities[(i + start) % severities.count])
        a.status = AlertStatus(rawValue: "newAlert")
        a.createdDateTime = DateTimeOffset("2024-02-01T00:\(String(format: "%02d", (i * 7 + start) % 60)):00Z")
        var v = SecurityVendorInformation()
        v.vendor = vendor
        v.provider = provider
        a.vendorInformation = v
        a.passthrough.properties["x-remote-extra"] = .string("kept-\(i)")
        return a
    }
}

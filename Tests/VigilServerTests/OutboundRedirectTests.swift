import Hummingbird
import HummingbirdTesting
import NIOCore
import Synchronization
import Testing
import VigilCore
import VigilNotifications
import VigilStorage
import VigilTesting
@testable import VigilServer
@testable import VigilEngine

/// Outbound calls never follow a redirect: a remote provider (or its token URL) that answers 307 to another
/// origin gets a failure, and the other origin hears nothing — no credentials, no body.
@Suite("Outbound calls do not follow redirects")
struct OutboundRedirectTests {
    @Test func providerAndTokenRedirectsAreNotFollowed() async throws {
        let hits = Shared(0)
        let elsewhere = Router()
        elsewhere.on("{path}", method: .get) { _, _ -> Response in hits.withLock { $0 += 1 }; return Response(status: .ok) }
        elsewhere.on("{path}", method: .post) { _, _ -> Response in hits.withLock { $0 += 1 }; return Response(status: .ok) }
        try await Application(router: elsewhere).test(.live) { other in
            let target = "http://127.0.0.1:\(try #require(other.port))/steal"
            let redirecting = Router()
            redirecting.get("v1.0/security/alerts") { _, _ -> Response in
                Response(status: .temporaryRedirect, headers: [.location: target])
            }
            redirecting.post("token") { _, _ -> Response in
                Response(status: .permanentRedirect, headers: [.location: target])
            }
            try await Application(router: redirecting).test(.live) { provider in
                let port = try #require(provider.port)
                // Providers as `vigil serve` builds them from its configuration.
                let server = try await TestServer.make { configuration in
                    configuration.providers = [
                        ProviderConfiguration(name: "p", tenant: "t", vendor: "V", provider: "P",
                                              url: "http://127.0.0.1:\(port)/v1.0"),
                        ProviderConfiguration(name: "q", tenant: "t", vendor: "V", provider: "Q",
                                              url: "http://127.0.0.1:\(port)/v1.0", tokenUrl: "http://127.0.0.1:\(port)/token",
                                              clientId: "c", clientSecret: Secret("client-secret-value")),
                    ]
                }
                let query = ProviderQuery(odata: try ODataQuery<Alert>.parse([]), top: 10, skip: 0)
                let page = try await server.services.federation.list(tenantId: "t", query: query, skipToken: nil)
                #expect(page.warnings.map(\.provider).sorted() == ["P", "Q"])
                #expect(page.warnings.first { $0.provider == "P" }?.status == 307)
            }
        }
        #expect(hits.withLock { $0 } == 0, "a redirect was followed to another origin")
    }
}

import AsyncHTTPClient
import NIOCore
import NIOSSL
import Synchronization
import Testing
import VigilCore
@testable import VigilNotifications

/// The outbound client resolves a host once, checks what it resolved to, and connects to that address with
/// the original name in `Host` and in TLS. The names here (`receiver.vigil.test`) resolve only through the
/// test's lookup table, so a second, system lookup — what DNS rebinding exploits — would fail the request.
@Suite("Outbound client pins the checked address")
struct OutboundClientTests {
    /// A lookup table whose answers change from one call to the next, counting the calls.
    final class Lookup: Sendable {
        let answers: Mutex<(table: [String: [[[UInt8]]]], calls: Int)>
        init(_ table: [String: [[[UInt8]]]]) { answers = Mutex((table, 0)) }

        /// Answers with the next entry of the host's list (the last one again when the list is spent).
        var resolve: TargetPolicy.Resolver {
            { host in
                self.answers.withLock { state in
                    state.calls += 1
                    guard var list = state.table[host], !list.isEmpty else { return [] }
                    let next = list.count > 1 ? list.removeFirst() : list[0]
                    state.table[host] = list
                    return next
                }
            }
        }

        var calls: Int { answers.withLock { $0.calls } }
    }

    static let loopback: [UInt8] = [127, 0, 0, 1]
    static let metadata: [UInt8] = [169, 254, 169, 254]

    func client(_ lookup: Lookup, policy: TargetPolicy = .operatorConfigured, tls: TLSConfiguration? = nil) -> WebhookClient {
        WebhookClient(outbound: OutboundClient(policy: policy, resolve: lookup.resolve,
                                               pool: PinnedClientPool(tlsConfiguration: tls)))
    }

    @Test("A name is resolved once and the request goes to that address with the original Host header")
    func pinsPlainHTTP() async throws {
        let receiver = try await HostRecordingReceiver()
        let lookup = Lookup(["receiver.vigil.test": [[Self.loopback]]])
        let webhooks = client(lookup)
        for _ in 0..<2 {
            let answer = await webhooks.post("http://receiver.vigil.test:\(receiver.port)/hook", body: Array("{}".utf8),
                                             contentType: "application/json", timeout: 5)
            #expect(answer.status == 200, "\(answer.error ?? "")")
        }
        #expect(lookup.calls == 2)
        #expect(receiver.hosts.all == Array(repeating: "receiver.vigil.test:\(receiver.port)", count: 2))
        try await receiver.close()
    }

    @Test("A name that rebinds to a forbidden address between lookups is refused on that lookup, and nothing is sent")
    func rebindingIsCaughtAtConnectTime() async throws {
        let receiver = try await HostRecordingReceiver()
        let lookup = Lookup(["rebind.vigil.test": [[Self.loopback], [Self.metadata]]])
        let webhooks = client(lookup)
        let url = "http://rebind.vigil.test:\(receiver.port)/hook"
        // Subscription creation checks the URL (first lookup: loopback, allowed) …
        try await webhooks.check(url, field: "notificationUrl", policy: .operatorConfigured)
        // … and the later POST resolves again and sees the metadata address: refused, not sent.
        let answer = await webhooks.post(url, body: [], contentType: "application/json", timeout: 5)
        #expect(answer.blocked)
        #expect(answer.status == nil)
        #expect(answer.error?.contains("link-local") == true, "\(answer.error ?? "")")
        #expect(receiver.hosts.count == 0)
        try await receiver.close()
    }

    @Test("A name resolving to several addresses is refused when any of them is forbidden")
    func everyAddressIsChecked() async throws {
        let lookup = Lookup(["mixed.vigil.test": [[Self.loopback, Self.metadata]]])
        let answer = await client(lookup).post("http://mixed.vigil.test:9/hook", body: [], contentType: "text/plain", timeout: 5)
        #expect(answer.blocked)
    }

    @Test("With private targets refused, a name resolving to loopback is not posted to")
    func privateTargetsRefused() async throws {
        let receiver = try await HostRecordingReceiver()
        let lookup = Lookup(["receiver.vigil.test": [[Self.loopback]]])
        let strict = client(lookup, policy: TargetPolicy(allowPrivate: false, allowHTTP: true))
        let answer = await strict.post("http://receiver.vigil.test:\(receiver.port)/hook", body: [], contentType: "text/plain",
                                       timeout: 5)
        #expect(answer.blocked)
        #expect(answer.error?.contains("private or loopback") == true)
        let literal = await strict.post("http://127.0.0.1:\(receiver.port)/hook", body: [], contentType: "text/plain", timeout: 5)
        #expect(literal.blocked)
        #expect(receiver.hosts.count == 0)
        await #expect(throws: VigilError.self) {
            try await strict.validate("http://receiver.vigil.test:\(receiver.port)/hook", field: "notificationUrl", timeout: 2)
        }
        do {
            try await strict.validate("http://receiver.vigil.test:\(receiver.port)/hook", field: "notificationUrl", timeout: 2)
        } catch {
            #expect(error.message.contains("did not validate: blocked address"), "\(error.message)")
        }
        try await receiver.close()
    }

    @Test("TLS to the pinned address verifies the certificate against the original name (SNI and Host kept)")
    func pinsTLS() async throws {
        let receiver = try await HostRecordingReceiver(tls: try HostRecordingReceiver.pinnedTLSContext())
        var tls = TLSConfiguration.makeClientConfiguration()
        tls.trustRoots = .certificates(try NIOSSLCertificate.fromPEMFile(fixturePath("pinned-cert.pem")))
        let lookup = Lookup(["receiver.vigil.test": [[Self.loopback]]])
        let answer = await client(lookup, tls: tls).post("https://receiver.vigil.test:\(receiver.port)/hook", body: [],
                                                         contentType: "text/plain", timeout: 5)
        #expect(answer.status == 200, "\(answer.error ?? "")")
        #expect(receiver.hosts.all == ["receiver.vigil.test:\(receiver.port)"])
        // The same certificate does not pass for the bare address: the name checked is the URL's, not the pin's.
        let direct = await client(lookup, tls: tls).post("https://127.0.0.1:\(receiver.port)/hook", body: [],
                                                         contentType: "text/plain", timeout: 1)
        #expect(direct.status == nil)
        try await receiver.close()
    }

    @Test("A pool keeps one client per pinned target and shuts the least recently used one beyond its capacity")
    func poolIsBounded() async throws {
        let pool = PinnedClientPool(capacity: 2)
        _ = pool.client(for: .init(host: "a.test", address: "127.0.0.1"))
        _ = pool.client(for: .init(host: "a.test", address: "127.0.0.1"))
        #expect(pool.count == 1)
        _ = pool.client(for: .init(host: "b.test", address: "127.0.0.1"))
        _ = pool.client(for: .init(host: "c.test", address: "127.0.0.2"))
        #expect(pool.count == 2)
    }
}

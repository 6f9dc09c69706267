import Foundation
import NIOCore
import NIOPosix
import ServiceLifecycle
import Synchronization
import VigilStorage
import Testing
import VigilCore
@testable import VigilServer
@testable import VigilEngine

@Suite("Syslog listener")
struct SyslogListenerTests {
    static func cef(_ n: Int) -> String {
        "<134>Mar  1 10:00:0\(n) fw01 CEF:0|Acme|Firewall|2.1|100|Blocked connection \(n)|7|src=198.51.100.\(n) dst=10.0.0.8 rt=170928720000\(n)"
    }

    /// Waits (bounded) until the listener's counters reach `records`.
    static func waitForRecords(_ server: TestServer, source: String, _ records: Int) async throws -> SourceStatus? {
        for _ in 0..<200 {
            if let status = server.services.pipeline.status(tenantId: server.tenantA)[source], status.records >= records {
                return status
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        return server.services.pipeline.status(tenantId: server.tenantA)[source]
    }

    static func start(_ listener: SyslogListener) async throws -> Task<Void, any Error> {
        let task = Task { try await listener.run() }
        for _ in 0..<200 where listener.port == nil { try await Task.sleep(for: .milliseconds(10)) }
        return task
    }

    @Test("UDP datagrams and TCP frames (newline and octet counting) become alerts")
    func udpAndTcp() async throws {
        let server = try await TestServer.make()
        let udp = SyslogListener(configuration: .init(name: "fw-udp", transport: "udp", host: "127.0.0.1", port: 0,
                                                      tenant: server.tenantA),
                                 pipeline: server.services.pipeline, logger: quietLogger)
        let tcp = SyslogListener(configuration: .init(name: "fw-tcp", transport: "tcp", host: "127.0.0.1", port: 0,
                                                      tenant: server.tenantA),
                                 pipeline: server.services.pipeline, logger: quietLogger)
        let udpTask = try await Self.start(udp)
        let tcpTask = try await Self.start(tcp)
        defer { udpTask.cancel(); tcpTask.cancel() }
        let group = MultiThreadedEventLoopGroup.singleton

        let sender = try await DatagramBootstrap(group: group).bind(host: "127.0.0.1", port: 0).get()
        let target = try SocketAddress(ipAddress: "127.0.0.1", port: try #require(udp.port))
        for n in 1...2 {
            try await sender.writeAndFlush(AddressedEnvelope(remoteAddress: target, data: ByteBuffer(string: Self.cef(n)))).get()
        }
        try await sender.writeAndFlush(AddressedEnvelope(remoteAddress: target, data: ByteBuffer(string: "garbage"))).get()
        try await sender.close()
        let udpStatus = try await Self.waitForRecords(server, source: "fw-udp", 3)
        #expect(udpStatus?.alerts == 2)
        #expect(udpStatus?.malformed == 1)

        let client = try await ClientBootstrap(group: group).connect(host: "127.0.0.1", port: try #require(tcp.port)).get()
        let framed = Self.cef(4)
        let stream = Self.cef(3) + "\n" + "\(framed.utf8.count) \(framed)" + Self.cef(5) + "\n"
        // Sent in two pieces that cut a frame in the middle.
        let bytes = Array(stream.utf8)
        try await client.writeAndFlush(ByteBuffer(bytes: bytes[..<40])).get()
        try await client.writeAndFlush(ByteBuffer(bytes: bytes[40...])).get()
        try await client.close()
        let tcpStatus = try await Self.waitForRecords(server, source: "fw-tcp", 3)
        #expect(tcpStatus?.alerts == 3)
        #expect(tcpStatus?.malformed == 0)
        #expect(try await server.services.alerts.count(tenantId: server.tenantA) == 5)
    }

    /// An alert store that refuses writes while `failing` is on.
    final class FlakyAlerts: AlertRepository {
        let base: any AlertRepository
        let failing = Mutex(true)
        init(_ base: any AlertRepository) { self.base = base }
        func ingest(tenantId: String, alerts: [Alert], at now: DateTimeOffset) async throws -> [IngestOutcome] {
            if failing.withLock({ $0 }) { throw VigilError(.serviceUnavailable, "the disk is full") }
            return try await base.ingest(tenantId: tenantId, alerts: alerts, at: now)
        }
        func alert(tenantId: String, id: String) async throws -> Alert? { try await base.alert(tenantId: tenantId, id: id) }
        func list(tenantId: String, request: AlertListRequest) async throws -> AlertPage {
            try await base.list(tenantId: tenantId, request: request)
        }
        func update(tenantId: String, id: String, provider: String?, _ change: @Sendable (inout Alert) throws -> Void) async throws -> Alert? {
            try await base.update(tenantId: tenantId, id: id, provider: provider, change)
        }
        func count(tenantId: String?) async throws -> Int { try await base.count(tenantId: tenantId) }
    }

    @Test("Messages the store refuses are kept and stored once it accepts again; the refusal shows in the status")
    func storeOutage() async throws {
        let server = try await TestServer.make()
        let flaky = FlakyAlerts(server.services.alerts)
        let statusStore = SQLiteSourceStatusRepository(database: try #require(server.services.database))
        let pipeline = EventPipeline(alerts: flaky, matcher: server.services.matcher, indicators: server.services.indicators,
                                     statusStore: statusStore)
        let listener = SyslogListener(configuration: .init(name: "fw", transport: "udp", host: "127.0.0.1", port: 0,
                                                           tenant: server.tenantA),
                                      pipeline: pipeline, logger: quietLogger)
        for n in 1...3 { listener.enqueue(Array(Self.cef(n).utf8)) }
        try await listener.flush()
        #expect(listener.pending == 3)
        let refused = try #require(pipeline.status(tenantId: server.tenantA)["fw"])
        #expect(refused.lastError?.contains("the disk is full") == true)
        #expect(refused.records == 0)
        #expect(try await server.services.alerts.count(tenantId: server.tenantA) == 0)

        flaky.failing.withLock { $0 = false }
        listener.enqueue(Array(Self.cef(4).utf8))
        try await listener.flush()
        #expect(listener.pending == 0)
        #expect(try await server.services.alerts.count(tenantId: server.tenantA) == 4)
        #expect(pipeline.status(tenantId: server.tenantA)["fw"]?.alerts == 4)

        // The counters were saved: a new pipeline on the same database starts from them.
        let saved = try await statusStore.all()
        #expect(saved.count == 1)
        #expect(saved.first?.source == "fw")
        let restored = EventPipeline(alerts: flaky, matcher: server.services.matcher, indicators: server.services.indicators,
                                     statusStore: statusStore)
        try await restored.restoreStatus()
        #expect(restored.status(tenantId: server.tenantA)["fw"] == pipeline.status(tenantId: server.tenantA)["fw"])
    }

    @Test("Limits: loopback by default, messages over maxMessageBytes and connections over maxConnections dropped and counted")
    func limits() async throws {
        let server = try await TestServer.make()
        #expect(SyslogListenerConfiguration(name: "x", transport: "udp", port: 1, tenant: "t").host == "127.0.0.1")
        var configuration = SyslogListenerConfiguration(name: "fw-limits", transport: "tcp", port: 0, tenant: server.tenantA)
        configuration.maxMessageBytes = 512
        configuration.maxConnections = 1
        let tcp = SyslogListener(configuration: configuration, pipeline: server.services.pipeline, logger: quietLogger)
        let task = try await Self.start(tcp)
        defer { task.cancel() }
        let group = MultiThreadedEventLoopGroup.singleton
        let port = try #require(tcp.port)
        let first = try await ClientBootstrap(group: group).connect(host: "127.0.0.1", port: port).get()
        // A frame over the limit (never ended) is dropped without being held, then normal messages go on.
        try await first.writeAndFlush(ByteBuffer(string: String(repeating: "x", count: 2000))).get()
        try await first.writeAndFlush(ByteBuffer(string: "\n" + Self.cef(1) + "\n")).get()
        // A second connection while the first is open: closed at once.
        let second = try await ClientBootstrap(group: group).connect(host: "127.0.0.1", port: port).get()
        try? await second.writeAndFlush(ByteBuffer(string: Self.cef(2) + "\n")).get()
        try await second.closeFuture.get()
        let status = try await Self.waitForRecords(server, source: "fw-limits", 1)
        #expect(status?.alerts == 1)
        #expect((status?.dropped ?? 0) >= 1)
        try await first.close()
        for _ in 0..<100 where server.services.pipeline.status(tenantId: server.tenantA)["fw-limits"]?.lastError?.contains("maxConnections") != true {
            try await Task.sleep(for: .milliseconds(50))
        }
        #expect(server.services.pipeline.status(tenantId: server.tenantA)["fw-limits"]?.lastError?.contains("maxConnections") == true)
        // Once the first closed, a new connection is served.
        let third = try await ClientBootstrap(group: group).connect(host: "127.0.0.1", port: port).get()
        try await third.writeAndFlush(ByteBuffer(string: Self.cef(3) + "\n")).get()
        try await third.close()
        #expect(try await Self.waitForRecords(server, source: "fw-limits", 2)?.alerts == 2)
    }

    @Test("A full queue drops its oldest messages and says how many")
    func overflow() async throws {
        let server = try await TestServer.make()
        let listener = SyslogListener(configuration: .init(name: "fw", transport: "udp", host: "127.0.0.1", port: 0,
                                                           tenant: server.tenantA),
                                      pipeline: server.services.pipeline, logger: quietLogger)
        for n in 0..<(SyslogListener.queueLimit + 5) { listener.enqueue(Array(Self.cef(n % 10).utf8)) }
        #expect(listener.pending == SyslogListener.queueLimit)
        try await listener.flush()
        let status = try #require(server.services.pipeline.status(tenantId: server.tenantA)["fw"])
        #expect(status.dropped == 5)
        #expect(status.records == SyslogListener.queueLimit)
    }

    @Test("Frames: newline, octet counting, partial frames kept for the next read")
    func frames() {
        var buffer = Array("a\n11 <1>message\nb\n12 <1>par".utf8)
        let out = SyslogListener.StreamHandler.frames(&buffer)
        // "11 <1>message\n" is octet-counted: its 11 bytes include the newline.
        #expect(out.map { String(decoding: $0, as: UTF8.self) } == ["a", "<1>message\n", "b"])
        #expect(String(decoding: buffer, as: UTF8.self) == "12 <1>par")
    }
}

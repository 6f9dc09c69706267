import Foundation
#if canImport(Glibc)
import Glibc
#endif
import Hummingbird
import Logging
import ServiceLifecycle
import Testing
import VigilTesting
@testable import VigilServer
@testable import VigilEngine

/// The HTTP server's connection limits, over real loopback sockets: a client that stops sending is cut off,
/// and connections beyond the cap wait until one closes.
@Suite("HTTP connection limits", .serialized)
struct HTTPLimitsTests {
    /// Runs Vigil on a loopback port with the given limits for the duration of `body`.
    static func serving(_ limits: VigilConfiguration.HTTPLimits, _ body: (Int) async throws -> Void) async throws {
        let server = try await TestServer.make {
            $0.http = limits
            $0.port = 0  // the system's choice: a fixed guess could be another test's listener
        }
        var logger = Logger(label: "vigil-test")
        logger.logLevel = .critical
        let bound = Shared<Int?>(nil)
        let app = VigilApplication.make(services: server.services, logger: logger) { channel in
            bound.withLock { $0 = channel.localAddress?.port }
        }
        let task = Task { try await app.runService(gracefulShutdownSignals: []) }
        defer { task.cancel() }
        for _ in 0..<400 where bound.withLock({ $0 }) == nil { try await Task.sleep(for: .milliseconds(25)) }
        try await body(try #require(bound.withLock { $0 }))
    }

    @Test("A client that sends half a request and stalls is disconnected after the idle timeout")
    func stalledClientIsCutOff() async throws {
        var limits = VigilConfiguration.HTTPLimits()
        limits.idleTimeoutSeconds = 1
        try await Self.serving(limits) { port in
            let client = try RawTCPClient(port: port)
            client.send("GET /health HTTP/1.1\r\nHost: vigil.test\r\n")  // no blank line: the head never ends
            let answer = await client.receive(within: 30)
            #expect(answer?.closed == true || answer?.bytes.isEmpty == false, "the stalled connection was kept open")
            // A well-behaved client is still served.
            let healthy = try RawTCPClient(port: port)
            healthy.send("GET /health HTTP/1.1\r\nHost: vigil.test\r\n\r\n")
            let reply = try #require(await healthy.receive(within: 30))
            #expect(String(decoding: reply.bytes, as: UTF8.self).hasPrefix("HTTP/1.1 200"))
        }
    }

    @Test("Beyond maxConnections a new client waits until a connection closes")
    func connectionCap() async throws {
        var limits = VigilConfiguration.HTTPLimits()
        limits.maxConnections = 2
        try await Self.serving(limits) { port in
            var held = [try RawTCPClient(port: port), try RawTCPClient(port: port)]
            try await Task.sleep(for: .milliseconds(300))
            let third = try RawTCPClient(port: port)
            third.send("GET /health HTTP/1.1\r\nHost: vigil.test\r\n\r\n")
            #expect(await third.receive(within: 2) == nil, "a third connection was served while two were open")
            held.removeFirst()  // closes one
            let reply = try #require(await third.receive(within: 30))
            #expect(String(decoding: reply.bytes, as: UTF8.self).hasPrefix("HTTP/1.1 200"))
            _ = held
        }
    }
}

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

/// The HTTP server's connection limits, over real loopback sockets: a client that stops sending is cut off,
/// and connections beyond the cap wait until one closes.
@Suite("HTTP connection limits", .serialized)
struct HTTPLimitsTests {
    /// A plain TCP client with a receive timeout.
    final class RawClient {
        let fd: Int32

        init(port: Int) throws {
            fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_port = in_port_t(UInt16(port).bigEndian)
            address.sin_addr.s_addr = inet_addr("127.0.0.1")
            let connected = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
            }
            guard connected == 0 else { close(fd); throw POSIXError(.ECONNREFUSED) }
        }

        func send(_ text: String) { _ = Array(text.utf8).withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, 0) } }

        /// What the server sends within `seconds`: bytes, `closed` (EOF), or `nil` when nothing came.
        func receive(within seconds: Int) -> (bytes: [UInt8], closed: Bool)? {
            var timeout = timeval(tv_sec: seconds, tv_usec: 0)
            setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
            var buffer = [UInt8](repeating: 0, count: 4096)
            let n = recv(fd, &buffer, buffer.count, 0)
            if n > 0 { return (Array(buffer[0..<n]), false) }
            if n == 0 { return ([], true) }
            return (errno == EAGAIN || errno == EWOULDBLOCK) ? nil : ([], true)
        }

        deinit { close(fd) }
    }

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
            let client = try RawClient(port: port)
            client.send("GET /health HTTP/1.1\r\nHost: vigil.test\r\n")  // no blank line: the head never ends
            let answer = client.receive(within: 30)
            #expect(answer?.closed == true || answer?.bytes.isEmpty == false, "the stalled connection was kept open")
            // A well-behaved client is still served.
            let healthy = try RawClient(port: port)
            healthy.send("GET /health HTTP/1.1\r\nHost: vigil.test\r\n\r\n")
            let reply = try #require(healthy.receive(within: 30))
            #expect(String(decoding: reply.bytes, as: UTF8.self).hasPrefix("HTTP/1.1 200"))
        }
    }

    @Test("Beyond maxConnections a new client waits until a connection closes")
    func connectionCap() async throws {
        var limits = VigilConfiguration.HTTPLimits()
        limits.maxConnections = 2
        try await Self.serving(limits) { port in
            var held = [try RawClient(port: port), try RawClient(port: port)]
            try await Task.sleep(for: .milliseconds(300))
            let third = try RawClient(port: port)
            third.send("GET /health HTTP/1.1\r\nHost: vigil.test\r\n\r\n")
            #expect(third.receive(within: 2) == nil, "a third connection was served while two were open")
            held.removeFirst()  // closes one
            let reply = try #require(third.receive(within: 30))
            #expect(String(decoding: reply.bytes, as: UTF8.self).hasPrefix("HTTP/1.1 200"))
            _ = held
        }
    }
}

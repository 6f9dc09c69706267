import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A plain TCP client on loopback for tests of what a server does with bytes no HTTP client would send
/// (a request head that stops midway, connections held open).
public final class RawTCPClient: Sendable {
    /// The socket; closed when the client goes away.
    let fd: Int32

    /// Connects to `127.0.0.1:port`.
    /// - Throws: `POSIXError` when the connection is refused.
    public init(port: Int) throws {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard fd >= 0, connected == 0 else {
            close(fd)
            throw POSIXError(.ECONNREFUSED)
        }
    }

    /// Sends text as it is.
    public func send(_ text: String) {
        _ = Array(text.utf8).withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, 0) }
    }

    /// What the server sends within `seconds`: bytes, `closed` (EOF or reset), or `nil` when nothing came.
    /// The wait blocks a thread of its own, never one of the concurrency pool's.
    public func receive(within seconds: Int) async -> (bytes: [UInt8], closed: Bool)? {
        let fd = fd
        return await withCheckedContinuation { continuation in
            Thread {
                var timeout = timeval(tv_sec: seconds, tv_usec: 0)
                setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
                var buffer = [UInt8](repeating: 0, count: 4096)
                let n = recv(fd, &buffer, buffer.count, 0)
                if n > 0 { return continuation.resume(returning: (Array(buffer[0..<n]), false)) }
                if n == 0 { return continuation.resume(returning: ([], true)) }
                continuation.resume(returning: (errno == EAGAIN || errno == EWOULDBLOCK) ? nil : ([], true))
            }.start()
        }
    }

    deinit { close(fd) }
}

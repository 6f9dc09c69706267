import NIOCore
import NIOPosix

/// Syslog over UDP (RFC 5426): one message per datagram. UDP tells nothing about delivery, so a batch
/// counts as accepted once every datagram was handed to the network. A message larger than a datagram can
/// carry (65,507 bytes over IPv4) is cut at that size.
public actor SyslogUDPDestination: ExportDestination {
    /// The largest UDP payload over IPv4.
    public static let maxDatagram = 65_507

    let host: String
    let port: Int
    let encoder: SyslogEncoder
    private var channel: (any Channel)?
    private var target: SocketAddress?

    public init(host: String, port: Int, encoder: SyslogEncoder) {
        self.host = host
        self.port = port
        self.encoder = encoder
    }

    public func send(_ items: [ExportedAlert]) async throws(ExportFailure) {
        do {
            let (channel, target) = try await open()
            var last: EventLoopFuture<Void>?
            for item in items {
                var message = encoder.message(item)
                if message.count > Self.maxDatagram { message = Self.cut(message, to: Self.maxDatagram) }
                last = channel.write(AddressedEnvelope(remoteAddress: target, data: ByteBuffer(bytes: message)))
            }
            channel.flush()
            try await last?.get()
        } catch let failure as ExportFailure {
            throw failure
        } catch {
            await close()
            throw ExportFailure("syslog udp://\(host):\(port): \(error)")
        }
    }

    /// The bytes cut to at most `limit`, not inside a UTF-8 sequence.
    static func cut(_ bytes: [UInt8], to limit: Int) -> [UInt8] {
        var end = limit
        while end > 0, bytes[end] & 0xC0 == 0x80 { end -= 1 }
        return Array(bytes[..<end])
    }

    private func open() async throws -> (any Channel, SocketAddress) {
        if let channel, let target, channel.isActive { return (channel, target) }
        let address: SocketAddress
        do {
            address = try SocketAddress.makeAddressResolvingHost(host, port: port)
        } catch {
            throw ExportFailure("syslog udp://\(host):\(port): cannot resolve '\(host)': \(error)")
        }
        let local = address.protocol == .inet6 ? "::" : "0.0.0.0"
        let channel = try await DatagramBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .bind(host: local, port: 0).get()
        self.channel = channel
        target = address
        return (channel, address)
    }

    public func close() async {
        guard let channel else { return }
        self.channel = nil
        // Closing a datagram socket we opened cannot lose data; a failure to close leaves nothing to report.
        try? await channel.close()
    }
}

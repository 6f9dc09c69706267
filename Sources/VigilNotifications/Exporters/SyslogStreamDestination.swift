import Foundation
import NIOCore
import NIOPosix
import NIOSSL
import VigilCore

/// Syslog over TCP (RFC 6587) or TLS (RFC 5425), octet-counting framed, on one long-lived connection that
/// is opened on first use and again after a failure. A batch counts as accepted once it was written to the
/// socket (syslog has no acknowledgement); a connection the receiver closed is noticed before the next write.
public actor SyslogStreamDestination: ExportDestination {
    let host: String
    let port: Int
    let encoder: SyslogEncoder
    let tls: NIOSSLContext?
    let connectTimeout: TimeAmount
    private var channel: (any Channel)?

    /// - Parameters:
    ///   - tls: the client TLS context for `tls`, `nil` for plain TCP.
    public init(host: String, port: Int, encoder: SyslogEncoder, tls: NIOSSLContext?, connectTimeout: TimeAmount = .seconds(10)) {
        self.host = host
        self.port = port
        self.encoder = encoder
        self.tls = tls
        self.connectTimeout = connectTimeout
    }

    /// The TLS client context of an exporter: the system's trust roots or `caFile`, or no verification at all.
    /// - Throws: `ExportFailure` when the CA file cannot be loaded.
    public static func tlsContext(caFile: String?, insecureSkipVerify: Bool) throws(ExportFailure) -> NIOSSLContext {
        var configuration = TLSConfiguration.makeClientConfiguration()
        if insecureSkipVerify { configuration.certificateVerification = .none }
        if let caFile { configuration.trustRoots = .file(caFile) }
        do {
            return try NIOSSLContext(configuration: configuration)
        } catch {
            throw ExportFailure("cannot set up TLS (caFile \(caFile ?? "none")): \(error)", retryable: false)
        }
    }

    var scheme: String { tls == nil ? "tcp" : "tls" }

    public func send(_ items: [ExportedAlert]) async throws(ExportFailure) {
        let bytes = encoder.framed(items)
        do {
            let channel = try await open()
            try await channel.writeAndFlush(ByteBuffer(bytes: bytes)).get()
        } catch {
            await close()
            throw ExportFailure("syslog \(scheme)://\(host):\(port): \(error)")
        }
    }

    private func open() async throws -> any Channel {
        if let channel, channel.isActive { return channel }
        if let channel {
            self.channel = nil
            // Already inactive: closing only releases it.
            try? await channel.close()
        }
        let tls = tls
        let host = host
        let serverName = IPAddressText(host, allowingZone: true) != nil ? nil : host
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connectTimeout(connectTimeout)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    if let tls {
                        try channel.pipeline.syncOperations.addHandler(NIOSSLClientHandler(context: tls, serverHostname: serverName))
                    }
                    try channel.pipeline.syncOperations.addHandler(DiscardInbound())
                }
            }
            .connect(host: host, port: port).get()
        self.channel = channel
        return channel
    }

    public func close() async {
        guard let channel else { return }
        self.channel = nil
        // What was written is either sent or lost with the connection; a failing close adds nothing to report.
        try? await channel.close()
    }

    /// Receivers send nothing on a syslog stream; what they do send is dropped, and errors close the channel.
    final class DiscardInbound: ChannelInboundHandler, Sendable {
        typealias InboundIn = ByteBuffer
        func channelRead(context: ChannelHandlerContext, data: NIOAny) {}
        func errorCaught(context: ChannelHandlerContext, error: any Error) { context.close(promise: nil) }
    }
}

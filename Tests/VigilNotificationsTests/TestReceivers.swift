import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL
import Synchronization
import VigilCore
@testable import VigilNotifications

/// A syslog receiver on loopback: TCP (optionally TLS) collecting the byte stream of every connection, or
/// UDP collecting datagrams.
final class SyslogReceiver: Sendable {
    let channel: any Channel
    /// Bytes of every stream connection, in arrival order per connection (one connection is expected).
    let stream: Collected<UInt8>
    /// One entry per datagram.
    let datagrams: Collected<[UInt8]>
    /// One entry per accepted connection.
    let connections: Collected<Int>

    var port: Int { channel.localAddress?.port ?? 0 }

    init(tcpOn port: Int = 0, tls: NIOSSLContext? = nil) async throws {
        let stream = Collected<UInt8>()
        let connections = Collected<Int>()
        self.stream = stream
        self.connections = connections
        datagrams = Collected<[UInt8]>()
        channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { child in
                child.eventLoop.makeCompletedFuture {
                    connections.append(1)
                    if let tls { try child.pipeline.syncOperations.addHandler(NIOSSLServerHandler(context: tls)) }
                    try child.pipeline.syncOperations.addHandler(StreamCollector(stream))
                }
            }
            .bind(host: "127.0.0.1", port: port).get()
    }

    init(udp: Void) async throws {
        let datagrams = Collected<[UInt8]>()
        self.datagrams = datagrams
        stream = Collected<UInt8>()
        connections = Collected<Int>()
        channel = try await DatagramBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            // Whole datagrams (NIO reads 2 KB by default and would cut larger ones).
            .channelOption(.recvAllocator, value: FixedSizeRecvByteBufferAllocator(capacity: 65_536))
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture { try channel.pipeline.syncOperations.addHandler(DatagramCollector(datagrams)) }
            }
            .bind(host: "127.0.0.1", port: 0).get()
    }

    /// The octet-counted messages received so far, as text.
    func frames() throws -> [String] {
        var buffer = stream.all
        return try OctetCounting.decode(&buffer).map { String(decoding: $0, as: UTF8.self) }
    }

    func close() async throws {
        try await channel.close()
    }

    /// The TLS context of a receiver with a fixture certificate and key.
    static func tlsContext(certificate: String = "receiver-cert.pem", key: String = "receiver-key.pem") throws -> NIOSSLContext {
        let configuration = TLSConfiguration.makeServerConfiguration(
            certificateChain: try NIOSSLCertificate.fromPEMFile(fixturePath(certificate)).map { .certificate($0) },
            privateKey: .privateKey(try NIOSSLPrivateKey(file: fixturePath(key), format: .pem)))
        return try NIOSSLContext(configuration: configuration)
    }

    final class StreamCollector: ChannelInboundHandler, Sendable {
        typealias InboundIn = ByteBuffer
        let bytes: Collected<UInt8>
        init(_ bytes: Collected<UInt8>) { self.bytes = bytes }
        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            bytes.append(contentsOf: Array(unwrapInboundIn(data).readableBytesView))
        }
        func errorCaught(context: ChannelHandlerContext, error: any Error) { context.close(promise: nil) }
    }

    final class DatagramCollector: ChannelInboundHandler, Sendable {
        typealias InboundIn = AddressedEnvelope<ByteBuffer>
        let datagrams: Collected<[UInt8]>
        init(_ datagrams: Collected<[UInt8]>) { self.datagrams = datagrams }
        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            datagrams.append(Array(unwrapInboundIn(data).data.readableBytesView))
        }
    }
}

/// A fake Splunk HTTP Event Collector: records every request and answers with the scripted statuses
/// (then 200), or 403 when the token is not the expected one.
final class FakeCollector: Sendable {
    struct Request: Sendable {
        var method: String
        var uri: String
        var authorization: String?
        var contentType: String?
        var body: [UInt8]
        var status: Int
    }

    let channel: any Channel
    let token: String
    let requests = Collected<Request>()
    private let script: Mutex<[Int]>

    var port: Int { channel.localAddress?.port ?? 0 }

    private init(token: String, script: [Int], channel: any Channel) {
        self.token = token
        self.script = Mutex(script)
        self.channel = channel
    }

    static func start(token: String, script: [Int] = []) async throws -> FakeCollector {
        let box = Mutex<FakeCollector?>(nil)
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { child in
                child.eventLoop.makeCompletedFuture {
                    try child.pipeline.syncOperations.configureHTTPServerPipeline()
                    try child.pipeline.syncOperations.addHandler(Handler(collector: { box.withLock { $0 } }))
                }
            }
            .bind(host: "127.0.0.1", port: 0).get()
        let collector = FakeCollector(token: token, script: script, channel: channel)
        box.withLock { $0 = collector }
        return collector
    }

    /// The status for a request: 403 for a wrong token, else the next scripted one, else 200.
    func answer(authorization: String?) -> Int {
        guard authorization == "Splunk \(token)" else { return 403 }
        return script.withLock { $0.isEmpty ? 200 : $0.removeFirst() }
    }

    func close() async throws {
        try await channel.close()
    }

    /// The accepted requests' events, parsed.
    func acceptedEventIds() -> [String] {
        requests.all.filter { $0.status == 200 }.flatMap { request in
            String(decoding: request.body, as: UTF8.self).split(separator: "\n").compactMap { line -> String? in
                // A line that is not JSON has no id, and the id comparison of the test then fails.
                guard case .object(let event)? = try? JSONParser.parse(Array(line.utf8)) else { return nil }
                return event["event"]?["id"]?.stringValue
            }
        }
    }

    final class Handler: ChannelInboundHandler {
        typealias InboundIn = HTTPServerRequestPart
        typealias OutboundOut = HTTPServerResponsePart
        let collector: @Sendable () -> FakeCollector?
        private var head: HTTPRequestHead?
        private var body: [UInt8] = []

        init(collector: @escaping @Sendable () -> FakeCollector?) { self.collector = collector }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            switch unwrapInboundIn(data) {
            case .head(let head):
                self.head = head
                body = []
            case .body(let buffer):
                body += buffer.readableBytesView
            case .end:
                guard let head, let collector = collector() else { return }
                let authorization = head.headers.first(name: "Authorization")
                let status = collector.answer(authorization: authorization)
                collector.requests.append(Request(method: head.method.rawValue, uri: head.uri, authorization: authorization,
                                                  contentType: head.headers.first(name: "Content-Type"), body: body,
                                                  status: status))
                let text = switch status {
                case 200: #"{"text":"Success","code":0}"#
                case 403: #"{"text":"Invalid token","code":4}"#
                case 503: #"{"text":"Server is busy","code":9}"#
                default: #"{"text":"Error","code":8}"#
                }
                var headers = HTTPHeaders()
                headers.add(name: "Content-Type", value: "application/json")
                headers.add(name: "Content-Length", value: "\(text.utf8.count)")
                context.write(wrapOutboundOut(.head(HTTPResponseHead(version: .http1_1, status: HTTPResponseStatus(statusCode: status),
                                                                      headers: headers))), promise: nil)
                context.write(wrapOutboundOut(.body(.byteBuffer(ByteBuffer(string: text)))), promise: nil)
                context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
            }
        }
    }
}

/// An HTTP (optionally HTTPS) receiver on loopback that answers every request `200 ok` and records the
/// `Host` header of each.
final class HostRecordingReceiver: Sendable {
    let channel: any Channel
    /// The `Host` header of every request, in arrival order.
    let hosts: Collected<String>

    var port: Int { channel.localAddress?.port ?? 0 }

    init(tls: NIOSSLContext? = nil) async throws {
        let hosts = Collected<String>()
        self.hosts = hosts
        channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { child in
                child.eventLoop.makeCompletedFuture {
                    if let tls { try child.pipeline.syncOperations.addHandler(NIOSSLServerHandler(context: tls)) }
                    try child.pipeline.syncOperations.configureHTTPServerPipeline()
                    try child.pipeline.syncOperations.addHandler(Answerer(hosts))
                }
            }
            .bind(host: "127.0.0.1", port: 0).get()
    }

    func close() async throws {
        try await channel.close()
    }

    /// The TLS context of the certificate whose only name is `receiver.vigil.test`.
    static func pinnedTLSContext() throws -> NIOSSLContext {
        try SyslogReceiver.tlsContext(certificate: "pinned-cert.pem", key: "pinned-key.pem")
    }

    final class Answerer: ChannelInboundHandler, Sendable {
        typealias InboundIn = HTTPServerRequestPart
        typealias OutboundOut = HTTPServerResponsePart
        let hosts: Collected<String>
        init(_ hosts: Collected<String>) { self.hosts = hosts }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            switch unwrapInboundIn(data) {
            case .head(let head):
                hosts.append(head.headers.first(name: "Host") ?? "")
            case .body:
                break
            case .end:
                let body = context.channel.allocator.buffer(string: "ok")
                var headers = HTTPHeaders([("Content-Type", "text/plain"), ("Content-Length", "2")])
                headers.add(name: "Connection", value: "keep-alive")
                context.write(wrapOutboundOut(.head(HTTPResponseHead(version: .http1_1, status: .ok, headers: headers))),
                              promise: nil)
                context.write(wrapOutboundOut(.body(.byteBuffer(body))), promise: nil)
                context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
            }
        }

        func errorCaught(context: ChannelHandlerContext, error: any Error) { context.close(promise: nil) }
    }
}

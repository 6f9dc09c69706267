import Logging
import NIOCore
import NIOPosix
import ServiceLifecycle
import Synchronization
import VigilCore

/// A syslog listener (`syslog:` in the configuration).
public struct SyslogListenerConfiguration: Sendable, Codable, Equatable {
    /// Unique name; the key of its counters in `/ingest/status`.
    public var name: String
    /// udp or tcp.
    public var transport: String
    /// The address to listen on: loopback unless configured (`0.0.0.0` receives from other hosts).
    public var host: String = "127.0.0.1"
    public var port: Int
    /// The format of the messages: cef (default), suricata, zeek, wazuh.
    public var format: String = "cef"
    /// The tenant its records belong to.
    public var tenant: String
    /// Longest message (datagram or TCP frame) in bytes; a longer one is dropped and counted.
    public var maxMessageBytes: Int = 64 * 1024
    /// TCP connections open at once; further ones are closed at once (and counted).
    public var maxConnections: Int = 256

    public init(name: String, transport: String, host: String = "127.0.0.1", port: Int, format: String = "cef", tenant: String) {
        self.name = name
        self.transport = transport
        self.host = host
        self.port = port
        self.format = format
        self.tenant = tenant
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case name, transport, host, port, format, tenant, maxMessageBytes, maxConnections
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.decode(String.self, forKey: .name)
        transport = try c.decode(String.self, forKey: .transport)
        host = try c.decodeIfPresent(String.self, forKey: .host) ?? "127.0.0.1"
        port = try c.decode(Int.self, forKey: .port)
        format = try c.decodeIfPresent(String.self, forKey: .format) ?? "cef"
        tenant = try c.decode(String.self, forKey: .tenant)
        maxMessageBytes = try c.decodeIfPresent(Int.self, forKey: .maxMessageBytes) ?? 64 * 1024
        maxConnections = try c.decodeIfPresent(Int.self, forKey: .maxConnections) ?? 256
    }
}

/// Receives syslog messages over UDP (one per datagram) or TCP (newline-framed, or octet-counted as in
/// RFC 6587) and feeds them to the event pipeline in batches (every 200 ms or 1,000 messages), so a burst
/// costs a few transactions, not one per message.
public final class SyslogListener: Service, Sendable {
    public let configuration: SyslogListenerConfiguration
    let pipeline: EventPipeline
    let logger: Logger
    /// Received messages; a ring, so dropping the oldest costs no shifting of the rest.
    private let queue = Mutex(CircularBuffer<[UInt8]>())
    private let boundPort = Mutex<Int?>(nil)
    /// Messages dropped since the last report: the queue was full, a message was over the size limit, or a
    /// connection over the limit was refused.
    private let dropped = Mutex((full: 0, oversized: 0, connections: 0))
    /// TCP connections open now.
    private let connections = Mutex(0)
    static let batchLimit = 1000
    /// Messages held while the store refuses batches; beyond this the oldest are dropped (and counted).
    static let queueLimit = 200_000

    public init(configuration: SyslogListenerConfiguration, pipeline: EventPipeline, logger: Logger) {
        self.configuration = configuration
        self.pipeline = pipeline
        self.logger = logger
    }

    /// The port it listens on once bound (useful with port 0).
    public var port: Int? { boundPort.withLock { $0 } }

    func enqueue(_ message: [UInt8]) {
        guard !message.isEmpty else { return }
        guard message.count <= configuration.maxMessageBytes else {
            dropped.withLock { $0.oversized += 1 }
            return
        }
        let overflow = queue.withLock { messages -> Int in
            messages.append(message)
            let over = messages.count - Self.queueLimit
            if over > 0 { messages.removeFirst(over) }
            return max(0, over)
        }
        if overflow > 0 { dropped.withLock { $0.full += overflow } }
    }

    /// Counts a TCP connection in; `false` (and counted) when the listener already has its maximum.
    func admitConnection() -> Bool {
        let admitted = connections.withLock { open -> Bool in
            guard open < configuration.maxConnections else { return false }
            open += 1
            return true
        }
        if !admitted { dropped.withLock { $0.connections += 1 } }
        return admitted
    }

    func connectionClosed() { connections.withLock { $0 -= 1 } }

    /// A frame over the size limit was cut off (its bytes were discarded).
    func oversizedFrame() { dropped.withLock { $0.oversized += 1 } }

    public func run() async throws {
        let channel = try await bind()
        boundPort.withLock { $0 = channel.localAddress?.port }
        logger.info("syslog listening", metadata: ["name": "\(configuration.name)", "transport": "\(configuration.transport)",
                                                   "port": "\(channel.localAddress?.port ?? configuration.port)"])
        do {
            try await cancelWhenGracefulShutdown {
                while !Task.isCancelled {
                    try await Task.sleep(for: .milliseconds(200))
                    try await self.flush()
                }
            }
        } catch is CancellationError {
            // Shutting down: stop listening, then process what was received.
        }
        try await channel.close()
        try await flush()
        let left = pending
        if left > 0 {
            logger.error("syslog listener \(configuration.name) stopped with \(left) messages the store refused; they are lost")
            await pipeline.recordDropped(tenantId: configuration.tenant, source: configuration.name, count: left)
        }
    }

    /// Processes everything received so far. A batch the store refuses goes back to the front of the
    /// queue (tried again at the next flush) and its error shows in the source's status.
    func flush() async throws {
        let lost = dropped.withLock { n in defer { n = (0, 0, 0) }; return n }
        if lost.full > 0 {
            logger.error("syslog listener \(configuration.name) dropped \(lost.full) messages: its queue was full")
            await pipeline.recordDropped(tenantId: configuration.tenant, source: configuration.name, count: lost.full)
        }
        if lost.oversized > 0 {
            let message = "dropped \(lost.oversized) messages over maxMessageBytes (\(configuration.maxMessageBytes))"
            logger.error("syslog listener \(configuration.name) \(message)")
            await pipeline.recordDropped(tenantId: configuration.tenant, source: configuration.name, count: lost.oversized)
            await pipeline.recordFailure(tenantId: configuration.tenant, source: configuration.name, message: message)
        }
        if lost.connections > 0 {
            let message = "refused \(lost.connections) connections over maxConnections (\(configuration.maxConnections))"
            logger.error("syslog listener \(configuration.name) \(message)")
            await pipeline.recordFailure(tenantId: configuration.tenant, source: configuration.name, message: message)
        }
        while true {
            let batch = queue.withLock { messages -> [[UInt8]] in
                let taken = Array(messages.prefix(Self.batchLimit))
                messages.removeFirst(taken.count)
                return taken
            }
            guard !batch.isEmpty else { return }
            var body: [UInt8] = []
            for message in batch {
                body += message.filter { $0 != 0x0A && $0 != 0x0D }
                body.append(0x0A)
            }
            // The configuration is checked at load; a listener built with another format reads its messages as CEF.
            let records = await EventPipeline.read(format: LogFormat(rawValue: configuration.format.lowercased()) ?? .cef,
                                                   body: body, path: nil)
            do {
                _ = try await pipeline.process(tenantId: configuration.tenant, source: configuration.name, records)
            } catch {
                queue.withLock { messages in
                    for message in batch.reversed() { messages.prepend(message) }
                }
                logger.error("could not store syslog messages of \(configuration.name); keeping them to try again: \(error)")
                await pipeline.recordFailure(tenantId: configuration.tenant, source: configuration.name,
                                             message: "could not store \(batch.count) messages (kept, retried): \(error)")
                return
            }
        }
    }

    /// Messages waiting to be stored.
    public var pending: Int { queue.withLock { $0.count } }

    private func bind() async throws -> any Channel {
        let group = MultiThreadedEventLoopGroup.singleton
        if configuration.transport == "udp" {
            return try await DatagramBootstrap(group: group)
                .channelOption(.socketOption(.so_reuseaddr), value: 1)
                .channelInitializer { channel in channel.pipeline.addHandler(DatagramHandler(listener: self)) }
                .bind(host: configuration.host, port: configuration.port).get()
        }
        return try await ServerBootstrap(group: group)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                guard self.admitConnection() else { return channel.close() }
                // Added on the channel's event loop, which alone ever touches the handler's buffer.
                return channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(StreamHandler(listener: self))
                }
            }
            .bind(host: configuration.host, port: configuration.port).get()
    }

    /// One message per datagram.
    final class DatagramHandler: ChannelInboundHandler, Sendable {
        typealias InboundIn = AddressedEnvelope<ByteBuffer>
        let listener: SyslogListener
        init(listener: SyslogListener) { self.listener = listener }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            let envelope = unwrapInboundIn(data)
            listener.enqueue(Array(envelope.data.readableBytesView))
        }
    }

    /// Newline-framed or octet-counted (`123 <message>`) messages on a stream. Not `Sendable`: it lives on
    /// its channel's event loop.
    final class StreamHandler: ChannelInboundHandler {
        typealias InboundIn = ByteBuffer
        let listener: SyslogListener
        private var buffer: [UInt8] = []
        init(listener: SyslogListener) { self.listener = listener }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            buffer += unwrapInboundIn(data).readableBytesView
            for message in Self.frames(&buffer) { listener.enqueue(message) }
            // A frame that never ends within the limit: its bytes are dropped (and counted), not held.
            if buffer.count > listener.configuration.maxMessageBytes {
                buffer.removeAll()
                listener.oversizedFrame()
            }
        }

        func channelInactive(context: ChannelHandlerContext) {
            if !buffer.isEmpty { listener.enqueue(buffer) }
            buffer.removeAll()
            listener.connectionClosed()
        }

        /// Takes the complete frames off the front of `buffer`.
        static func frames(_ buffer: inout [UInt8]) -> [[UInt8]] {
            var out: [[UInt8]] = []
            var start = 0
            while start < buffer.count {
                // Octet counting: digits, a space, then exactly that many bytes (a syslog message, so `<PRI>`).
                var i = start
                var length = 0
                while i < buffer.count, buffer[i] >= 0x30, buffer[i] <= 0x39, i - start < 7 {
                    length = length * 10 + Int(buffer[i] - 0x30)
                    i += 1
                }
                if i > start, i + 1 < buffer.count, buffer[i] == 0x20, buffer[i + 1] == UInt8(ascii: "<"), buffer[start] != 0x30 {
                    guard buffer.count - (i + 1) >= length else { break }
                    out.append(Array(buffer[(i + 1)..<(i + 1 + length)]))
                    start = i + 1 + length
                    continue
                }
                guard let newline = buffer[start...].firstIndex(of: 0x0A) else { break }
                out.append(Array(buffer[start..<newline]))
                start = newline + 1
            }
            buffer.removeFirst(start)
            return out
        }
    }
}

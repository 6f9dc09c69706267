import Foundation
import Hummingbird
import Logging
import NIOCore
import Synchronization
import VigilCore

/// A webhook receiver on a real loopback socket, for tests: answers the validation handshake and
/// notification POSTs as told, and records everything it received.
public final class WebhookReceiver: Sendable {
    /// How the receiver answers `POST …?validationToken=…`.
    public enum Handshake: Sendable {
        /// 200, `text/plain`, the decoded token (what Graph expects).
        case echo
        /// Echoes the token still URL-encoded.
        case echoEncoded
        /// 200 with another text.
        case wrongToken
        /// Never answers.
        case never
        /// Answers with this status and the token.
        case status(Int)
        /// Answers 307 with `Location` set to this URL (a redirect Vigil must not follow).
        case redirect(String)
    }

    public struct State: Sendable {
        public var handshake: Handshake = .echo
        /// The status notification POSTs get (202 like a well-behaved receiver).
        public var answer: Int = 202
        /// Notification POSTs hang (never answered) while this is on.
        public var hang = false
        /// Every notification item received, in order.
        public var notifications: [JSONValue] = []
        /// Raw query strings of validation requests.
        public var validations: [String] = []
        /// Notification POSTs received (answered or not), with their headers and bodies.
        public var posts: [(headers: [String: String], body: [UInt8])] = []
        /// Arrival time of each notification item (seconds since the epoch).
        public var arrivals: [Double] = []

        public init(handshake: Handshake = .echo, answer: Int = 202, hang: Bool = false) {
            self.handshake = handshake
            self.answer = answer
            self.hang = hang
        }
    }

    private let box: Box
    public let port: Int
    private let task: Task<Void, any Error>

    /// The receiver's URL (path `/hook`).
    public var url: String { "http://127.0.0.1:\(port)/hook" }

    /// Reads or changes the receiver's state.
    public func with<T>(_ body: (inout State) -> T) -> T { box.state.withLock { body(&$0) } }

    private init(box: Box, port: Int, task: Task<Void, any Error>) {
        self.box = box
        self.port = port
        self.task = task
    }

    /// Starts a receiver on a free loopback port.
    public static func start(_ initial: State = State()) async throws -> WebhookReceiver {
        let box = Box(Mutex(initial))
        let router = Router()
        router.post("hook") { request, _ -> Response in
            let query = request.uri.query ?? ""
            let buffer = try await request.body.collect(upTo: 16 << 20)
            let bytes = Array(buffer.readableBytesView)
            if let raw = Self.parameter("validationToken", in: query) {
                let handshake = box.state.withLock { s in s.validations.append(query); return s.handshake }
                let decoded = raw.replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? raw
                switch handshake {
                case .echo: return text(decoded)
                case .echoEncoded: return text(raw)
                case .wrongToken: return text("not the token")
                case .never:
                    try await Task.sleep(for: .seconds(3600))
                    return text(decoded)
                case .status(let code): return text(decoded, status: code)
                case .redirect(let location):
                    return Response(status: .temporaryRedirect, headers: [.location: location])
                }
            }
            var headers: [String: String] = [:]
            for field in request.headers { headers[field.name.canonicalName.lowercased()] = field.value }
            let (hang, answer, handshake) = box.state.withLock { s in
                s.posts.append((headers, bytes))
                return (s.hang, s.answer, s.handshake)
            }
            if case .redirect(let location) = handshake {
                return Response(status: .temporaryRedirect, headers: [.location: location])
            }
            if hang {
                try await Task.sleep(for: .seconds(3600))
            }
            if (200..<300).contains(answer), case .array(let items)? = try? JSONParser.parse(bytes)["value"] {
                let now = DateTimeOffset.now().epochSeconds
                box.state.withLock { s in
                    s.notifications.append(contentsOf: items)
                    s.arrivals.append(contentsOf: Array(repeating: now, count: items.count))
                }
            }
            return Response(status: HTTPResponse.Status(code: answer))
        }
        let port = Mutex(0)
        let ready = AsyncStream<Void>.makeStream()
        var logger = Logger(label: "vigil-test-receiver")
        logger.logLevel = .critical
        let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
                              onServerRunning: { channel in
                                  port.withLock { $0 = channel.localAddress?.port ?? 0 }
                                  ready.continuation.yield()
                              }, logger: logger)
        let task = Task { try await app.runService(gracefulShutdownSignals: []) }
        for await _ in ready.stream { break }
        return WebhookReceiver(box: box, port: port.withLock { $0 }, task: task)
    }

    /// Stops listening.
    public func stop() {
        task.cancel()
    }

    /// Waits (at most `timeout` seconds) until at least `count` notification items arrived; returns them.
    public func waitForNotifications(_ count: Int, timeout: Double = 20) async throws -> [JSONValue] {
        let deadline = ContinuousClock.now + .milliseconds(Int64(timeout * 1000))
        while ContinuousClock.now < deadline {
            let items = with { $0.notifications }
            if items.count >= count { return items }
            try await Task.sleep(for: .milliseconds(20))
        }
        return with { $0.notifications }
    }

    static func parameter(_ name: String, in query: String) -> String? {
        for pair in query.split(separator: "&") {
            let kv = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            if kv[0] == name { return kv.count > 1 ? String(kv[1]) : "" }
        }
        return nil
    }

    final class Box: Sendable {
        let state: Mutex<State>
        init(_ state: consuming Mutex<State>) { self.state = state }
    }
}

private func text(_ body: String, status: Int = 200) -> Response {
    Response(status: HTTPResponse.Status(code: status), headers: [.contentType: "text/plain; charset=utf-8"],
             body: ResponseBody(byteBuffer: ByteBuffer(string: body)))
}

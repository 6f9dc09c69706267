import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import Synchronization
import Testing
import VigilCore
@testable import VigilServer
@testable import VigilEngine

/// A Graph-compatible provider on a real loopback socket that answers as told: alerts (sorted and paged
/// as Graph would), a status, garbage, an oversized body, or nothing at all.
final class FakeProvider: Sendable {
    enum Mode: Sendable {
        case alerts
        case status(Int)
        case garbage
        case oversized
        case never
    }

    struct State {
        var mode: Mode
        var alerts: [Alert]
        /// Most items per page whatever `$top` says (providers have their own page sizes).
        var pageSize: Int
        var tokenCalls = 0
        /// Tokens (by number) the API refuses with 401.
        var rejectedTokens: Set<Int> = []
        var patches: [(id: String, body: JSONValue)] = []
        var patchStatus = 200
        var listCalls = 0
        var lastQuery: [String: String] = [:]
        /// Security actions submitted, by id, with the status the fake reports for each.
        var actions: [String: (body: JSONValue, status: String)] = [:]
        var cancelled: [String] = []
        /// secureScores the fake lists (newest first), control profiles, and the profile PATCHes received.
        var secureScores: [JSONValue] = []
        var controlProfiles: [JSONValue] = []
        var profilePatches: [(id: String, body: JSONValue)] = []
    }

    let box: StateBox
    let port: Int
    private let task: Task<Void, any Error>

    /// Reads or changes the fake's state.
    func with<T>(_ body: (inout State) -> T) -> T { box.state.withLock { body(&$0) } }

    var url: String { "http://127.0.0.1:\(port)/v1.0" }
    var tokenUrl: String { "http://127.0.0.1:\(port)/token" }

    private init(box: StateBox, port: Int, task: Task<Void, any Error>) {
        self.box = box
        self.port = port
        self.task = task
    }

    static func start(mode: Mode, alerts: [Alert] = [], pageSize: Int = 1000) async throws -> FakeProvider {
        let router = Router()
        let holder = StateBox(Mutex(State(mode: mode, alerts: alerts, pageSize: pageSize)))
        router.post("token") { _, _ -> Response in
            let n = holder.state.withLock { s in s.tokenCalls += 1; return s.tokenCalls }
            return Self.json(#"{"token_type":"Bearer","expires_in":3599,"access_token":"tok-\#(n)"}"#)
        }
        router.get("v1.0/security/alerts") { request, _ -> Response in
            if let refused = try holder.refuse(request) { return refused }
            let (mode, alerts, pageSize) = holder.state.withLock { s in
                s.listCalls += 1
                var q: [String: String] = [:]
                for (k, v) in request.uri.queryParameters { q[String(k)] = String(v) }
                s.lastQuery = q
                return (s.mode, s.alerts, s.pageSize)
            }
            switch mode {
            case .status(let code): return Self.json(#"{"error":{"code":"Failed","message":"fake failure"}}"#, status: code)
            case .garbage: return Self.json(#"{"value":[{"id":"x",]"#)
            case .oversized:
                return Self.json(#"{"value":[{"id":"big","title":""# + String(repeating: "x", count: 200_000) + #""}]}"#)
            case .never:
                try await Task.sleep(for: .seconds(3600))
                return Self.json("{}")
            case .alerts: break
            }
            var pairs: [(name: String, value: String)] = []
            for (k, v) in request.uri.queryParameters where k != "$skiptoken" { pairs.append((String(k), String(v))) }
            let query = try ODataQuery<Alert>.parse(pairs)
            var all = query
            all.top = nil
            all.skip = nil
            let matching = all.evaluate(alerts)
            let offset = request.uri.queryParameters["$skiptoken"].flatMap { Int(String($0)) } ?? (query.skip ?? 0)
            let size = min(query.top ?? 100, pageSize)
            let page = Array(matching.dropFirst(offset).prefix(size))
            var body: [String: JSONValue] = ["value": .array(page.map { .object(query.project($0)) })]
            if offset + size < matching.count {
                var next = pairs.filter { $0.name != "$skip" }.map { "\($0.name)=\(percentEncodeQueryComponent($0.value))" }
                next.append("$skiptoken=\(offset + size)")
                body["@odata.nextLink"] = .string("http://\(request.head.authority ?? "")/v1.0/security/alerts?" + next.joined(separator: "&"))
            }
            return Self.json(JSONWriter.string(.object(body)))
        }
        router.get("v1.0/security/alerts/:id") { request, context -> Response in
            if let refused = try holder.refuse(request) { return refused }
            let id = context.parameters.get("id") ?? ""
            let (mode, alerts) = holder.state.withLock { ($0.mode, $0.alerts) }
            switch mode {
            case .status(let code): return Self.json(#"{"error":{"code":"Failed","message":"fake failure"}}"#, status: code)
            case .never:
                try await Task.sleep(for: .seconds(3600))
                return Self.json("{}")
            case .garbage: return Self.json("{nope")
            default: break
            }
            guard let alert = alerts.first(where: { $0.id == id }) else {
                return Self.json(#"{"error":{"code":"ResourceNotFound","message":"no"}}"#, status: 404)
            }
            return Self.json(JSONWriter.string(alert.json))
        }
        router.patch("v1.0/security/alerts/:id") { request, context -> Response in
            if let refused = try holder.refuse(request) { return refused }
            let id = context.parameters.get("id") ?? ""
            if case .never = holder.state.withLock({ $0.mode }) {
                try await Task.sleep(for: .seconds(3600))
            }
            let buffer = try await request.body.collect(upTo: 1 << 20)
            let body = try JSONParser.parse(Array(buffer.readableBytesView))
            let status = holder.state.withLock { s in
                s.patches.append((id, body))
                return s.patchStatus
            }
            guard (200..<300).contains(status) else {
                return Self.json(#"{"error":{"code":"Forbidden","message":"the provider refuses"}}"#, status: status)
            }
            let updated = holder.state.withLock { s -> Alert? in
                guard let i = s.alerts.firstIndex(where: { $0.id == id }) else { return nil }
                if case .string(let v)? = body["assignedTo"] { s.alerts[i].assignedTo = v }
                if case .string(let v)? = body["status"] { s.alerts[i].status = AlertStatus(rawValue: v) }
                return s.alerts[i]
            }
            guard let updated else { return Self.json(#"{"error":{"code":"ResourceNotFound","message":"no"}}"#, status: 404) }
            return Self.json(JSONWriter.string(updated.json))
        }
        addActionRoutes(router, holder)
        addScoreRoutes(router, holder)
        let port = Mutex(0)
        let ready = AsyncStream<Void>.makeStream()
        let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
                              onServerRunning: { channel in
                                  port.withLock { $0 = channel.localAddress?.port ?? 0 }
                                  ready.continuation.yield()
                              }, logger: quietLogger)
        let task = Task { try await app.runService(gracefulShutdownSignals: []) }
        for await _ in ready.stream { break }
        return FakeProvider(box: holder, port: port.withLock { $0 }, task: task)
    }

    /// Graph beta securityActions: POST answers 201 `running` with an id `r-N`; GET reports the status the
    /// test sets; cancel records the id and reports `failed`.
    static func addActionRoutes(_ router: Router<BasicRequestContext>, _ holder: StateBox) {
        router.post("beta/security/securityActions") { request, _ -> Response in
            if let refused = try holder.refuse(request) { return refused }
            let buffer = try await request.body.collect(upTo: 1 << 20)
            let body = try JSONParser.parse(Array(buffer.readableBytesView))
            let id = holder.state.withLock { s in
                let id = "r-\(s.actions.count + 1)"
                s.actions[id] = (body, "running")
                return id
            }
            return json(#"{"id":"\#(id)","status":"running"}"#, status: 201)
        }
        router.get("beta/security/securityActions/:id") { request, context -> Response in
            if let refused = try holder.refuse(request) { return refused }
            let id = context.parameters.get("id") ?? ""
            guard let status = holder.state.withLock({ $0.actions[id]?.status }) else {
                return json(#"{"error":{"code":"ResourceNotFound","message":"no"}}"#, status: 404)
            }
            return json(#"{"id":"\#(id)","status":"\#(status)"}"#, status: 200)
        }
        router.post("beta/security/securityActions/:id/cancelSecurityAction") { request, context -> Response in
            if let refused = try holder.refuse(request) { return refused }
            let id = context.parameters.get("id") ?? ""
            holder.state.withLock { s in
                s.cancelled.append(id)
                s.actions[id]?.status = "failed"
            }
            return Response(status: .ok)
        }
    }

    func stop() {
        task.cancel()
    }

    static func json(_ text: String, status: Int = 200) -> Response {
        Response(status: HTTPResponse.Status(code: status), headers: [.contentType: "application/json"],
                 body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
    }

    /// Holds the state for the route closures.
    final class StateBox: Sendable {
        let state: Mutex<State>
        init(_ state: consuming Mutex<State>) { self.state = state }

        /// A 401 for a missing or refused token.
        func refuse(_ request: Request) throws -> Response? {
            let auth = request.headers[.authorization] ?? ""
            let rejected = state.withLock { $0.rejectedTokens }
            guard auth.hasPrefix("Bearer tok-"), let n = Int(auth.dropFirst("Bearer tok-".count)), !rejected.contains(n) else {
                return FakeProvider.json(#"{"error":{"code":"InvalidAuthenticationToken","message":"bad token"}}"#, status: 401)
            }
            return nil
        }
    }
}

/// A logger for loopback servers in tests: cancelling them at the end is expected, not worth a line.
let quietLogger: Logger = {
    var logger = Logger(label: "vigil-test-server")
    logger.logLevel = .critical
    return logger
}()

import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import VigilCore
import VigilNotifications
import VigilStorage

/// A Graph-compatible HTTP endpoint (Microsoft Graph, another Vigil, a vendor's provider endpoint) as a
/// provider. Queries are forwarded (`$filter $orderby $select $top $skip $count`), `@odata.nextLink` is
/// the continuation, and a 401 refreshes the client-credentials token once.
public struct RemoteGraphProvider: AlertProvider {
    public let configuration: ProviderConfiguration
    let client: OutboundClient
    let credentials: ClientCredentialsToken?
    /// The service root without a trailing slash.
    let root: String

    public var name: String { configuration.name }
    public var vendor: String { configuration.vendor }
    public var provider: String { configuration.provider }
    public var timeout: Duration { .milliseconds(Int64(configuration.timeoutSeconds * 1000)) }

    /// - Throws: `VigilError` when the configuration is invalid or its secret cannot be read.
    public init(configuration: ProviderConfiguration, client: OutboundClient = .operatorConfigured) throws(VigilError) {
        try configuration.validate()
        self.configuration = configuration
        self.client = client
        var root = configuration.url
        while root.hasSuffix("/") { root.removeLast() }
        self.root = root
        if let tokenUrl = configuration.tokenUrl, let clientId = configuration.clientId,
           let secret = try configuration.resolvedSecret() {
            credentials = ClientCredentialsToken(tokenUrl: tokenUrl, clientId: clientId, secret: secret,
                                                 scope: configuration.scope, client: client)
        } else {
            credentials = nil
        }
    }

    var alertsURL: String { root + "/security/alerts" }

    public func listAlerts(tenantId: String, query: ProviderQuery, continuation: String?) async throws -> ProviderPage {
        let url: String
        if let continuation {
            // The continuation comes back from a client: only a page of this provider's alerts may be asked.
            guard continuation.hasPrefix(alertsURL + "?"), !continuation.contains("/../") else {
                throw VigilError(.badRequest, "Invalid $skiptoken: use the @odata.nextLink of the previous page as it is.",
                                 target: "$skiptoken")
            }
            url = continuation
        } else {
            var options: [(String, String)] = []
            if let filter = query.odata.filterText { options.append(("$filter", filter)) }
            if !query.odata.orderBy.isEmpty {
                options.append(("$orderby", query.odata.orderBy.map(\.description).joined(separator: ",")))
            }
            if let select = query.forwardedSelect { options.append(("$select", select)) }
            options.append(("$top", String(query.top)))
            if query.skip > 0 { options.append(("$skip", String(query.skip))) }
            if query.odata.count { options.append(("$count", "true")) }
            url = alertsURL + "?" + options.map { "\($0.0)=\(percentEncodeQueryComponent($0.1))" }.joined(separator: "&")
        }
        let (status, body) = try await send(.GET, url)
        if status == 404 { return ProviderPage(items: [], continuation: nil) }
        guard (200..<300).contains(status) else { throw Self.failure(status: status, body: body) }
        return try page(from: body)
    }

    /// A page from the body of a list answer: its items (stamped with the provider's `vendorInformation`
    /// where they lack it), its `@odata.nextLink` (which must stay under this provider's alerts URL) and count.
    /// - Throws: `ProviderFailure` (502) for a body that is not such an answer.
    public func page(from body: ByteBuffer) throws -> ProviderPage {
        // One scan: the page's annotations parsed, its alerts validated and located but not built.
        let bytes = Array(body.readableBytesView)
        let members: [String: JSONValue], found: [JSONObjectSpan]?
        do {
            (members, found) = try JSONParser.skimCollection(bytes)
        } catch {
            throw ProviderFailure(status: 502, "the answer is not a collection of alerts: \(error.message)")
        }
        guard let spans = found else { throw ProviderFailure(status: 502, "the answer has no 'value' array") }
        var items: [ProviderItem] = []
        items.reserveCapacity(spans.count)
        for span in spans {
            let raw = RawAlert(page: bytes, span: span)
            // An alert that does not say which product raised it is completed (and then written anew).
            if case .object(let info)? = raw.member("vendorInformation"), info["provider"]?.stringValue != nil,
               info["vendor"]?.stringValue != nil
            {
                items.append(.raw(raw))
            } else {
                items.append(.object(stamped(try raw.object())))
            }
        }
        var next: String?
        if case .string(let link)? = members["@odata.nextLink"] {
            guard link.hasPrefix(alertsURL + "?") else {
                throw ProviderFailure(status: 502, "its @odata.nextLink leaves \(alertsURL)")
            }
            next = link
        }
        var count: Int?
        if case .int(let c)? = members["@odata.count"] { count = Int(c) }
        return ProviderPage(items: items, continuation: next, count: count)
    }

    public func alert(tenantId: String, id: String) async throws -> ProviderItem? {
        let (status, body) = try await send(.GET, alertsURL + "/" + percentEncodeQueryComponent(id))
        if status == 404 { return nil }
        guard (200..<300).contains(status) else { throw Self.failure(status: status, body: body) }
        guard case .object(let o) = try Self.parse(body) else {
            throw ProviderFailure(status: 502, "the answer is not a JSON object")
        }
        return .alert(Alert(jsonObject: stamped(o)))
    }

    public func updateAlert(tenantId: String, id: String, change: AlertUpdate) async throws -> Alert? {
        let body = JSONWriter.bytes(.object(change.body.filter { !$0.key.hasPrefix("@") && $0.key != "id" }))
        let (status, answer) = try await send(.PATCH, alertsURL + "/" + percentEncodeQueryComponent(id), body: body,
                                              headers: [("Prefer", "return=representation")])
        if status == 404 { return nil }
        guard (200..<300).contains(status) else { throw Self.failure(status: status, body: answer) }
        if answer.readableBytes > 0, case .object(let o) = try Self.parse(answer), o["id"] != nil {
            return Alert(jsonObject: stamped(o))
        }
        // 204: the provider took the change without echoing the alert; read it back.
        return try await alert(tenantId: tenantId, id: id)?.decoded()
    }

    /// Fills `vendorInformation` when a provider leaves it out, so a later PATCH can be routed.
    func stamped(_ object: [String: JSONValue]) -> [String: JSONValue] {
        var info: [String: JSONValue] = [:]
        if case .object(let existing)? = object["vendorInformation"] { info = existing }
        guard info["provider"]?.stringValue == nil || info["vendor"]?.stringValue == nil else { return object }
        if info["provider"]?.stringValue == nil { info["provider"] = .string(configuration.provider) }
        if info["vendor"]?.stringValue == nil { info["vendor"] = .string(configuration.vendor) }
        var object = object
        object["vendorInformation"] = .object(info)
        return object
    }

    /// Sends one request with the provider's token; a 401 refreshes the token and tries once more.
    func send(_ method: HTTPMethod, _ url: String, body: [UInt8]? = nil,
              headers: [(String, String)] = []) async throws -> (Int, ByteBuffer) {
        var refreshed = false
        while true {
            var request = HTTPClientRequest(url: url)
            request.method = method
            request.headers.add(name: "Accept", value: "application/json")
            for (name, value) in headers { request.headers.add(name: name, value: value) }
            if let body {
                request.headers.add(name: "Content-Type", value: "application/json")
                request.body = .bytes(ByteBuffer(bytes: body))
            }
            if let credentials {
                let token = try await credentials.token(refresh: refreshed, timeout: timeout)
                request.headers.add(name: "Authorization", value: "Bearer \(token)")
            }
            let response: HTTPClientResponse
            do {
                response = try await client.execute(request, timeout: .init(timeout))
            } catch let error as HTTPClientError where error == .deadlineExceeded || error == .readTimeout {
                throw ProviderFailure(status: 504, "no answer within \(configuration.timeoutSeconds) s")
            } catch is CancellationError {
                throw CancellationError()
            } catch {
                throw ProviderFailure(status: 503, "cannot reach \(root): \(error)")
            }
            let status = Int(response.status.code)
            if status == 401, credentials != nil, !refreshed {
                refreshed = true
                // Drain the refused answer so the connection can be reused; its content does not matter.
                _ = try? await response.body.collect(upTo: 64 * 1024)
                continue
            }
            let limit = configuration.maxResponseBytes
            if let length = response.headers.first(name: "Content-Length").flatMap(Int.init), length > limit {
                throw ProviderFailure(status: 502, "the answer is \(length) bytes, over the limit of \(limit)")
            }
            do {
                return (status, try await response.body.collect(upTo: limit))
            } catch is NIOTooManyBytesError {
                throw ProviderFailure(status: 502, "the answer is over the limit of \(limit) bytes")
            } catch let error as HTTPClientError where error == .deadlineExceeded || error == .readTimeout {
                throw ProviderFailure(status: 504, "no complete answer within \(configuration.timeoutSeconds) s")
            } catch {
                throw ProviderFailure(status: 502, "the answer could not be read: \(error)")
            }
        }
    }

    static func parse(_ body: ByteBuffer) throws -> JSONValue {
        do {
            return try JSONParser.parse(Array(body.readableBytesView))
        } catch {
            throw ProviderFailure(status: 502, "the answer is not valid JSON: \(error.message)")
        }
    }

    /// The failure for a non-2xx answer, with the provider's Graph error code and message when it sent one.
    static func failure(status: Int, body: ByteBuffer) -> ProviderFailure {
        // The provider's Graph error body, when it is one, adds its code and message; the status is reported
        // in any case.
        if case .object(let o)? = try? JSONParser.parse(Array(body.readableBytesView)),
           case .object(let error)? = o["error"] {
            var code: String?
            var message = "answered \(status)"
            if case .string(let c)? = error["code"] { code = c }
            if case .string(let m)? = error["message"] { message += ": \(m)" }
            return ProviderFailure(status: status, message, code: code)
        }
        return ProviderFailure(status: status, "answered \(status)")
    }
}

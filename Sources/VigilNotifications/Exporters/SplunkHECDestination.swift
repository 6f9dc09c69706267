import AsyncHTTPClient
import Foundation
import NIOCore
import NIOSSL
import VigilCore
import VigilStorage

/// Splunk HTTP Event Collector: each batch is one `POST <url>/services/collector/event` with
/// `Authorization: Splunk <token>` and the events concatenated (``SplunkHECFormatter``). Only a 200 answer
/// accepts the batch. 5xx, 429, timeouts and connection failures are retryable; any other status (400 bad
/// data or index, 401 no token, 403 invalid or disabled token, 404 HEC off) is reported with the collector's
/// own text and is not retryable (the exporter waits its longest back-off, then tries again).
public actor SplunkHECDestination: ExportDestination {
    /// The full URL of the event endpoint.
    public nonisolated let endpoint: String
    let token: Secret
    let formatter: SplunkHECFormatter
    let timeout: TimeAmount
    let tls: TLSConfiguration
    private var client: HTTPClient?

    /// - Parameters:
    ///   - url: the collector's base URL, or the full endpoint URL (one whose path names `/services/collector`).
    ///   - token: the HEC token.
    public init(url: String, token: Secret, formatter: SplunkHECFormatter, timeout: TimeAmount,
                caFile: String?, insecureSkipVerify: Bool)
    {
        endpoint = Self.endpoint(url)
        self.token = token
        self.formatter = formatter
        self.timeout = timeout
        var tls = TLSConfiguration.makeClientConfiguration()
        if insecureSkipVerify { tls.certificateVerification = .none }
        if let caFile { tls.trustRoots = .file(caFile) }
        self.tls = tls
    }

    /// `<base>/services/collector/event`, unless the URL already names a collector endpoint.
    static func endpoint(_ url: String) -> String {
        var base = url
        if base.contains("/services/collector") { return base }
        while base.hasSuffix("/") { base.removeLast() }
        return base + "/services/collector/event"
    }

    public func send(_ items: [ExportedAlert]) async throws(ExportFailure) {
        guard !items.isEmpty else { return }
        var request = HTTPClientRequest(url: endpoint)
        request.method = .POST
        request.headers.add(name: "Authorization", value: "Splunk \(token.revealed)")
        request.headers.add(name: "Content-Type", value: "application/json")
        request.body = .bytes(ByteBuffer(bytes: formatter.body(items)))
        let response: HTTPClientResponse
        let text: String
        do {
            response = try await httpClient().execute(request, timeout: timeout)
            var body = try await response.body.collect(upTo: 64 * 1024)
            text = body.readString(length: body.readableBytes) ?? ""
        } catch {
            throw ExportFailure("splunk \(endpoint): \(Self.describe(error))")
        }
        guard response.status != .ok else { return }
        let code = response.status.code
        let retryable = code >= 500 || code == 429
        var message = "splunk \(endpoint): HTTP \(code)"
        if let reason = Self.collectorText(text) { message += " (\(reason))" }
        if code == 401 || code == 403 { message += "; check the exporter's token" }
        throw ExportFailure(message, retryable: retryable)
    }

    /// The `text` of a HEC error answer (`{"text":"Invalid token","code":4}`), or the first 200 characters.
    static func collectorText(_ body: String) -> String? {
        guard !body.isEmpty else { return nil }
        // An answer that is not HEC's JSON is shown as it came instead.
        if case .object(let object)? = try? JSONParser.parse(Array(body.utf8)), case .string(let text)? = object["text"] {
            return text
        }
        return String(body.prefix(200))
    }

    static func describe(_ error: any Error) -> String {
        if let error = error as? HTTPClientError, error == .deadlineExceeded || error == .readTimeout {
            return "timed out"
        }
        return "\(error)"
    }

    private func httpClient() -> HTTPClient {
        if let client { return client }
        var configuration = HTTPClient.Configuration(tlsConfiguration: tls)
        configuration.timeout = .init(connect: timeout, read: timeout)
        let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
        self.client = client
        return client
    }

    public func close() async {
        guard let client else { return }
        self.client = nil
        do {
            try await client.shutdown()
        } catch {
            // Shutting down only fails when it already was; nothing is in flight to lose.
        }
    }
}

import AsyncHTTPClient
import Crypto
import Foundation
import NIOCore
import VigilCore
import VigilStorage

/// Posts to webhook receivers: the validation handshake and notification batches. Redirects are never
/// followed (a redirect could lead to an address the target policy refuses).
public final class WebhookClient: Sendable {
    let http: HTTPClient
    /// Largest answer read from a receiver.
    static let maxAnswerBytes = 64 * 1024

    /// One HTTP client for all outbound traffic of the process — webhooks, remote providers and their token
    /// URLs (like `HTTPClient.shared`, it lives as long as the process and is never shut down), configured never
    /// to follow redirects: a redirect could carry a body or credentials to another origin, or lead to an
    /// address the target policy refuses.
    public static let processClient: HTTPClient = {
        var configuration = HTTPClient.Configuration()
        configuration.redirectConfiguration = .disallow
        configuration.decompression = .disabled
        return HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }()

    public init() {
        http = Self.processClient
    }

    /// What a receiver answered.
    public struct Answer: Sendable {
        /// The HTTP status, or `nil` when none came.
        public var status: Int?
        public var contentType: String?
        public var body: [UInt8]
        /// Why no usable answer came (refused, timed out, …).
        public var error: String?
    }

    /// One POST; never throws: failures come back in the answer.
    public func post(_ url: String, body: [UInt8], contentType: String, headers: [(String, String)] = [],
                     timeout: Double) async -> Answer {
        do {
            var request = HTTPClientRequest(url: url)
            request.method = .POST
            request.headers.add(name: "Content-Type", value: contentType)
            request.headers.add(name: "User-Agent", value: "Vigil-Notifications/1")
            for (name, value) in headers { request.headers.add(name: name, value: value) }
            request.body = .bytes(ByteBuffer(bytes: body))
            let response = try await http.execute(request, timeout: .milliseconds(Int64(timeout * 1000)))
            let bytes = try await response.body.collect(upTo: Self.maxAnswerBytes)
            return Answer(status: Int(response.status.code), contentType: response.headers.first(name: "Content-Type"),
                          body: Array(buffer: bytes), error: nil)
        } catch let error as HTTPClientError where error == .deadlineExceeded || error == .readTimeout {
            return Answer(status: nil, contentType: nil, body: [], error: "no answer within \(Self.seconds(timeout)) s")
        } catch {
            return Answer(status: nil, contentType: nil, body: [], error: "\(error)")
        }
    }

    static func seconds(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String(value)
    }

    /// The validation handshake (Graph's): `POST {url}?validationToken=…` (`text/plain`), which must be
    /// answered within `timeout` with 200, `text/plain` and the URL-decoded token.
    ///
    /// - Throws: `VigilError` (400) saying what the endpoint did wrong.
    public func validate(_ url: String, field: String, timeout: Double) async throws(VigilError) {
        // A space and a colon make an endpoint that echoes the encoded form fail, as Graph's does.
        let token = "Validation: \(UUID().uuidString.lowercased()) \(Int.random(in: 100_000...999_999))"
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        let encoded = token.addingPercentEncoding(withAllowedCharacters: allowed) ?? token
        let target = url + (url.contains("?") ? "&" : "?") + "validationToken=" + encoded
        let answer = await post(target, body: [], contentType: "text/plain; charset=utf-8", timeout: timeout)
        // Only a class of reason is told (timeout, refused, wrong answer), never what answered or how: the
        // handshake must not become a way to probe ports and read banners of other services.
        let prefix = "Subscription validation request failed: the URL in '\(field)' did not validate"
        let expected = "it must answer 200 OK, text/plain, with the URL-decoded validationToken"
        guard let status = answer.status else {
            let reason = answer.error?.hasPrefix("no answer within") == true
                ? "timeout (no answer within \(Self.seconds(timeout)) s)" : "refused (no connection could be made)"
            throw VigilError(.badRequest, "\(prefix): \(reason).", target: field)
        }
        let echoed = String(decoding: answer.body, as: UTF8.self)
        guard status == 200, answer.contentType?.lowercased().hasPrefix("text/plain") == true,
              echoed == token || echoed.trimmingCharacters(in: .newlines) == token
        else {
            let detail = status == 200 && echoed == encoded ? "the validationToken came back still URL-encoded" : expected
            throw VigilError(.badRequest, "\(prefix): wrong answer (\(detail)).", target: field)
        }
    }

    /// `X-Vigil-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">` (Vigil extension).
    public static func signature(body: [UInt8], secret: Secret, timestamp: Int64) -> String {
        var message = Array("\(timestamp).".utf8)
        message.append(contentsOf: body)
        let mac = HMAC<SHA256>.authenticationCode(for: message, using: SymmetricKey(data: Array(secret.revealed.utf8)))
        return "t=\(timestamp),v1=" + mac.map { String(format: "%02x", $0) }.joined()
    }
}

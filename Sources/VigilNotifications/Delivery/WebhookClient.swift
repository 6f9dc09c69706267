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

    /// One HTTP client for all webhook traffic of the process (like `HTTPClient.shared`, it lives as long as
    /// the process and is never shut down), configured never to follow redirects.
    static let processClient: HTTPClient = {
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
        let prefix = "Subscription validation request failed for '\(field)'."
        guard let status = answer.status else {
            throw VigilError(.badRequest, "\(prefix) The endpoint did not answer: \(answer.error ?? "no answer").", target: field)
        }
        guard status == 200 else {
            throw VigilError(.badRequest, "\(prefix) It must answer 200 OK; it answered \(status).", target: field)
        }
        guard answer.contentType?.lowercased().hasPrefix("text/plain") == true else {
            throw VigilError(.badRequest, "\(prefix) The answer must be text/plain; it was \(answer.contentType ?? "without a Content-Type").", target: field)
        }
        let echoed = String(decoding: answer.body, as: UTF8.self)
        guard echoed == token || echoed.trimmingCharacters(in: .newlines) == token else {
            throw VigilError(.badRequest, echoed == encoded
                             ? "\(prefix) The answer must carry the URL-decoded validationToken; it was still encoded."
                             : "\(prefix) The answer did not carry the validationToken.", target: field)
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

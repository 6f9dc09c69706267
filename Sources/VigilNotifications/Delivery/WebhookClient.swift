import AsyncHTTPClient
import Crypto
import Foundation
import NIOCore
import VigilCore
import VigilStorage

/// Posts to webhook receivers: the validation handshake and notification batches, through an
/// `OutboundClient` (the target policy is checked on the address actually connected to; redirects are never
/// followed).
public final class WebhookClient: Sendable {
    /// The outbound client posts go through; its policy applies unless a post names another.
    public let outbound: OutboundClient
    /// Largest answer read from a receiver.
    static let maxAnswerBytes = 64 * 1024

    public init(outbound: OutboundClient = .operatorConfigured) {
        self.outbound = outbound
    }

    /// What a receiver answered.
    public struct Answer: Sendable {
        /// The HTTP status, or `nil` when none came.
        public var status: Int?
        public var contentType: String?
        public var body: [UInt8]
        /// Why no usable answer came (refused, timed out, …).
        public var error: String?
        /// Whether the target policy refused the URL (nothing was sent).
        public var blocked: Bool = false

        public init(status: Int?, contentType: String?, body: [UInt8], error: String?, blocked: Bool = false) {
            self.status = status
            self.contentType = contentType
            self.body = body
            self.error = error
            self.blocked = blocked
        }
    }

    /// One POST; never throws: failures come back in the answer.
    ///
    /// - Parameter policy: the rules for this URL, when they differ from the client's.
    public func post(_ url: String, body: [UInt8], contentType: String, headers: [(String, String)] = [],
                     timeout: Double, policy: TargetPolicy? = nil, field: String = "url") async -> Answer {
        do {
            var request = HTTPClientRequest(url: url)
            request.method = .POST
            request.headers.add(name: "Content-Type", value: contentType)
            request.headers.add(name: "User-Agent", value: "Vigil-Notifications/1")
            for (name, value) in headers { request.headers.add(name: name, value: value) }
            request.body = .bytes(ByteBuffer(bytes: body))
            let client = policy.map { outbound.with(policy: $0) } ?? outbound
            let response = try await client.execute(request, timeout: .milliseconds(Int64(timeout * 1000)), field: field)
            let bytes = try await response.body.collect(upTo: Self.maxAnswerBytes)
            return Answer(status: Int(response.status.code), contentType: response.headers.first(name: "Content-Type"),
                          body: Array(buffer: bytes), error: nil)
        } catch let refusal as OutboundRefusal {
            return Answer(status: nil, contentType: nil, body: [], error: "blocked address: \(refusal.error.message)", blocked: true)
        } catch let error as HTTPClientError where error == .deadlineExceeded || error == .readTimeout {
            return Answer(status: nil, contentType: nil, body: [], error: "no answer within \(Self.seconds(timeout)) s")
        } catch {
            return Answer(status: nil, contentType: nil, body: [], error: "\(error)")
        }
    }

    /// Checks a URL against a policy with this client's name lookup, without sending anything.
    ///
    /// - Throws: `VigilError` (400) saying why the URL is refused.
    public func check(_ url: String, field: String, policy: TargetPolicy) async throws(VigilError) {
        _ = try await policy.pin(url, field: field, resolve: outbound.resolve)
    }

    static func seconds(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String(value)
    }

    /// The validation handshake (Graph's): `POST {url}?validationToken=…` (`text/plain`), which must be
    /// answered within `timeout` with 200, `text/plain` and the URL-decoded token.
    ///
    /// - Throws: `VigilError` (400) saying what the endpoint did wrong.
    public func validate(_ url: String, field: String, timeout: Double, policy: TargetPolicy? = nil) async throws(VigilError) {
        // A space and a colon make an endpoint that echoes the encoded form fail, as Graph's does.
        let token = "Validation: \(UUID().uuidString.lowercased()) \(Int.random(in: 100_000...999_999))"
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        let encoded = token.addingPercentEncoding(withAllowedCharacters: allowed) ?? token
        let target = url + (url.contains("?") ? "&" : "?") + "validationToken=" + encoded
        let answer = await post(target, body: [], contentType: "text/plain; charset=utf-8", timeout: timeout, policy: policy,
                                field: field)
        // Only a class of reason is told (timeout, refused, wrong answer), never what answered or how: the
        // handshake must not become a way to probe ports and read banners of other services.
        let prefix = "Subscription validation request failed: the URL in '\(field)' did not validate"
        let expected = "it must answer 200 OK, text/plain, with the URL-decoded validationToken"
        guard let status = answer.status else {
            let reason = answer.blocked ? "blocked address (\(answer.error ?? "refused by the target policy"))"
                : answer.error?.hasPrefix("no answer within") == true
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

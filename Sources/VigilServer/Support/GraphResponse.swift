import Foundation
import Hummingbird
import NIOCore
import VigilCore
import VigilEngine

/// Builds JSON responses with Graph's headers.
enum GraphResponse {
    static let contentType = "application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8"

    /// A JSON response.
    static func json(_ value: JSONValue, status: HTTPResponse.Status = .ok, headers: HTTPFields = [:]) -> Response {
        var fields = headers
        fields[.contentType] = contentType
        let bytes = JSONWriter.bytes(value)
        return Response(status: status, headers: fields, body: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes)))
    }

    /// A response of JSON bytes already written.
    static func json(bytes: [UInt8], status: HTTPResponse.Status = .ok, headers: HTTPFields = [:]) -> Response {
        var fields = headers
        fields[.contentType] = contentType
        return Response(status: status, headers: fields, body: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes)))
    }

    /// An empty response (204 by default).
    static func empty(_ status: HTTPResponse.Status = .noContent) -> Response {
        Response(status: status)
    }

    /// A JSON response in the identity platform's shape (token endpoint errors are not Graph errors).
    static func oauthError(_ code: String, _ description: String, status: HTTPResponse.Status, requestId: String) -> Response {
        json(["error": .string(code), "error_description": .string(description),
              "timestamp": .string(DateTimeOffset.now().iso8601), "trace_id": .string(requestId),
              "correlation_id": .string(requestId)], status: status)
    }
}

extension Request {
    /// The decoded query string: `+` is a space, `%XX` are bytes; values must be valid UTF-8.
    func queryPairs() throws(VigilError) -> [(name: String, value: String)] {
        guard let query = uri.query, !query.isEmpty else { return [] }
        var pairs: [(name: String, value: String)] = []
        for part in query.split(separator: "&", omittingEmptySubsequences: true) {
            let kv = part.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = try Self.percentDecode(kv[0])
            let value = kv.count > 1 ? try Self.percentDecode(kv[1]) : ""
            pairs.append((name, value))
        }
        return pairs
    }

    static func percentDecode(_ text: Substring) throws(VigilError) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count)
        var iterator = text.utf8.makeIterator()
        while let c = iterator.next() {
            switch c {
            case UInt8(ascii: "+"): bytes.append(32)
            case UInt8(ascii: "%"):
                guard let h = iterator.next(), let l = iterator.next(), let hi = hexValue(h), let lo = hexValue(l) else {
                    throw VigilError(.badRequest, "The query string has an invalid percent-encoding.")
                }
                bytes.append(hi << 4 | lo)
            default: bytes.append(c)
            }
        }
        guard let s = String(validating: bytes, as: UTF8.self) else {
            throw VigilError(.badRequest, "The query string is not valid UTF-8 once percent-decoded.")
        }
        return s
    }

    private static func hexValue(_ c: UInt8) -> UInt8? {
        switch c {
        case 48...57: c - 48
        case 65...70: c - 55
        case 97...102: c - 87
        default: nil
        }
    }

    /// Collects the body up to `limit` bytes (413 beyond).
    mutating func collectBody(limit: Int) async throws(VigilError) -> [UInt8] {
        do {
            let buffer = try await collectBody(upTo: limit)
            return Array(buffer.readableBytesView)
        } catch let error as HTTPError where error.status == .contentTooLarge {
            throw VigilError(.payloadTooLarge, "The request body is larger than \(limit) bytes.", underlying: error)
        } catch is NIOTooManyBytesError {
            throw VigilError(.payloadTooLarge, "The request body is larger than \(limit) bytes.")
        } catch {
            throw VigilError(.badRequest, "The request body could not be read.", underlying: error)
        }
    }

    /// The body parsed as one JSON object (400 naming the position when malformed).
    mutating func jsonObjectBody(limit: Int = 4 * 1024 * 1024) async throws(VigilError) -> [String: JSONValue] {
        try requireJSONContentType()
        let bytes = try await collectBody(limit: limit)
        guard case .object(let object) = try JSONParser.parse(bytes) else {
            throw VigilError(.badRequest, "The request body must be a JSON object.")
        }
        return object
    }

    /// 415 unless the body is declared as JSON (a missing Content-Type is accepted).
    func requireJSONContentType(alsoAccepting others: [String] = []) throws(VigilError) {
        guard let contentType = headers[.contentType] else { return }
        let mediaType = contentType.split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() } ?? ""
        guard mediaType == "application/json" || others.contains(mediaType) else {
            throw VigilError(.unsupportedMediaType,
                             "The media type '\(mediaType)' is not supported; send application/json\(others.isEmpty ? "" : " or " + others.joined(separator: ", ")).")
        }
    }
}

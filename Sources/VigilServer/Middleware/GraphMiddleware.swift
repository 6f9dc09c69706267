import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import VigilCore
import VigilEngine

/// Outermost middleware: gives each request an id, echoes `client-request-id`, adds Graph's headers, and
/// turns every error into the Graph error body. Client mistakes never become a 500; faults inside Vigil
/// do, with a message that carries no internals (those go to the log with the request id).
struct GraphMiddleware: RouterMiddleware {
    typealias Context = VigilRequestContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        context.requestId = UUID().uuidString.lowercased()
        if let clientRequestId = request.headers[.clientRequestId], clientRequestId.utf8.count <= 200 {
            context.clientRequestId = clientRequestId
        }
        context.logger[metadataKey: "request-id"] = .string(context.requestId)
        var response: Response
        do {
            response = try await next(request, context)
        } catch let error as ResponseWithWarnings {
            response = Self.errorResponse(error.error, context: context)
            for field in error.headers { response.headers.append(field) }
        } catch {
            response = Self.errorResponse(Self.vigilError(error, context: context), context: context)
        }
        response.headers[.requestId] = context.requestId
        if let clientRequestId = context.clientRequestId {
            response.headers[.clientRequestId] = clientRequestId
        }
        response.headers[.odataVersion] = "4.0"
        return response
    }

    /// Maps any error to a `VigilError`.
    static func vigilError(_ error: any Error, context: Context) -> VigilError {
        switch error {
        case let e as VigilError:
            if e.code == .internalError || e.code == .serviceUnavailable {
                context.logger.error("request failed", metadata: ["error": "\(e)", "underlying": "\(e.underlying.map { "\($0)" } ?? "-")"])
            }
            return e
        case is NIOTooManyBytesError:
            return VigilError(.payloadTooLarge, "The request body is too large.")
        case let e as HTTPError:
            switch e.status {
            case .notFound: return VigilError(.notFound, "There is no resource at this path.")
            case .methodNotAllowed: return VigilError(.methodNotAllowed, "This method is not allowed on this resource.")
            case .contentTooLarge: return VigilError(.payloadTooLarge, "The request body is too large.")
            case .unsupportedMediaType: return VigilError(.unsupportedMediaType, e.body ?? "Unsupported media type.")
            default:
                if e.status.code < 500 { return VigilError(.badRequest, e.body ?? "The request is not valid.") }
                context.logger.error("request failed", metadata: ["error": "\(e)"])
                return VigilError(.internalError, "An internal error occurred; quote the request-id when reporting it.")
            }
        default:
            context.logger.error("request failed", metadata: ["error": "\(error)"])
            return VigilError(.internalError, "An internal error occurred; quote the request-id when reporting it.")
        }
    }

    static func errorResponse(_ error: VigilError, context: Context) -> Response {
        let body = error.graphBody(requestId: context.requestId, clientRequestId: context.clientRequestId)
        var headers: HTTPFields = [:]
        if error.code == .unauthenticated {
            headers[.wwwAuthenticate] = "Bearer error=\"invalid_token\""
        }
        if let retryAfter = error.retryAfterSeconds {
            headers[.retryAfter] = String(retryAfter)
        }
        return GraphResponse.json(body, status: HTTPResponse.Status(code: error.code.httpStatus), headers: headers)
    }
}

/// A Graph error that also carries headers (the `Warning` items of providers that could not be asked).
struct ResponseWithWarnings: Error {
    var error: VigilError
    var headers: HTTPFields
}

extension HTTPField.Name {
    /// The id Vigil gives each request.
    static let requestId = HTTPField.Name("request-id")!
    /// The caller's own request id, echoed.
    static let clientRequestId = HTTPField.Name("client-request-id")!
    /// `OData-Version: 4.0` on every answer.
    static let odataVersion = HTTPField.Name("OData-Version")!
    /// `Prefer: return=representation`.
    static let prefer = HTTPField.Name("Prefer")!
    /// Graph's partial-failure header.
    static let warning = HTTPField.Name("Warning")!
}

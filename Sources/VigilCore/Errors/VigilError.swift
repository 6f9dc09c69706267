/// The one error type of Vigil: a code that decides the HTTP status and the Graph error code, and a
/// message written for the developer calling the API. Messages never carry secrets, SQL or tokens;
/// `underlying` is kept for logs and is never shown to clients.
public struct VigilError: Error, Sendable, CustomStringConvertible {
    /// What went wrong, as a Graph error code with its HTTP status.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: Hashable, Sendable {
            case badRequest, unauthenticated, forbidden, notFound, methodNotAllowed, notAcceptable, conflict
            case preconditionFailed, payloadTooLarge, unsupportedMediaType, tooManyRequests, internalError
            case notImplemented, badGateway, serviceUnavailable, gatewayTimeout
        }
        private let base: Base
        private init(_ base: Base) { self.base = base }

        /// 400: the request is malformed (bad JSON, bad OData, invalid value).
        public static let badRequest = Code(.badRequest)
        /// 401: no token, or a token that is malformed, expired, not yet valid or wrongly signed.
        public static let unauthenticated = Code(.unauthenticated)
        /// 403: the token lacks the permission the operation needs.
        public static let forbidden = Code(.forbidden)
        /// 404: no such resource or route.
        public static let notFound = Code(.notFound)
        /// 405: the route exists but not with this method.
        public static let methodNotAllowed = Code(.methodNotAllowed)
        /// 406: the requested representation cannot be produced.
        public static let notAcceptable = Code(.notAcceptable)
        /// 409: the change conflicts with the current state.
        public static let conflict = Code(.conflict)
        /// 412: a precondition (`If-Match`) failed.
        public static let preconditionFailed = Code(.preconditionFailed)
        /// 413: the body or batch is larger than allowed.
        public static let payloadTooLarge = Code(.payloadTooLarge)
        /// 415: the body's media type is not accepted.
        public static let unsupportedMediaType = Code(.unsupportedMediaType)
        /// 429: the caller exceeded its request rate.
        public static let tooManyRequests = Code(.tooManyRequests)
        /// 500: a fault inside Vigil (never used for a client mistake).
        public static let internalError = Code(.internalError)
        /// 501: a documented capability Vigil does not implement.
        public static let notImplemented = Code(.notImplemented)
        /// 502: a provider answered with something unusable or refused a forwarded change.
        public static let badGateway = Code(.badGateway)
        /// 503: a dependency (database, provider) is not available.
        public static let serviceUnavailable = Code(.serviceUnavailable)
        /// 504: a dependency did not answer in time.
        public static let gatewayTimeout = Code(.gatewayTimeout)

        /// The HTTP status code.
        public var httpStatus: Int {
            switch base {
            case .badRequest: 400
            case .unauthenticated: 401
            case .forbidden: 403
            case .notFound: 404
            case .methodNotAllowed: 405
            case .notAcceptable: 406
            case .conflict: 409
            case .preconditionFailed: 412
            case .payloadTooLarge: 413
            case .unsupportedMediaType: 415
            case .tooManyRequests: 429
            case .internalError: 500
            case .notImplemented: 501
            case .badGateway: 502
            case .serviceUnavailable: 503
            case .gatewayTimeout: 504
            }
        }

        /// The `error.code` string of the Graph error body.
        public var graphCode: String {
            switch base {
            case .badRequest: "BadRequest"
            case .unauthenticated: "InvalidAuthenticationToken"
            case .forbidden: "Forbidden"
            case .notFound: "ResourceNotFound"
            case .methodNotAllowed: "MethodNotAllowed"
            case .notAcceptable: "NotAcceptable"
            case .conflict: "Conflict"
            case .preconditionFailed: "PreconditionFailed"
            case .payloadTooLarge: "RequestEntityTooLarge"
            case .unsupportedMediaType: "UnsupportedMediaType"
            case .tooManyRequests: "TooManyRequests"
            case .internalError: "InternalServerError"
            case .notImplemented: "NotImplemented"
            case .badGateway: "BadGateway"
            case .serviceUnavailable: "ServiceUnavailable"
            case .gatewayTimeout: "GatewayTimeout"
            }
        }

        public var description: String { graphCode }
    }

    /// What went wrong.
    public var code: Code
    /// A message for the developer: names the offending input, never secrets.
    public var message: String
    /// The part of the request at fault (`$filter`, a property name, a header), when known.
    public var target: String?
    /// The cause, for logs only.
    public var underlying: (any Error & Sendable)?
    /// For `tooManyRequests`: seconds until the caller may retry (`Retry-After`).
    public var retryAfterSeconds: Int?

    /// Creates an error.
    public init(_ code: Code, _ message: String, target: String? = nil, underlying: (any Error & Sendable)? = nil) {
        self.code = code
        self.message = message
        self.target = target
        self.underlying = underlying
    }

    public var description: String { "\(code.graphCode): \(message)" }
}

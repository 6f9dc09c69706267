import Hummingbird
import VigilCore
import VigilEngine

/// Per-request state: the request id, the echoed client request id, and the caller once authenticated.
public struct VigilRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The id Vigil gives the request (`request-id` header, error bodies, logs).
    public var requestId: String
    /// The caller's `client-request-id`, echoed.
    public var clientRequestId: String?
    /// Set by the authentication middleware.
    public var identity: CallerIdentity?

    public init(source: Source) {
        coreContext = .init(source: source)
        requestId = ""
        clientRequestId = nil
        identity = nil
    }

    /// Bodies are collected explicitly by handlers with their own limits.
    public var maxUploadSize: Int { 10 * 1024 * 1024 }

    /// The authenticated caller; throws 401 when the route was reached without one.
    public func caller() throws(VigilError) -> CallerIdentity {
        guard let identity else { throw VigilError(.unauthenticated, "Access token is empty.") }
        return identity
    }
}

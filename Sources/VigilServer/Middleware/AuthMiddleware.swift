import Hummingbird
import VigilCore
import VigilEngine

/// Verifies the bearer token of every API request and puts the caller in the context.
struct AuthMiddleware: RouterMiddleware {
    typealias Context = VigilRequestContext
    let tokens: TokenService

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        context.identity = try await Self.identity(of: request, tokens: tokens)
        context.logger[metadataKey: "tenant"] = .string(context.identity?.tenantId ?? "")
        context.logger[metadataKey: "app"] = .string(context.identity?.appId ?? "")
        return try await next(request, context)
    }

    /// The caller a request's bearer token names, verified.
    /// - Throws: `VigilError` (401) for a missing, malformed or invalid token.
    static func identity(of request: Request, tokens: TokenService) async throws -> CallerIdentity {
        guard let authorization = request.headers[.authorization], !authorization.isEmpty else {
            throw VigilError(.unauthenticated, "Access token is empty.")
        }
        let parts = authorization.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else {
            throw VigilError(.unauthenticated, "The Authorization header must be 'Bearer <access token>'.")
        }
        return try await tokens.verify(String(parts[1]).trimmingCharacters(in: .whitespaces))
    }
}

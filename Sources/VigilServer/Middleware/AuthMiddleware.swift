import Hummingbird
import VigilCore

/// Verifies the bearer token of every API request and puts the caller in the context.
struct AuthMiddleware: RouterMiddleware {
    typealias Context = VigilRequestContext
    let tokens: TokenService

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let authorization = request.headers[.authorization], !authorization.isEmpty else {
            throw VigilError(.unauthenticated, "Access token is empty.")
        }
        let parts = authorization.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else {
            throw VigilError(.unauthenticated, "The Authorization header must be 'Bearer <access token>'.")
        }
        var context = context
        context.identity = try await tokens.verify(String(parts[1]).trimmingCharacters(in: .whitespaces))
        context.logger[metadataKey: "tenant"] = .string(context.identity?.tenantId ?? "")
        context.logger[metadataKey: "app"] = .string(context.identity?.appId ?? "")
        return try await next(request, context)
    }
}

import Foundation
import Hummingbird
import VigilCore
import VigilStorage
import VigilEngine

/// The identity platform surface: client-credentials tokens, the signing keys, the OpenID configuration.
struct TokenController {
    let services: VigilServices

    func addRoutes(to router: Router<VigilRequestContext>) {
        router.post("/:tenant/oauth2/v2.0/token", use: token)
        router.get("/:tenant/discovery/v2.0/keys", use: keys)
        router.get("/:tenant/v2.0/.well-known/openid-configuration", use: openIDConfiguration)
    }

    @Sendable func token(_ request: Request, context: VigilRequestContext) async throws -> Response {
        var request = request
        let tenantId = context.parameters.get("tenant") ?? ""
        func fail(_ code: String, _ description: String, _ status: HTTPResponse.Status = .badRequest) -> Response {
            GraphResponse.oauthError(code, description, status: status, requestId: context.requestId)
        }
        let contentType = request.headers[.contentType]?.lowercased() ?? ""
        guard contentType.hasPrefix("application/x-www-form-urlencoded") else {
            return fail("invalid_request", "AADSTS900144: The request body must be application/x-www-form-urlencoded.")
        }
        let bytes: [UInt8]
        do { bytes = try await request.collectBody(limit: 64 * 1024) } catch {
            return fail("invalid_request", "AADSTS900144: The request body is too large.")
        }
        var form: [String: String] = [:]
        for part in String(decoding: bytes, as: UTF8.self).split(separator: "&") {
            let kv = part.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard let name = try? Request.percentDecode(kv[0]),
                  let value = try? Request.percentDecode(kv.count > 1 ? kv[1] : "") else {
                return fail("invalid_request", "AADSTS900144: The request body is not valid form encoding.")
            }
            form[name] = value
        }
        guard let grantType = form["grant_type"] else {
            return fail("invalid_request", "AADSTS900144: The request body must contain the parameter 'grant_type'.")
        }
        guard grantType == "client_credentials" else {
            return fail("unsupported_grant_type", "AADSTS70003: Vigil supports only the client_credentials grant.")
        }
        guard let clientId = form["client_id"], !clientId.isEmpty else {
            return fail("invalid_request", "AADSTS900144: The request body must contain the parameter 'client_id'.")
        }
        // Requests per tenant (as named) and client id, before any secret is checked: guessing is bounded.
        do {
            try await services.limiter.admit(tenantId: tenantId, appId: clientId, resource: "token")
        } catch {
            var response = fail("temporarily_unavailable", "AADSTS50196: Too many token requests for this client; retry later.",
                                .tooManyRequests)
            response.headers[.retryAfter] = String(error.retryAfterSeconds ?? 60)
            return response
        }
        guard let secret = form["client_secret"], !secret.isEmpty else {
            return fail("invalid_client", "AADSTS7000216: 'client_secret' is required.", .unauthorized)
        }
        let scope = form["scope"] ?? ""
        guard scope.hasSuffix("/.default") else {
            return fail("invalid_scope", "AADSTS1002012: The scope must be '<resource>/.default', e.g. '\(services.configuration.baseURL)/.default'.")
        }
        let audience = String(scope.dropLast("/.default".count))
        guard services.configuration.acceptedAudiences.contains(audience) else {
            return fail("invalid_resource", "AADSTS500011: The resource '\(audience)' is not served by this Vigil.")
        }
        // The client is authenticated before the tenant is looked at, and an unknown tenant is answered as one
        // the client has no consent in: the endpoint never tells a caller which tenants exist.
        guard let app = try await services.identity.authenticate(clientId: clientId, secret: secret) else {
            return fail("invalid_client", "AADSTS7000215: Invalid client secret provided, or unknown client.", .unauthorized)
        }
        guard !app.isDisabled else {
            return fail("unauthorized_client", "AADSTS7000112: The application '\(clientId)' is disabled.")
        }
        guard try await services.identity.tenant(id: tenantId) != nil,
              let roles = try await services.identity.roles(of: app, in: tenantId)
        else {
            return fail("unauthorized_client",
                        "AADSTS700016: The application '\(clientId)' has not been consented in tenant '\(tenantId)'.")
        }
        let (token, expiresIn) = try await services.tokens.issue(tenantId: tenantId, appId: app.clientId, roles: roles,
                                                                 audience: audience)
        var response = GraphResponse.json(["token_type": "Bearer", "expires_in": .int(Int64(expiresIn)),
                                           "ext_expires_in": .int(Int64(expiresIn)), "access_token": .string(token)])
        response.headers[.cacheControl] = "no-store"
        return response
    }

    @Sendable func keys(_ request: Request, context: VigilRequestContext) async throws -> Response {
        GraphResponse.json(await services.tokens.jwks())
    }

    @Sendable func openIDConfiguration(_ request: Request, context: VigilRequestContext) async throws -> Response {
        let tenantId = context.parameters.get("tenant") ?? ""
        let base = services.configuration.baseURL
        return GraphResponse.json([
            "issuer": .string(services.tokens.issuer(tenantId: tenantId)),
            "token_endpoint": .string("\(base)/\(tenantId)/oauth2/v2.0/token"),
            "jwks_uri": .string("\(base)/\(tenantId)/discovery/v2.0/keys"),
            "token_endpoint_auth_methods_supported": ["client_secret_post"],
            "grant_types_supported": ["client_credentials"],
            "id_token_signing_alg_values_supported": ["ES256"],
            "response_types_supported": ["token"],
            "subject_types_supported": ["pairwise"],
            "tenant_region_scope": .null,
        ])
    }
}

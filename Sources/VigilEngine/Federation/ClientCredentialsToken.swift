import AsyncHTTPClient
import Foundation
import NIOCore
import VigilCore
import VigilNotifications
import VigilStorage

/// Gets and caches an OAuth2 client-credentials token for one remote provider: reused until a minute
/// before it expires (or half its lifetime for short-lived tokens); one request at a time refreshes it.
actor ClientCredentialsToken {
    let tokenUrl: String
    let clientId: String
    let secret: Secret
    let scope: String?
    let client: OutboundClient
    private var cached: (token: String, expires: ContinuousClock.Instant)?
    private var refreshing: Task<(String, ContinuousClock.Instant), any Error>?

    init(tokenUrl: String, clientId: String, secret: Secret, scope: String?, client: OutboundClient) {
        self.tokenUrl = tokenUrl
        self.clientId = clientId
        self.secret = secret
        self.scope = scope
        self.client = client
    }

    /// A valid access token; `refresh` discards the cached one (after a 401).
    func token(refresh: Bool, timeout: Duration) async throws -> String {
        if refresh { cached = nil }
        if let cached, ContinuousClock.now < cached.expires { return cached.token }
        if let refreshing { return try await refreshing.value.0 }
        let task = Task { try await self.fetch(timeout: timeout) }
        refreshing = task
        defer { refreshing = nil }
        let (token, expires) = try await task.value
        cached = (token, expires)
        return token
    }

    private func fetch(timeout: Duration) async throws -> (String, ContinuousClock.Instant) {
        var form = "grant_type=client_credentials&client_id=\(percentEncodeFormValue(clientId))"
        form += "&client_secret=\(percentEncodeFormValue(secret.revealed))"
        if let scope { form += "&scope=\(percentEncodeFormValue(scope))" }
        var request = HTTPClientRequest(url: tokenUrl)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/x-www-form-urlencoded")
        request.headers.add(name: "Accept", value: "application/json")
        request.body = .bytes(ByteBuffer(string: form))
        let started = ContinuousClock.now
        let response: HTTPClientResponse
        do {
            response = try await client.execute(request, timeout: .init(timeout))
        } catch {
            throw ProviderFailure(status: 502, "the token endpoint \(tokenUrl) did not answer: \(error)")
        }
        let body = try await response.body.collect(upTo: 1024 * 1024)
        guard (200..<300).contains(Int(response.status.code)) else {
            var detail = ""
            // The error body only adds detail; the refusal itself is reported whatever the body holds.
            if case .object(let o)? = try? JSONParser.parse(Array(body.readableBytesView)),
               case .string(let e)? = o["error"] {
                detail = " (\(e))"
            }
            // Credentials the provider refuses are an authorization failure of that provider.
            throw ProviderFailure(status: 401, "the token endpoint refused the client credentials with \(response.status.code)\(detail)")
        }
        let answer: JSONValue
        do {
            answer = try JSONParser.parse(Array(body.readableBytesView))
        } catch {
            throw ProviderFailure(status: 502, "the token endpoint's answer is not JSON: \(error.message)")
        }
        guard case .object(let o) = answer, case .string(let token)? = o["access_token"], !token.isEmpty else {
            throw ProviderFailure(status: 502, "the token endpoint answered without an access_token")
        }
        var lifetime = 3600.0
        switch o["expires_in"] {
        case .int(let i)?: lifetime = Double(i)
        case .double(let d)?: lifetime = d
        case .string(let s)?: lifetime = Double(s) ?? lifetime
        default: break
        }
        let margin = lifetime > 120 ? 60 : lifetime / 2
        return (token, started + .seconds(max(0, lifetime - margin)))
    }
}

import Foundation
import VigilCore
import VigilStorage

/// A remote Graph-compatible provider a tenant fans out to (`providers:` in the configuration file).
public struct ProviderConfiguration: Sendable, Codable, Equatable {
    /// Unique name, used by the CLI and in logs.
    public var name: String
    /// The Vigil tenant that fans out to it.
    public var tenant: String
    /// `vendorInformation.vendor` of its alerts.
    public var vendor: String
    /// `vendorInformation.provider` of its alerts.
    public var provider: String
    /// The service root, e.g. `https://graph.microsoft.com/v1.0` (alerts are at `<url>/security/alerts`).
    public var url: String
    /// The identity platform token endpoint for the client-credentials flow; without it, calls carry no token.
    public var tokenUrl: String?
    public var clientId: String?
    /// The client secret, or `${NAME}` to read the environment variable NAME.
    public var clientSecret: Secret?
    /// A file holding the client secret (trailing newline ignored).
    public var clientSecretFile: String?
    /// The scope asked for, e.g. `https://graph.microsoft.com/.default`.
    public var scope: String?
    /// Seconds a call may take before the provider counts as timed out (504).
    public var timeoutSeconds: Double = 10
    /// Whether the tenant fans out to it.
    public var enabled: Bool = true
    /// Largest answer read from it, in bytes (a larger one is a 502 warning).
    public var maxResponseBytes: Int = 32 * 1024 * 1024
    /// Where its security actions are (`…/security/securityActions` is appended); by default the service
    /// root with a trailing `/v1.0` replaced by `/beta`, as securityActions exist only in Graph's beta.
    public var actionsUrl: String?

    public init(name: String, tenant: String, vendor: String, provider: String, url: String, tokenUrl: String? = nil,
                clientId: String? = nil, clientSecret: Secret? = nil, scope: String? = nil, timeoutSeconds: Double = 10,
                enabled: Bool = true)
    {
        self.name = name
        self.tenant = tenant
        self.vendor = vendor
        self.provider = provider
        self.url = url
        self.tokenUrl = tokenUrl
        self.clientId = clientId
        self.clientSecret = clientSecret
        self.scope = scope
        self.timeoutSeconds = timeoutSeconds
        self.enabled = enabled
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case name, tenant, vendor, provider, url, tokenUrl, clientId, clientSecret, clientSecretFile, scope,
             timeoutSeconds, enabled, maxResponseBytes, actionsUrl
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.decode(String.self, forKey: .name)
        tenant = try c.decode(String.self, forKey: .tenant)
        vendor = try c.decode(String.self, forKey: .vendor)
        provider = try c.decode(String.self, forKey: .provider)
        url = try c.decode(String.self, forKey: .url)
        tokenUrl = try c.decodeIfPresent(String.self, forKey: .tokenUrl)
        clientId = try c.decodeIfPresent(String.self, forKey: .clientId)
        clientSecret = try c.decodeIfPresent(Secret.self, forKey: .clientSecret)
        clientSecretFile = try c.decodeIfPresent(String.self, forKey: .clientSecretFile)
        scope = try c.decodeIfPresent(String.self, forKey: .scope)
        timeoutSeconds = try c.decodeIfPresent(Double.self, forKey: .timeoutSeconds) ?? 10
        enabled = try c.decodeIfPresent(Bool.self, forKey: .enabled) ?? true
        maxResponseBytes = try c.decodeIfPresent(Int.self, forKey: .maxResponseBytes) ?? 32 * 1024 * 1024
        actionsUrl = try c.decodeIfPresent(String.self, forKey: .actionsUrl)
    }

    /// Checks what can be checked without calling the provider.
    /// - Throws: `VigilError` naming the provider and the key at fault.
    public func validate() throws(VigilError) {
        func fail(_ message: String) -> VigilError { VigilError(.badRequest, "Provider '\(name)': \(message)") }
        guard !name.isEmpty, name != LocalAlertProvider.providerName else {
            throw fail("'name' must be set and must not be '\(LocalAlertProvider.providerName)'.")
        }
        guard let parsed = URL(string: url), ["http", "https"].contains(parsed.scheme?.lowercased() ?? ""),
              parsed.host != nil else {
            throw fail("'url' must be an http(s) URL, not '\(url)'.")
        }
        guard timeoutSeconds > 0, timeoutSeconds <= 300 else { throw fail("'timeoutSeconds' must be in (0, 300].") }
        guard maxResponseBytes >= 1024 else { throw fail("'maxResponseBytes' must be at least 1024.") }
        if tokenUrl != nil {
            guard clientId?.isEmpty == false else { throw fail("'tokenUrl' needs 'clientId'.") }
            guard clientSecret != nil || clientSecretFile != nil else {
                throw fail("'tokenUrl' needs 'clientSecret' or 'clientSecretFile'.")
            }
        }
        if clientSecret != nil, clientSecretFile != nil {
            throw fail("give 'clientSecret' or 'clientSecretFile', not both.")
        }
    }

    /// The client secret: literal, `${ENV}` reference, or file.
    /// - Throws: `VigilError` when the variable or file is missing.
    public func resolvedSecret(environment: [String: String] = ProcessInfo.processInfo.environment) throws(VigilError) -> Secret? {
        try Secret.resolve(clientSecret, file: clientSecretFile, owner: "Provider '\(name)'", environment: environment)
    }
}

/// Settings of the fan-out shared by all providers (`federation:` in the configuration file).
public struct FederationSettings: Sendable, Codable, Equatable {
    /// Most provider calls in flight at once across all requests.
    public var maxConcurrentCalls: Int = 64
    /// Consecutive failures after which a provider is skipped (503 warning) for `coolDownSeconds`.
    public var failureThreshold: Int = 5
    /// Seconds a failing provider is skipped before one probe call is let through.
    public var coolDownSeconds: Double = 30

    public init() {}

    enum CodingKeys: String, CodingKey, CaseIterable {
        case maxConcurrentCalls, failureThreshold, coolDownSeconds
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        maxConcurrentCalls = try c.decodeIfPresent(Int.self, forKey: .maxConcurrentCalls) ?? 64
        failureThreshold = try c.decodeIfPresent(Int.self, forKey: .failureThreshold) ?? 5
        coolDownSeconds = try c.decodeIfPresent(Double.self, forKey: .coolDownSeconds) ?? 30
    }
}

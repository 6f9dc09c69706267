import Foundation
import VigilCore
import VigilStorage

/// The `actions:` section of the configuration file.
public struct ActionSettings: Sendable, Codable, Equatable {
    /// Receivers (a SOAR, an EDR's glue) that carry out actions whose `vendorInformation` names them.
    public var webhooks: [ActionWebhookConfiguration] = []
    /// Seconds between looks at an action running at a remote provider.
    public var pollIntervalSeconds: Double = 5
    /// An action still not finished this long after it was requested fails ("gave up").
    public var giveUpAfterHours: Double = 24

    public init() {}

    public enum CodingKeys: String, CodingKey, CaseIterable {
        case webhooks, pollIntervalSeconds, giveUpAfterHours
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        webhooks = try c.decodeIfPresent([ActionWebhookConfiguration].self, forKey: .webhooks) ?? []
        pollIntervalSeconds = try c.decodeIfPresent(Double.self, forKey: .pollIntervalSeconds) ?? 5
        giveUpAfterHours = try c.decodeIfPresent(Double.self, forKey: .giveUpAfterHours) ?? 24
    }

    /// A description of the first invalid value, or `nil`.
    public var problem: String? {
        if !(pollIntervalSeconds > 0) { return "actions.pollIntervalSeconds must be more than 0." }
        if !(giveUpAfterHours > 0) { return "actions.giveUpAfterHours must be more than 0." }
        var names: Set<String> = []
        for hook in webhooks {
            if let problem = hook.problem { return problem }
            guard names.insert(hook.name).inserted else { return "actions.webhooks: two are named '\(hook.name)'." }
        }
        return nil
    }
}

/// One action webhook (`actions.webhooks[]`).
public struct ActionWebhookConfiguration: Sendable, Codable, Equatable {
    public var name: String
    /// Only this tenant's actions go to it (all tenants when absent).
    public var tenant: String?
    /// The `vendorInformation` actions name to go to it.
    public var vendor: String
    public var provider: String
    public var url: String
    /// Key of the `X-Vigil-Signature` HMAC header: literal or `${ENV}`.
    public var secret: Secret?
    /// Action names it carries out (any when absent).
    public var actions: [String]?
    public var timeoutSeconds: Double = 30
    /// Tries before the action fails (with backoff 2, 4, 8 … seconds between them).
    public var maxAttempts: Int = 5

    public init(name: String, tenant: String? = nil, vendor: String, provider: String, url: String, secret: Secret? = nil,
                actions: [String]? = nil, timeoutSeconds: Double = 30, maxAttempts: Int = 5)
    {
        self.name = name
        self.tenant = tenant
        self.vendor = vendor
        self.provider = provider
        self.url = url
        self.secret = secret
        self.actions = actions
        self.timeoutSeconds = timeoutSeconds
        self.maxAttempts = maxAttempts
    }

    public enum CodingKeys: String, CodingKey, CaseIterable {
        case name, tenant, vendor, provider, url, secret, actions, timeoutSeconds, maxAttempts
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.decode(String.self, forKey: .name)
        tenant = try c.decodeIfPresent(String.self, forKey: .tenant)
        vendor = try c.decode(String.self, forKey: .vendor)
        provider = try c.decode(String.self, forKey: .provider)
        url = try c.decode(String.self, forKey: .url)
        secret = try c.decodeIfPresent(Secret.self, forKey: .secret)
        actions = try c.decodeIfPresent([String].self, forKey: .actions)
        timeoutSeconds = try c.decodeIfPresent(Double.self, forKey: .timeoutSeconds) ?? 30
        maxAttempts = try c.decodeIfPresent(Int.self, forKey: .maxAttempts) ?? 5
    }

    var problem: String? {
        guard let parsed = URL(string: url), ["http", "https"].contains(parsed.scheme?.lowercased() ?? ""), parsed.host != nil else {
            return "Action webhook '\(name)': 'url' must be an http(s) URL."
        }
        if !(timeoutSeconds > 0 && timeoutSeconds <= 300) { return "Action webhook '\(name)': timeoutSeconds must be in (0, 300]." }
        if maxAttempts < 1 { return "Action webhook '\(name)': maxAttempts must be at least 1." }
        if vendor.lowercased() == BuiltInActionHandler.vendor.lowercased(), provider.lowercased() == BuiltInActionHandler.provider.lowercased() {
            return "Action webhook '\(name)': Vigil/Vigil is reserved for Vigil's own actions."
        }
        return nil
    }

    /// The signing key, with a `${ENV}` reference resolved.
    func resolvedSecret(environment: [String: String] = ProcessInfo.processInfo.environment) throws(VigilError) -> Secret? {
        try Secret.resolve(secret, owner: "Action webhook '\(name)'", environment: environment)
    }
}

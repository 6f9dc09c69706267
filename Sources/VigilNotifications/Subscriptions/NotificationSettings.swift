/// The `notifications:` section of the configuration file: webhook subscriptions and their delivery.
public struct NotificationSettings: Sendable, Codable, Equatable {
    /// Whether notification URLs may resolve to private (RFC 1918, unique-local, CGNAT) or loopback
    /// addresses. On by default so a local, zero-config setup works; turn it off on a server reachable from
    /// elsewhere. Link-local and cloud-metadata addresses are refused whatever this says.
    public var allowPrivateTargets: Bool = true
    /// Whether plain `http://` notification URLs are accepted (Graph requires HTTPS). On by default for the
    /// local setup.
    public var allowHTTP: Bool = true
    /// Whether a bare `security/alerts` resource (every alert of the tenant) is accepted; Graph refuses it as
    /// too wide, and so does Vigil unless this is on.
    public var allowUnfilteredAlerts: Bool = false
    /// How long failed notifications are retried before they are dead-lettered (Graph: about 4 hours; at
    /// most 168, a week).
    public var retryWindowHours: Double = 4
    /// The first retry delay; each later one doubles, up to `maxRetryDelaySeconds`, with ±20% jitter.
    public var initialRetryDelaySeconds: Double = 10
    public var maxRetryDelaySeconds: Double = 900
    /// How long a receiver has to answer a notification POST with a 2xx (Graph: 30 s).
    public var deliveryTimeoutSeconds: Double = 30
    /// How long a receiver has to answer the validation handshake (Graph: 10 s).
    public var validationTimeoutSeconds: Double = 10
    /// Most notifications in one POST (Graph batches up to 100).
    public var batchSize: Int = 100
    /// POSTs in flight at once across all receivers.
    public var maxConcurrentDeliveries: Int = 16

    public init() {}

    public enum CodingKeys: String, CodingKey, CaseIterable {
        case allowPrivateTargets, allowHTTP, allowUnfilteredAlerts, retryWindowHours, initialRetryDelaySeconds
        case maxRetryDelaySeconds, deliveryTimeoutSeconds, validationTimeoutSeconds, batchSize, maxConcurrentDeliveries
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let d = NotificationSettings()
        allowPrivateTargets = try c.decodeIfPresent(Bool.self, forKey: .allowPrivateTargets) ?? d.allowPrivateTargets
        allowHTTP = try c.decodeIfPresent(Bool.self, forKey: .allowHTTP) ?? d.allowHTTP
        allowUnfilteredAlerts = try c.decodeIfPresent(Bool.self, forKey: .allowUnfilteredAlerts) ?? d.allowUnfilteredAlerts
        retryWindowHours = try c.decodeIfPresent(Double.self, forKey: .retryWindowHours) ?? d.retryWindowHours
        initialRetryDelaySeconds = try c.decodeIfPresent(Double.self, forKey: .initialRetryDelaySeconds) ?? d.initialRetryDelaySeconds
        maxRetryDelaySeconds = try c.decodeIfPresent(Double.self, forKey: .maxRetryDelaySeconds) ?? d.maxRetryDelaySeconds
        deliveryTimeoutSeconds = try c.decodeIfPresent(Double.self, forKey: .deliveryTimeoutSeconds) ?? d.deliveryTimeoutSeconds
        validationTimeoutSeconds = try c.decodeIfPresent(Double.self, forKey: .validationTimeoutSeconds) ?? d.validationTimeoutSeconds
        batchSize = try c.decodeIfPresent(Int.self, forKey: .batchSize) ?? d.batchSize
        maxConcurrentDeliveries = try c.decodeIfPresent(Int.self, forKey: .maxConcurrentDeliveries) ?? d.maxConcurrentDeliveries
    }

    /// A description of the first invalid value, or `nil` when all are valid.
    public var problem: String? {
        if !(retryWindowHours > 0 && retryWindowHours <= 168) { return "notifications.retryWindowHours must be more than 0 and at most 168 (7 days)." }
        if !(initialRetryDelaySeconds > 0 && maxRetryDelaySeconds >= initialRetryDelaySeconds) {
            return "notifications.initialRetryDelaySeconds must be more than 0 and maxRetryDelaySeconds at least as large."
        }
        if !(deliveryTimeoutSeconds > 0 && validationTimeoutSeconds > 0) { return "notifications timeouts must be more than 0." }
        if !(1...100).contains(batchSize) { return "notifications.batchSize must be 1–100." }
        if maxConcurrentDeliveries < 1 { return "notifications.maxConcurrentDeliveries must be at least 1." }
        return nil
    }

    /// The retry schedule these settings describe.
    public var retryPolicy: RetryPolicy {
        RetryPolicy(initialDelay: initialRetryDelaySeconds, maxDelay: maxRetryDelaySeconds, window: retryWindowHours * 3600)
    }

    /// The target rules these settings describe.
    public var targetPolicy: TargetPolicy {
        TargetPolicy(allowPrivate: allowPrivateTargets, allowHTTP: allowHTTP)
    }
}

/// What Vigil measures itself for an automatic control. A control without a check is manual: it scores
/// from its latest `controlStateUpdates` state.
public enum ScoreCheck: Sendable, Equatable {
    /// Every enabled remote provider of the tenant answered its last call (a success recorded, no failure
    /// since). Not applicable to a tenant without remote providers.
    case providersHealthy
    /// The tenant has active indicators, and the newest of them was ingested within `maxAgeHours`.
    case indicatorFeedsFresh(maxAgeHours: Double)
    /// No alert of `severity` created more than `maxAgeHours` ago is still `newAlert`.
    case alertsTriaged(severity: String, maxAgeHours: Double)
    /// No webhook notification of the tenant was dead-lettered in the last `windowHours`, and none has
    /// been pending longer than `maxPendingMinutes`. Not applicable to a tenant without subscriptions.
    case webhooksDelivering(windowHours: Double, maxPendingMinutes: Double)
    /// Every SIEM exporter carrying the tenant's alerts (its own and those following every tenant) is at most
    /// `maxLag` changes behind the change feed and has had no error since its last success. Not applicable
    /// when no such exporter is configured.
    case exportersHealthy(maxLag: Int64)

    /// The `kind` naming the check in a catalog file.
    public var kind: String {
        switch self {
        case .providersHealthy: "providersHealthy"
        case .indicatorFeedsFresh: "indicatorFeedsFresh"
        case .alertsTriaged: "alertsTriaged"
        case .webhooksDelivering: "webhooksDelivering"
        case .exportersHealthy: "exportersHealthy"
        }
    }

    /// Every kind a catalog may name.
    public static let kinds = ["providersHealthy", "indicatorFeedsFresh", "alertsTriaged", "webhooksDelivering",
                               "exportersHealthy"]
}

import VigilCore

/// What happened to an alert, as change notifications name it.
public enum AlertChangeType: String, Sendable, CaseIterable, Codable {
    /// The alert was stored for the first time (ingested, raised by a detection).
    case created
    /// A stored alert changed: a PATCH, or a re-ingest whose content differs.
    case updated
}

/// One entry of the change feed: a change of one alert, numbered in commit order.
///
/// The feed is written in the same transaction as the change itself, so a change that was committed is
/// never missing from it; exporters and the notification outbox follow it by sequence number.
public struct AlertChange: Sendable, Equatable {
    /// Increases with every change across all tenants; never reused.
    public var sequence: Int64
    public var tenantId: String
    public var alertId: String
    /// `vendorInformation.provider` of the alert (with `alertId`, its key).
    public var provider: String
    public var changeType: AlertChangeType
    public var changedAt: DateTimeOffset

    public init(sequence: Int64, tenantId: String, alertId: String, provider: String, changeType: AlertChangeType,
                changedAt: DateTimeOffset)
    {
        self.sequence = sequence
        self.tenantId = tenantId
        self.alertId = alertId
        self.provider = provider
        self.changeType = changeType
        self.changedAt = changedAt
    }
}

/// A change with the alert as it is stored now (`nil` when it no longer exists).
public struct AlertChangeEntry: Sendable {
    public var change: AlertChange
    public var alert: StoredAlert?

    public init(change: AlertChange, alert: StoredAlert?) {
        self.change = change
        self.alert = alert
    }
}

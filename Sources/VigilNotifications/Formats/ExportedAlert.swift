import VigilCore
import VigilStorage

/// One alert on its way to a destination: the change of the feed that carries it and the alert as stored.
public struct ExportedAlert: Sendable {
    /// The change (sequence number, tenant, type, time).
    public var change: AlertChange
    /// The alert as it is stored now (with `@vigil.occurrenceCount`).
    public var alert: Alert

    public init(change: AlertChange, alert: Alert) {
        self.change = change
        self.alert = alert
    }

    /// The time the alert is about: `eventDateTime`, else `createdDateTime`, else the time of the change.
    public var eventTime: DateTimeOffset {
        alert.eventDateTime ?? alert.createdDateTime ?? change.changedAt
    }
}

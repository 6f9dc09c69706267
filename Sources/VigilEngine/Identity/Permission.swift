/// Permission names: Graph's application permissions and Vigil's own.
public enum Permission {
    public static let securityEventsRead = "SecurityEvents.Read.All"
    public static let securityEventsReadWrite = "SecurityEvents.ReadWrite.All"
    public static let threatIndicators = "ThreatIndicators.ReadWrite.OwnedBy"
    public static let securityActionsRead = "SecurityActions.Read.All"
    public static let securityActionsReadWrite = "SecurityActions.ReadWrite.All"
    /// Push data into Vigil (`/ingest/...`).
    public static let ingest = "Vigil.Ingest"
    /// Everything.
    public static let admin = "Vigil.Admin"

    /// Every permission an app can be granted.
    public static let all = [securityEventsRead, securityEventsReadWrite, threatIndicators, securityActionsRead,
                             securityActionsReadWrite, ingest, admin]
}

import Foundation
import VigilCore
import VigilDetection

/// The alert Vigil raises when an event matches an indicator with action `alert`.
enum ThreatIntelAlert {
    static let vendor = "Vigil"
    static let provider = "Vigil Threat Intelligence"

    /// An alert naming the indicator, the matched observable and the source event. Its id is derived from
    /// the indicator, the observable and the event, so the same event re-sent does not raise a new alert.
    static func make(match: IndicatorMatch, indicator: TiIndicator?, event: SecurityEvent, eventKey: String,
                     tenantId: String, now: DateTimeOffset) -> Alert {
        var alert = Alert()
        let o = match.observable
        alert.id = "ti-" + stableDigest("\(match.indicatorId)|\(o.kind.rawValue)|\(o.value)|\(eventKey)")
        alert.title = "Threat indicator match: \(o.kind.rawValue) \(o.value)"
        var description = "The \(event.source) \(event.type) event's \(o.field) (\(o.value)) matches threat indicator \(match.indicatorId)"
        if let text = indicator?.description { description += " (\(text))" }
        alert.description = description + "."
        alert.category = indicator?.threatType ?? "ThreatIntelligence"
        alert.severity = AlertSeverity(rawValue: severity(indicator?.severity))
        alert.status = AlertStatus(rawValue: "newAlert")
        alert.eventDateTime = event.time ?? now
        alert.createdDateTime = now
        alert.lastModifiedDateTime = now
        alert.azureTenantId = tenantId
        alert.confidence = indicator?.confidence
        alert.detectionIds = [match.indicatorId]
        alert.sourceMaterials = ["\(event.source):\(event.type):\(eventKey)"]
        alert.tags = ["threat-intelligence"] + (indicator?.tags ?? [])
        if let families = indicator?.malwareFamilyNames, !families.isEmpty {
            var state = MalwareState()
            state.name = families[0]
            alert.malwareStates = [state]
        }
        var vendorInformation = SecurityVendorInformation()
        vendorInformation.vendor = vendor
        vendorInformation.provider = provider
        alert.vendorInformation = vendorInformation
        return alert
    }

    /// tiIndicator severity 0–5 → alert severity.
    static func severity(_ value: Int32?) -> String {
        switch value ?? 3 {
        case ...0: "informational"
        case 1, 2: "low"
        case 3: "medium"
        default: "high"
        }
    }

    /// A short, stable hex digest (FNV-1a, 64 bits): identifies, does not protect.
    static func stableDigest(_ text: String) -> String {
        StableHash.hex16(StableHash.fnv1a64(text.utf8))
    }
}

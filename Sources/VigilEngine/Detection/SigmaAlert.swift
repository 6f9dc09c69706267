import VigilCore
import VigilDetection

/// The Graph alert Vigil raises when a Sigma rule matches an event.
///
/// Its id comes from the rule id and the event's identity (see `eventKey(_:)`), so the same rule never
/// raises two alerts for the same event: a re-sent event updates the alert and counts an occurrence.
enum SigmaAlert {
    static let vendor = "Sigma"
    static let provider = "Vigil Detections"

    /// The alert for a match.
    static func make(rule: SigmaRule, event: SecurityEvent, sigmaEvent: SigmaEvent, eventKey: String,
                     tenantId: String, now: DateTimeOffset) -> Alert {
        var alert = Alert()
        alert.id = "sigma-" + ThreatIntelAlert.stableDigest("\(rule.id)|\(eventKey)")
        alert.title = rule.title
        var description = rule.description?.trimmingTrailingWhitespace ?? rule.title
        if !rule.falsePositives.isEmpty { description += " False positives: \(rule.falsePositives.joined(separator: "; "))." }
        alert.description = description
        alert.severity = AlertSeverity(rawValue: severity(rule.level))
        alert.status = .newAlert
        alert.category = category(rule)
        alert.eventDateTime = event.time ?? now
        alert.createdDateTime = now
        alert.lastModifiedDateTime = now
        alert.azureTenantId = tenantId
        alert.detectionIds = [rule.id]
        var detection = AlertDetection()
        detection.detectionType = "Sigma"
        detection.method = rule.status
        detection.name = rule.title
        alert.alertDetections = [detection]
        alert.tags = ["sigma"] + rule.attackTechniques + rule.attackTactics.map { "attack.\($0)" }
        alert.sourceMaterials = ["\(event.source):\(event.type):\(eventKey)"] + rule.references
        SigmaAlertEntities.fill(&alert, from: sigmaEvent)
        var vendorInformation = SecurityVendorInformation()
        vendorInformation.vendor = vendor
        vendorInformation.provider = provider
        alert.vendorInformation = vendorInformation
        return alert
    }

    /// Sigma level → alert severity; `critical` is `high` (the legacy alert has no higher severity).
    static func severity(_ level: SigmaLevel?) -> String {
        switch level {
        case .informational: "informational"
        case .low: "low"
        case .medium, nil: "medium"
        case .high, .critical: "high"
        }
    }

    /// The first ATT&CK tactic in Graph's spelling (`defense-evasion` → `DefenseEvasion`), else the log
    /// source category or service, else `Sigma`.
    static func category(_ rule: SigmaRule) -> String {
        if let tactic = rule.attackTactics.first {
            return tactic.split(whereSeparator: { $0 == "-" || $0 == "_" }).map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
        }
        return rule.logSource.category ?? rule.logSource.service ?? "Sigma"
    }

    /// What identifies an event: computer, channel and record id for a Windows event that has them, else a
    /// digest of the event's JSON (keys sorted, so the same event always gives the same key).
    static func eventKey(_ event: SecurityEvent, _ sigmaEvent: SigmaEvent) -> String {
        if let record = sigmaEvent.text("EventRecordID"), let channel = sigmaEvent.text("Channel") {
            return "\(sigmaEvent.text("Computer") ?? "")|\(channel)|\(record)"
        }
        return ThreatIntelAlert.stableDigest(JSONWriter.string(.object(event.fields)))
    }
}

private extension String {
    var trimmingTrailingWhitespace: String {
        var s = Substring(self)
        while let last = s.last, last.isWhitespace { s = s.dropLast() }
        return String(s)
    }
}

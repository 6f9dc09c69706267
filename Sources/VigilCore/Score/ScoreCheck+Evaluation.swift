/// The scoring rule of each check: pure functions of the facts observed.
extension ScoreCheck {
    /// How the control scores given what was observed at `now`.
    ///
    /// - `providersHealthy`: healthy ÷ enabled providers; excluded without providers.
    /// - `indicatorFeedsFresh`: 0 without active indicators, ½ when the newest is older than `maxAgeHours`,
    ///   else 1.
    /// - `alertsTriaged`: (due − untriaged) ÷ due; 1 when nothing is due.
    /// - `webhooksDelivering`: 1, less ½ for recent dead letters and ½ for stale pending notifications;
    ///   excluded without subscriptions or outbox entries.
    /// - `exportersHealthy`: healthy ÷ exporters (healthy: lag ≤ `maxLag` and not failing); excluded without
    ///   exporters.
    ///
    /// Facts of another check's kind score 0 (a collector bug made visible, never a silent pass).
    public func evaluate(_ facts: ScoreFacts, now: DateTimeOffset) -> ScoreOutcome {
        switch (self, facts) {
        case (.providersHealthy, .providers(let providers)):
            guard !providers.isEmpty else { return .excluded("The tenant has no enabled remote providers.") }
            let unhealthy = providers.filter { !$0.healthy }.map(\.name).sorted()
            let healthy = providers.count - unhealthy.count
            var detail = "\(healthy) of \(providers.count) remote providers healthy."
            if !unhealthy.isEmpty { detail += " Not healthy: \(unhealthy.joined(separator: ", "))." }
            return .scored(Double(healthy) / Double(providers.count), detail)

        case (.indicatorFeedsFresh(let maxAgeHours), .indicators(let active, let newest)):
            guard active > 0 else { return .scored(0, "No active threat indicators.") }
            let limit = now.adding(seconds: -Int64(maxAgeHours * 3600))
            guard let newest, newest >= limit else {
                let when = newest.map { "on \($0.iso8601)" } ?? "at an unknown time"
                return .scored(0.5, "\(active) active indicators; the newest was ingested \(when), more than \(Self.hours(maxAgeHours)) ago.")
            }
            return .scored(1, "\(active) active indicators; the newest was ingested on \(newest.iso8601).")

        case (.alertsTriaged(let severity, let maxAgeHours), .alerts(let due, let untriaged)):
            guard due > 0, untriaged > 0 else {
                return .scored(1, "No \(severity)-severity alert older than \(Self.hours(maxAgeHours)) is left newAlert (\(due) such alerts).")
            }
            return .scored(Double(due - min(due, untriaged)) / Double(due),
                           "\(untriaged) of \(due) \(severity)-severity alerts older than \(Self.hours(maxAgeHours)) are still newAlert.")

        case (.webhooksDelivering(let windowHours, let maxPendingMinutes),
              .webhooks(let subscriptions, let dead, let stale)):
            guard subscriptions > 0 || dead > 0 || stale > 0 else {
                return .excluded("The tenant has no subscriptions.")
            }
            var fraction = 1.0
            var problems: [String] = []
            if dead > 0 {
                fraction -= 0.5
                problems.append("\(dead) notifications dead-lettered in the last \(Self.hours(windowHours))")
            }
            if stale > 0 {
                fraction -= 0.5
                problems.append("\(stale) notifications pending for more than \(Self.number(maxPendingMinutes)) minutes")
            }
            let detail = problems.isEmpty
                ? "\(subscriptions) subscriptions delivering: no dead letters in the last \(Self.hours(windowHours)), nothing pending for long."
                : problems.joined(separator: "; ") + "."
            return .scored(fraction, detail)

        case (.exportersHealthy(let maxLag), .exporters(let exporters)):
            guard !exporters.isEmpty else { return .excluded("No SIEM exporter carries the tenant's alerts.") }
            let bad = exporters.filter { $0.failing || $0.lag > maxLag }.sorted { $0.name < $1.name }
            var detail = "\(exporters.count - bad.count) of \(exporters.count) exporters current and without errors."
            if !bad.isEmpty {
                detail += " " + bad.map { "\($0.name): \($0.failing ? "failing, " : "")\($0.lag) behind" }
                    .joined(separator: "; ") + "."
            }
            return .scored(Double(exporters.count - bad.count) / Double(exporters.count), detail)

        default:
            return .scored(0, "No observations of the kind this check needs were collected.")
        }
    }

    static func number(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(value)
    }

    static func hours(_ value: Double) -> String { "\(number(value)) hours" }
}

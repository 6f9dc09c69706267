import VigilCore

/// An alert store in memory, for tests: the same contract as the SQLite store, evaluated with the
/// in-memory OData evaluator.
public actor InMemoryAlertRepository: AlertRepository {
    private struct Key: Hashable {
        var tenantId: String
        var provider: String
        var id: String
    }

    private var alerts: [Key: (alert: Alert, count: Int)] = [:]

    public init() {}

    public func ingest(tenantId: String, alerts incoming: [Alert], at now: DateTimeOffset) async throws -> [IngestOutcome] {
        incoming.map { alert in
            let key = Key(tenantId: tenantId, provider: alert.vendorInformation?.provider ?? "", id: alert.id ?? "")
            var stored = alert
            stored.passthrough.properties = stored.passthrough.properties.filter { !$0.key.hasPrefix("@vigil.") }
            if let existing = alerts[key] {
                if stored.historyStates == nil { stored.historyStates = existing.alert.historyStates }
                alerts[key] = (stored, existing.count + 1)
                return .updated(id: key.id, occurrenceCount: existing.count + 1)
            }
            alerts[key] = (stored, 1)
            return .created(id: key.id)
        }
    }

    private func annotated(_ entry: (alert: Alert, count: Int)) -> Alert {
        var alert = entry.alert
        alert.passthrough.properties[AlertRecord.occurrenceCountAnnotation] = .int(Int64(entry.count))
        return alert
    }

    public func alert(tenantId: String, id: String) async throws -> Alert? {
        alerts.filter { $0.key.tenantId == tenantId && $0.key.id == id }
            .min { $0.key.provider < $1.key.provider }
            .map { annotated($0.value) }
    }

    public func list(tenantId: String, request: AlertListRequest) async throws -> AlertPage {
        var matching = alerts.filter { $0.key.tenantId == tenantId }.map { annotated($0.value) }
        if let filter = request.filter { matching = filter.filter(matching) }
        var query = ODataQuery<Alert>()
        query.orderBy = request.orderBy
        let sorted = query.evaluate(matching).enumerated().sorted { a, b in
            // `evaluate` breaks ties by id; providers break ties of equal ids, as in SQL.
            if a.element.id == b.element.id, keysEqual(a.element, b.element, request.orderBy) {
                return (a.element.vendorInformation?.provider ?? "") < (b.element.vendorInformation?.provider ?? "")
            }
            return a.offset < b.offset
        }.map(\.element)
        let start = min(request.cursor?.offset ?? request.skip, sorted.count)
        let end = min(start + request.top, sorted.count)
        let page = Array(sorted[start..<end])
        var next: PageCursor?
        if end < sorted.count, let last = page.last {
            next = PageCursor(tenantId: tenantId, query: request.queryDigest, keys: [], id: last.id ?? "",
                              provider: last.vendorInformation?.provider ?? "", offset: end)
        }
        let items = page.map { alert -> StoredAlert in
            var count = 1
            if case .int(let n)? = alert.passthrough.properties[AlertRecord.occurrenceCountAnnotation] { count = Int(n) }
            return StoredAlert(alert, occurrenceCount: count)
        }
        return AlertPage(items: items, next: next, totalCount: request.count ? sorted.count : nil)
    }

    private func keysEqual(_ a: Alert, _ b: Alert, _ orderBy: [OrderByItem]) -> Bool {
        orderBy.allSatisfy { item in
            let read = ODataPredicate<Alert>.reader(for: item.path)
            return ODataQuery<Alert>.sortOrder(read(a), read(b), path: item.path) == 0
        }
    }

    public func update(tenantId: String, id: String, provider: String?,
                       _ change: @Sendable (inout Alert) throws -> Void) async throws -> Alert?
    {
        guard let key = alerts.keys.filter({ $0.tenantId == tenantId && $0.id == id && (provider == nil || $0.provider == provider) })
            .min(by: { $0.provider < $1.provider }), let entry = alerts[key] else { return nil }
        var alert = entry.alert
        try change(&alert)
        alert.passthrough.properties = alert.passthrough.properties.filter { !$0.key.hasPrefix("@vigil.") }
        alerts[key] = (alert, entry.count)
        return annotated((alert, entry.count))
    }

    public func count(tenantId: String?) async throws -> Int {
        tenantId.map { t in alerts.keys.filter { $0.tenantId == t }.count } ?? alerts.count
    }
}

import VigilCore
import VigilStorage

/// The local alert store as a provider: it always takes part in a tenant's fan-out.
public struct LocalAlertProvider: AlertProvider {
    /// The reserved name of the local store among providers.
    public static let providerName = "local"

    let alerts: any AlertRepository
    public var name: String { Self.providerName }
    public var vendor: String { "Vigil" }
    public var provider: String { "Vigil" }
    public var timeout: Duration { .seconds(60) }

    public init(alerts: any AlertRepository) {
        self.alerts = alerts
    }

    public func listAlerts(tenantId: String, query: ProviderQuery, continuation: String?) async throws -> ProviderPage {
        let digest = PageCursor.queryDigest(filter: query.odata.filterText, orderBy: query.odata.orderBy)
        let cursor = try continuation.map { token throws(VigilError) in
            try PageCursor.decode(token, tenantId: tenantId, query: digest)
        }
        let page = try await alerts.list(
            tenantId: tenantId,
            request: AlertListRequest(filter: query.odata.filter, orderBy: query.odata.orderBy, top: query.top,
                                      skip: query.skip, count: query.odata.count && cursor == nil, cursor: cursor,
                                      queryDigest: digest))
        return ProviderPage(items: page.items.map { .stored($0) }, continuation: page.next?.token, count: page.totalCount)
    }

    public func alert(tenantId: String, id: String) async throws -> ProviderItem? {
        try await alerts.alert(tenantId: tenantId, id: id).map { .alert($0) }
    }

    public func updateAlert(tenantId: String, id: String, change: AlertUpdate) async throws -> Alert? {
        let notFound = VigilError(.notFound, "No alert with id '\(id)' from \(change.vendor)/\(change.provider) was found.")
        return try await alerts.update(tenantId: tenantId, id: id, provider: change.provider) { alert in
            guard alert.vendorInformation?.vendor == change.vendor else { throw notFound }
            change.apply(to: &alert)
        }
    }
}

extension AlertUpdate {
    /// Applies the change to a stored alert and appends the history entry stamped from the caller.
    public func apply(to alert: inout Alert) {
        let v = values
        func set<T>(_ name: String, _ keyPath: WritableKeyPath<Alert, T?>) {
            guard present.contains(name) else { return }
            alert[keyPath: keyPath] = v[keyPath: keyPath]
            if v[keyPath: keyPath] == nil { alert.passthrough.explicitNulls.insert(name) }
        }
        set("assignedTo", \.assignedTo)
        set("closedDateTime", \.closedDateTime)
        set("comments", \.comments)
        set("feedback", \.feedback)
        set("status", \.status)
        set("tags", \.tags)
        if let status = alert.status, let canonical = AlertStatus.schema.canonicalName(status.rawValue) {
            alert.status = AlertStatus(rawValue: canonical)
        }
        var entry = AlertHistoryState()
        entry.appId = caller.appId
        entry.user = caller.user
        entry.updatedDateTime = at
        entry.assignedTo = alert.assignedTo
        entry.status = alert.status
        entry.feedback = alert.feedback
        entry.comments = alert.comments
        alert.historyStates = (alert.historyStates ?? []) + [entry]
        alert.lastModifiedDateTime = at
    }
}

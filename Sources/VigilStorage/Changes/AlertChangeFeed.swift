import VigilCore

/// The alert change feed: every created or changed alert, in commit order, for consumers that keep their
/// own cursor (SIEM exporters). Reading never changes the feed.
public protocol AlertChangeFeed: Sendable {
    /// Changes with a sequence number greater than `after`, oldest first.
    ///
    /// - Parameters:
    ///   - tenantId: only this tenant's changes, or every tenant's when `nil`.
    ///   - after: the last sequence number already consumed (0 to start at the beginning).
    ///   - limit: at most this many entries.
    /// - Returns: the changes with each alert's current stored JSON.
    func changes(tenantId: String?, after: Int64, limit: Int) async throws -> [AlertChangeEntry]

    /// The newest sequence number (0 when the feed is empty), for lag reporting.
    func lastSequence(tenantId: String?) async throws -> Int64
}

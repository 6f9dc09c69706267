import VigilCore
import VigilStorage

/// What one read of the change feed gives an exporter: the alerts to send, and how far the cursor moves
/// once they are accepted. Pure.
public struct ExportBatch: Sendable {
    /// The alerts to send, in feed order.
    public var items: [ExportedAlert]
    /// The sequence number of the last change read (the cursor after the batch), including changes that
    /// were skipped.
    public var lastSequence: Int64
    /// Changes whose alert no longer exists.
    public var gone: Int
    /// Changes the filter did not match.
    public var filteredOut: Int
    /// Alerts whose stored JSON could not be read (reported in `lastError`, then skipped: they can never
    /// be sent, and holding the cursor on them would stop every later change).
    public var unreadable: [String]

    /// Sorts the entries of one feed read.
    /// - Parameters:
    ///   - entries: the entries, oldest first (not empty).
    ///   - filter: the exporter's compiled `$filter`, if any.
    public init(entries: [AlertChangeEntry], filter: ODataPredicate<Alert>?) {
        items = []
        items.reserveCapacity(entries.count)
        lastSequence = entries.last?.change.sequence ?? 0
        gone = 0
        filteredOut = 0
        unreadable = []
        for entry in entries {
            guard let stored = entry.alert else {
                gone += 1
                continue
            }
            let alert: Alert
            do {
                alert = try stored.decode()
            } catch {
                unreadable.append("alert '\(entry.change.alertId)' of tenant \(entry.change.tenantId) (change \(entry.change.sequence)): \(error.message)")
                continue
            }
            if let filter, !filter.matches(alert) {
                filteredOut += 1
                continue
            }
            items.append(ExportedAlert(change: entry.change, alert: alert))
        }
    }
}

extension ExporterState {
    /// The state after a batch was accepted: the cursor at its end, its alerts counted, and — when it sent
    /// any — the time of success.
    public mutating func accepted(_ batch: ExportBatch, at now: DateTimeOffset) {
        cursor = max(cursor, batch.lastSequence)
        exported += Int64(batch.items.count)
        if !batch.items.isEmpty { lastSuccessAt = now }
        if !batch.unreadable.isEmpty {
            failed("skipped \(batch.unreadable.count) unreadable alert(s): " + batch.unreadable.joined(separator: "; "), at: now)
        }
    }

    /// The state after a failure: the message and its time (the cursor stays).
    public mutating func failed(_ message: String, at now: DateTimeOffset) {
        lastError = String(message.prefix(1000))
        lastErrorAt = now
    }
}

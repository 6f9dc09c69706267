import Foundation
import VigilCore

/// Reads an ingestion request body into alerts: `{"value":[...]}`, a JSON array, one object, or NDJSON.
/// Malformed NDJSON lines and invalid alerts are rejected one by one with a reason; the rest go on.
/// Large batches are parsed and checked on all cores.
public enum AlertIngestion {
    /// The outcome of reading one batch.
    public struct Batch: Sendable {
        /// Alerts to store, with their position in the request and, when the request's own bytes can be
        /// stored as they are, the JSON to store (see `Alert.storedBody`).
        public var accepted: [(index: Int, alert: Alert, body: [UInt8]?)] = []
        /// Items rejected before storage, with the reason.
        public var rejected: [(index: Int, id: String?, reason: String)] = []
    }

    /// The longest NDJSON line read by default (`ingest.maxLineBytes`).
    public static let defaultMaxLineBytes = 1024 * 1024

    /// Reads and checks a request body.
    /// - Parameter maxLineBytes: an NDJSON line longer than this is rejected on its own, unparsed.
    /// - Throws: `VigilError` — 400 for a body that is malformed as a whole, 413 beyond `maxItems`.
    public static func read(_ bytes: [UInt8], tenantId: String, now: DateTimeOffset, maxItems: Int,
                            maxLineBytes: Int = defaultMaxLineBytes) async throws(VigilError) -> Batch {
        let items = try split(bytes)
        guard items.count <= maxItems else {
            throw VigilError(.payloadTooLarge, "A request may carry at most \(maxItems) alerts; this one has \(items.count).")
        }
        // Checked in chunks of 64 so each task's batch of results is appended at once.
        let chunks = stride(from: 0, to: items.count, by: 64).map { Array(items[$0..<min($0 + 64, items.count)]) }
        var batch = Batch()
        for part in await chunks.concurrentMap(parallelFrom: 4, {
            check($0, tenantId: tenantId, now: now, maxLineBytes: maxLineBytes)
        }) {
            batch.accepted += part.accepted
            batch.rejected += part.rejected
        }
        return batch
    }

    static func split(_ bytes: [UInt8]) throws(VigilError) -> [AlertDocument.Item] {
        let items = try AlertDocument.items(bytes)
        if items.isEmpty { throw VigilError(.badRequest, "The request body has no alerts.") }
        return items
    }

    static func check(_ items: [AlertDocument.Item], tenantId: String, now: DateTimeOffset,
                      maxLineBytes: Int = defaultMaxLineBytes) -> Batch {
        var batch = Batch()
        batch.accepted.reserveCapacity(items.count)
        for item in items {
            let index = item.index
            let value: JSONValue
            var line: ArraySlice<UInt8>?
            var repeatedNames = false
            do throws(VigilError) {
                if case .line(_, let number, let bytes) = item {
                    guard bytes.count <= maxLineBytes else {
                        throw VigilError(.badRequest,
                                         "Line \(number): the line is \(bytes.count) bytes, over the limit of \(maxLineBytes) bytes per line (ingest.maxLineBytes); it was not read.")
                    }
                    do {
                        (value, repeatedNames) = try JSONParser.parseCheckingNames(bytes)
                    } catch {
                        throw VigilError(.badRequest, "Line \(number): \(error.message)")
                    }
                    line = bytes
                } else {
                    value = try item.parsed()
                }
            } catch {
                batch.rejected.append((index, nil, error.message))
                continue
            }
            guard case .object(let object) = value else {
                batch.rejected.append((index, nil, "the item is a JSON \(value.kindName), not an alert object"))
                continue
            }
            var alert = Alert(jsonObject: object)
            if let problem = alert.ingestionProblem {
                batch.rejected.append((index, alert.id, problem))
                continue
            }
            // Which properties ingestion fills (only these four: no copy of the whole alert).
            let missing = (tenant: alert.azureTenantId == nil, created: alert.createdDateTime == nil,
                           event: alert.eventDateTime == nil, modified: alert.lastModifiedDateTime == nil)
            alert.fillIngestionDefaults(tenantId: tenantId, now: now)
            var body: [UInt8]?
            // The line is stored as sent only when the model would write the same members back.
            if let line, Alert.graphSchema.spellsEnumerationsCanonically(object) {
                var filled: [(String, JSONValue)] = []
                if missing.tenant { filled.append(("azureTenantId", .string(tenantId))) }
                if missing.created, let d = alert.createdDateTime { filled.append(("createdDateTime", .string(d.iso8601))) }
                if missing.event, let d = alert.eventDateTime { filled.append(("eventDateTime", .string(d.iso8601))) }
                if missing.modified, let d = alert.lastModifiedDateTime { filled.append(("lastModifiedDateTime", .string(d.iso8601))) }
                body = Alert.storedBody(line: line, repeatedNames: repeatedNames, filled: filled)
            }
            batch.accepted.append((index, alert, body))
        }
        return batch
    }
}

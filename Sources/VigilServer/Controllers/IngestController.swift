import Hummingbird
import VigilCore
import VigilStorage

/// `POST /ingest/alerts`: providers push Graph-schema alerts (`{"value":[...]}` or NDJSON). Good items are
/// stored even when others are bad; the answer comes after the batch is committed.
struct IngestController {
    let services: VigilServices

    func addRoutes(to group: RouterGroup<VigilRequestContext>) {
        group.post("ingest/alerts", use: ingest)
    }

    /// The outcome of reading one batch: the alerts to store and the items rejected before storage.
    struct Batch {
        var accepted: [(index: Int, alert: Alert)] = []
        var rejected: [(index: Int, id: String?, reason: String)] = []
    }

    /// Splits a body into items and checks each; malformed NDJSON lines are rejected one by one.
    static func read(_ bytes: [UInt8], tenantId: String, now: DateTimeOffset, maxItems: Int) throws(VigilError) -> Batch {
        var values: [(Int, Result<JSONValue, VigilError>)] = []
        if let first = bytes.first(where: { $0 != 32 && $0 != 9 && $0 != 10 && $0 != 13 }), first == UInt8(ascii: "{") || first == UInt8(ascii: "["),
           let whole = try? JSONParser.parse(bytes)
        {
            switch whole {
            case .object(let o):
                if case .array(let items)? = o["value"] {
                    values = items.enumerated().map { ($0.offset, .success($0.element)) }
                } else if o["value"] != nil {
                    throw VigilError(.badRequest, "'value' must be an array of alerts.", target: "value")
                } else {
                    values = [(0, .success(whole))]
                }
            case .array(let items):
                values = items.enumerated().map { ($0.offset, .success($0.element)) }
            default:
                throw VigilError(.badRequest, "Expected {\"value\": [...]} or NDJSON.")
            }
        } else {
            var index = 0
            for line in bytes.split(separator: 10, omittingEmptySubsequences: false) {
                if line.allSatisfy({ $0 == 32 || $0 == 9 || $0 == 13 }) { continue }
                values.append((index, Result { () throws(VigilError) -> JSONValue in try JSONParser.parse(line) }))
                index += 1
            }
            if values.count == 1, case .failure(let error) = values[0].1 { throw error }
        }
        guard values.count <= maxItems else {
            throw VigilError(.payloadTooLarge, "A request may carry at most \(maxItems) alerts; this one has \(values.count).")
        }
        var batch = Batch()
        for (index, result) in values {
            switch result {
            case .failure(let error):
                batch.rejected.append((index, nil, error.message))
            case .success(let value):
                guard case .object(let object) = value else {
                    batch.rejected.append((index, nil, "the item is a JSON \(value.kindName), not an alert object"))
                    continue
                }
                var alert = Alert(jsonObject: object)
                if let problem = alert.ingestionProblem {
                    batch.rejected.append((index, alert.id, problem))
                    continue
                }
                alert.fillIngestionDefaults(tenantId: tenantId, now: now)
                batch.accepted.append((index, alert))
            }
        }
        return batch
    }

    @Sendable func ingest(_ request: Request, context: VigilRequestContext) async throws -> Response {
        var request = request
        let caller = try context.caller()
        guard caller.has(anyOf: [Permission.ingest]) else {
            throw VigilError(.forbidden, "Missing permission: ingestion needs \(Permission.ingest).")
        }
        try request.requireJSONContentType(alsoAccepting: ["application/x-ndjson", "application/jsonl", "application/json-seq"])
        let limits = services.configuration.ingest
        let bytes = try await request.collectBody(limit: limits.maxBytes)
        let now = DateTimeOffset.now()
        let batch = try Self.read(bytes, tenantId: caller.tenantId, now: now, maxItems: limits.maxItems)
        let outcomes = try await services.alerts.ingest(tenantId: caller.tenantId, alerts: batch.accepted.map(\.alert), at: now)
        var created = 0, updated = 0
        for outcome in outcomes {
            if case .created = outcome { created += 1 } else { updated += 1 }
        }
        services.metrics.ingested.increment(by: Int64(outcomes.count))
        services.metrics.rejected.increment(by: Int64(batch.rejected.count))
        let errors: [JSONValue] = batch.rejected.map { item in
            ["index": .int(Int64(item.index)), "id": item.id.map(JSONValue.string) ?? .null, "reason": .string(item.reason)]
        }
        return GraphResponse.json([
            "created": .int(Int64(created)), "updated": .int(Int64(updated)), "rejected": .int(Int64(batch.rejected.count)),
            "errors": .array(errors),
        ])
    }
}

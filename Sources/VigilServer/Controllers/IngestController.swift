import Hummingbird
import VigilCore
import VigilStorage
import VigilEngine

/// `POST /ingest/alerts`: providers push Graph-schema alerts (`{"value":[...]}` or NDJSON). Good items are
/// stored even when others are bad; the answer comes after the batch is committed.
struct IngestController {
    let services: VigilServices

    func addRoutes(to group: RouterGroup<VigilRequestContext>) {
        group.post("ingest/alerts", use: ingest)
    }

    @Sendable func ingest(_ request: Request, context: VigilRequestContext) async throws -> Response {
        var request = request
        let caller = try context.caller()
        guard caller.has(anyOf: [Permission.ingest]) else {
            throw VigilError(.forbidden, "Missing permission: ingestion needs \(Permission.ingest).")
        }
        try await services.limiter.admit(tenantId: caller.tenantId, appId: caller.appId, resource: "ingest")
        try request.requireJSONContentType(alsoAccepting: ["application/x-ndjson", "application/jsonl", "application/json-seq"])
        let limits = services.configuration.ingest
        let bytes = try await request.collectBody(limit: limits.maxBytes)
        let now = DateTimeOffset.now()
        let batch = try await AlertIngestion.read(bytes, tenantId: caller.tenantId, now: now, maxItems: limits.maxItems,
                                                  maxLineBytes: limits.maxLineBytes)
        let accepted = batch.accepted.map(\.alert)
        let outcomes = try await services.alerts.ingest(tenantId: caller.tenantId, alerts: accepted,
                                                        bodies: batch.accepted.map(\.body), at: now)
        // Pushed alerts are checked against the tenant's indicators like every event.
        var matches = PipelineOutcome()
        let raised = try await services.pipeline.match(tenantId: caller.tenantId, events: [], alerts: accepted, now: now,
                                                       outcome: &matches)
        if !raised.isEmpty { _ = try await services.alerts.ingest(tenantId: caller.tenantId, alerts: raised, at: now) }
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
            "errors": .array(errors), "indicatorMatches": .int(Int64(matches.matches)),
            "indicatorAlerts": .int(Int64(raised.count)),
        ])
    }
}

import Foundation
import Hummingbird
import NIOCore
import VigilCore
import VigilDetection
import VigilStorage
import VigilEngine

/// `POST /ingest/{format}` for product formats (lines or NDJSON) through their connectors and the event
/// pipeline; `POST /ingest/events` for generic JSON events (Windows, Linux, web logs…) with log source hints; `GET /ingest/status` with the per-source counters; `GET /feeds/{blocklist|allowlist}` with the
/// values of active `block` / `allow` indicators for firewalls and DNS sinkholes.
struct IntakeController {
    let services: VigilServices

    func addRoutes(to group: RouterGroup<VigilRequestContext>) {
        for format in LogFormat.allCases {
            group.post("ingest/\(format.rawValue)") { request, context in try await intake(request, context, format: format) }
        }
        group.post("ingest/events") { request, context in try await events(request, context) }
        group.get("ingest/status") { _, context in try status(context) }
        for format in IndicatorImporter.formats {
            group.post("ingest/indicators/\(format)") { request, context in try await importIndicators(request, context, format: format) }
        }
        group.get("feeds/blocklist") { request, context in try await feed(request, context, action: "block") }
        group.get("feeds/allowlist") { request, context in try await feed(request, context, action: "allow") }
    }

    func intake(_ request: Request, _ context: VigilRequestContext, format: LogFormat) async throws -> Response {
        var request = request
        let caller = try context.caller()
        guard caller.has(anyOf: [Permission.ingest]) else {
            throw VigilError(.forbidden, "Missing permission: ingestion needs \(Permission.ingest).")
        }
        try await services.limiter.admit(tenantId: caller.tenantId, appId: caller.appId, resource: "ingest")
        let bytes = try await request.collectBody(limit: services.configuration.ingest.maxBytes)
        let path = try request.queryPairs().first { $0.name == "path" }?.value
        let records = await EventPipeline.read(format: format, body: bytes, path: path,
                                               maxLineBytes: services.configuration.ingest.maxLineBytes)
        guard records.count <= services.configuration.ingest.maxItems * 10 else {
            throw VigilError(.payloadTooLarge, "A request may carry at most \(services.configuration.ingest.maxItems * 10) records.")
        }
        let outcome = try await services.pipeline.process(tenantId: caller.tenantId, source: format.rawValue, records)
        return GraphResponse.json(outcome.json)
    }

    /// Generic JSON events (NDJSON, a JSON array, `{"value":[…]}` or concatenated objects): matched against
    /// indicators and evaluated by the Sigma rules. `?product= &category= &service=` name the events' log
    /// source when the events do not show it (Windows events do).
    func events(_ request: Request, _ context: VigilRequestContext) async throws -> Response {
        var request = request
        let caller = try context.caller()
        guard caller.has(anyOf: [Permission.ingest]) else {
            throw VigilError(.forbidden, "Missing permission: ingestion needs \(Permission.ingest).")
        }
        try await services.limiter.admit(tenantId: caller.tenantId, appId: caller.appId, resource: "ingest")
        let bytes = try await request.collectBody(limit: services.configuration.ingest.maxBytes)
        let options = Dictionary(try request.queryPairs().map { ($0.name, $0.value) }, uniquingKeysWith: { _, last in last })
        let hint = SigmaLogSource(product: options["product"], category: options["category"], service: options["service"])
        // One event may take at most ingest.maxLineBytes (an NDJSON line, or an object of an array).
        let records = GenericEventConnector.read(body: bytes, maxEventBytes: services.configuration.ingest.maxLineBytes)
        guard records.count <= services.configuration.ingest.maxItems * 10 else {
            throw VigilError(.payloadTooLarge, "A request may carry at most \(services.configuration.ingest.maxItems * 10) events.")
        }
        let outcome = try await services.pipeline.process(tenantId: caller.tenantId, source: GenericEventConnector.source, records,
                                                          logSource: hint == SigmaLogSource() ? nil : hint)
        return GraphResponse.json(outcome.json)
    }

    /// Imports a STIX bundle or MISP document as indicators owned by the caller. Query options set what the
    /// file does not say: `action`, `targetProduct`, `tlpLevel`, `threatType`, `validityDays`.
    func importIndicators(_ request: Request, _ context: VigilRequestContext, format: String) async throws -> Response {
        var request = request
        let caller = try context.caller()
        guard caller.has(anyOf: [Permission.threatIndicators]) else {
            throw VigilError(.forbidden, "Missing permission: importing indicators needs \(Permission.threatIndicators).")
        }
        try await services.limiter.admit(tenantId: caller.tenantId, appId: caller.appId, resource: "ingest")
        try request.requireJSONContentType()
        let bytes = try await request.collectBody(limit: services.configuration.ingest.maxBytes)
        let options = Dictionary(try request.queryPairs().map { ($0.name, $0.value) }, uniquingKeysWith: { _, last in last })
        let now = DateTimeOffset.now()
        var defaults = IndicatorImportDefaults(now: now)
        if let v = options["action"] { defaults.action = v }
        if let v = options["targetProduct"] { defaults.targetProduct = v }
        if let v = options["tlpLevel"] { defaults.tlpLevel = v }
        if let v = options["threatType"] { defaults.threatType = v }
        if let v = options["validityDays"] {
            guard let days = Int(v), days > 0 else {
                throw VigilError(.badRequest, "validityDays must be a positive number of days.", target: "validityDays")
            }
            defaults.validityDays = days
        }
        let (ready, skipped) = try IndicatorImporter.prepare(format: format, bytes: bytes, defaults: defaults,
                                                             tenantId: caller.tenantId)
        try await IndicatorImporter.store(ready, repository: services.indicators, tenantId: caller.tenantId,
                                          appId: caller.appId, now: now)
        await services.matcher.invalidate(tenantId: caller.tenantId)
        return GraphResponse.json(IndicatorImporter.Outcome(imported: ready.count, skipped: skipped).json)
    }

    func status(_ context: VigilRequestContext) throws -> Response {
        let caller = try context.caller()
        guard caller.has(anyOf: [Permission.ingest, Permission.securityEventsRead, Permission.securityEventsReadWrite]) else {
            throw VigilError(.forbidden, "Missing permission: the ingest status needs \(Permission.ingest) or SecurityEvents.Read.All.")
        }
        let sources = services.pipeline.status(tenantId: caller.tenantId).mapValues(\.json)
        return GraphResponse.json(["sources": .object(sources), "sigma": services.sigma.status])
    }

    func feed(_ request: Request, _ context: VigilRequestContext, action: String) async throws -> Response {
        let caller = try context.caller()
        guard caller.has(anyOf: [Permission.threatIndicators, Permission.securityEventsRead, Permission.securityEventsReadWrite]) else {
            throw VigilError(.forbidden, "Missing permission: feeds need \(Permission.threatIndicators) or SecurityEvents.Read.All.")
        }
        try await services.limiter.admit(tenantId: caller.tenantId, appId: caller.appId, resource: "feeds")
        let type = try request.queryPairs().first { $0.name == "type" }?.value ?? ""
        guard ["ip", "domain", "url", "hash"].contains(type) else {
            throw VigilError(.badRequest, "Give ?type=ip, domain, url or hash.", target: "type")
        }
        let values = try await Self.feedValues(services.indicators, tenantId: caller.tenantId, action: action, type: type,
                                               at: .now())
        let body = values.joined(separator: "\n") + (values.isEmpty ? "" : "\n")
        return Response(status: .ok, headers: [.contentType: "text/plain; charset=utf-8"],
                        body: ResponseBody(byteBuffer: ByteBuffer(string: body)))
    }

    /// The values of a feed: the tenant's indicators with `action` active at `now`, of one type, once each.
    static func feedValues(_ indicators: IndicatorRepository, tenantId: String, action: String, type: String,
                           at now: DateTimeOffset) async throws -> [String] {
        try await indicators.forEachActive(tenantId: tenantId, action: action, at: now,
                                           into: (values: [String](), seen: Set<String>())) { state, t in
            for pattern in IndexedIndicator.patterns(of: t).patterns {
                guard let value = Self.feedValue(pattern, type: type), state.seen.insert(value).inserted else { continue }
                state.values.append(value)
            }
        }.values
    }

    static func feedValue(_ pattern: IndicatorPattern, type: String) -> String? {
        switch (pattern, type) {
        case (.ipv4(let a, let p), "ip"):
            let text = "\(a >> 24).\(a >> 16 & 0xFF).\(a >> 8 & 0xFF).\(a & 0xFF)"
            return p == 32 ? text : "\(text)/\(p)"
        case (.ipv6(let h, let l, let p), "ip"):
            let groups = (0..<4).map { String(h >> (48 - 16 * UInt64($0)) & 0xFFFF, radix: 16) }
                + (0..<4).map { String(l >> (48 - 16 * UInt64($0)) & 0xFFFF, radix: 16) }
            let text = groups.joined(separator: ":")
            return p == 128 ? text : "\(text)/\(p)"
        case (.domain(let d), "domain"): return d
        case (.url(let u), "url"): return u
        case (.hash(_, let h), "hash"): return h
        default: return nil
        }
    }
}

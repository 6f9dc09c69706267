import Logging
import Foundation
import Synchronization
import VigilCore
import VigilDetection
import VigilStorage

/// What one batch from a source came to.
public struct PipelineOutcome: Sendable {
    public var records = 0
    public var events = 0
    /// Alerts the source itself raised (Suricata alerts, Zeek notices), stored.
    public var alerts = 0
    /// Observables that matched an active indicator.
    public var matches = 0
    /// Alerts raised for matches with action `alert`.
    public var indicatorAlerts = 0
    /// Alerts raised by Sigma rules (one per rule and event).
    public var sigmaAlerts = 0
    public var skipped = 0
    public var malformed = 0
    /// The first problems, with their line numbers.
    public var errors: [ConnectorError] = []

    public init() {}

    /// The JSON answer of an intake request.
    public var json: JSONValue {
        ["records": .int(Int64(records)), "events": .int(Int64(events)), "alerts": .int(Int64(alerts)),
         "matches": .int(Int64(matches)), "indicatorAlerts": .int(Int64(indicatorAlerts)),
         "sigmaAlerts": .int(Int64(sigmaAlerts)), "skipped": .int(Int64(skipped)), "malformed": .int(Int64(malformed)),
         "errors": .array(errors.map { ["line": $0.line.map { .int(Int64($0)) } ?? .null, "message": .string($0.message)] })]
    }
}

/// Takes what connectors read: stores the alerts sources raise, matches every event's and alert's
/// observables against the tenant's active indicators, raises an alert for each match with action `alert`,
/// evaluates the Sigma rules on every event (an alert per match), and counts everything per source. A malformed record is counted and reported, never stops the rest.
public final class EventPipeline: Sendable {
    let alerts: any AlertRepository
    let matcher: IndicatorMatcher
    let indicators: IndicatorRepository
    let sigma: SigmaEngine?
    let status = Mutex<[String: [String: SourceStatus]]>([:])
    /// Where the counters are kept across restarts (none in tests without a database).
    let statusStore: (any SourceStatusRepository)?
    let logger = Logger(label: "vigil.pipeline")
    static let reportedErrors = 100

    public init(alerts: any AlertRepository, matcher: IndicatorMatcher, indicators: IndicatorRepository,
                sigma: SigmaEngine? = nil, statusStore: (any SourceStatusRepository)? = nil) {
        self.alerts = alerts
        self.matcher = matcher
        self.indicators = indicators
        self.sigma = sigma
        self.statusStore = statusStore
    }

    /// Loads the counters saved by earlier runs, so they keep counting from there.
    public func restoreStatus() async throws {
        guard let statusStore else { return }
        let saved = try await statusStore.all()
        status.withLock { all in
            for entry in saved { all[entry.tenantId, default: [:]][entry.source] = SourceStatus(json: entry.status) }
        }
    }

    /// Reloads one source's counters from the store, so a replica that takes a source over from another
    /// (a tailed file whose holder died) continues the counts the other saved.
    public func restoreStatus(tenantId: String, source: String) async throws {
        guard let statusStore else { return }
        let saved = try await statusStore.all().first { $0.tenantId == tenantId && $0.source == source }
        status.withLock { all in
            all[tenantId, default: [:]][source] = saved.map { SourceStatus(json: $0.status) } ?? SourceStatus()
        }
    }

    /// Processes one batch of connector results from `source` for a tenant.
    /// - Parameter logSource: what the sender said the events are (product, category, service), for
    ///   choosing Sigma rules.
    public func process(tenantId: String, source: String, _ records: [Result<ConnectorRecord, ConnectorError>],
                        logSource: SigmaLogSource? = nil, now: DateTimeOffset = .now()) async throws -> PipelineOutcome {
        var outcome = PipelineOutcome()
        var sourceAlerts: [Alert] = []
        var events: [SecurityEvent] = []
        var skippedTypes: [String: Int] = [:]
        outcome.records = records.count
        for record in records {
            switch record {
            case .success(.alert(var alert)):
                if let problem = alert.ingestionProblem {
                    outcome.malformed += 1
                    if outcome.errors.count < Self.reportedErrors {
                        outcome.errors.append(ConnectorError(line: nil, "the mapped alert is not valid: \(problem)"))
                    }
                    continue
                }
                alert.fillIngestionDefaults(tenantId: tenantId, now: now)
                sourceAlerts.append(alert)
            case .success(.event(let event)):
                events.append(event)
            case .success(.skipped(let type)):
                outcome.skipped += 1
                skippedTypes[type, default: 0] += 1
            case .failure(let error):
                outcome.malformed += 1
                if outcome.errors.count < Self.reportedErrors { outcome.errors.append(error) }
            }
        }
        outcome.events = events.count
        outcome.alerts = sourceAlerts.count

        let raised = try await match(tenantId: tenantId, events: events, alerts: sourceAlerts, now: now, outcome: &outcome)
        let detected = await sigma?.alerts(for: events, hint: logSource, tenantId: tenantId, now: now) ?? []
        outcome.sigmaAlerts = detected.count
        let toStore = sourceAlerts + raised + detected
        if !toStore.isEmpty {
            _ = try await alerts.ingest(tenantId: tenantId, alerts: toStore, at: now)
        }
        await record(tenantId: tenantId, source: source, outcome: outcome, skippedTypes: skippedTypes, now: now)
        return outcome
    }

    /// Matches events and alerts; returns the alerts raised for matches with action `alert`.
    public func match(tenantId: String, events: [SecurityEvent], alerts: [Alert], now: DateTimeOffset,
               outcome: inout PipelineOutcome) async throws -> [Alert] {
        let indicators = try await matcher.index(tenantId: tenantId)
        guard indicators.index.count > 0 else { return [] }
        var hits: [(IndicatorMatch, SecurityEvent, String)] = []
        func check(_ observables: [Observable], event: SecurityEvent, key: () -> String) {
            for observable in observables {
                for m in indicators.index.matches(observable, at: now) {
                    outcome.matches += 1
                    if m.action == "alert" { hits.append((m, event, key())) }
                }
            }
        }
        for event in events {
            // The event's own digest identifies it in the raised alert's id (computed only on a match).
            check(event.observables, event: event, key: { ThreatIntelAlert.stableDigest(JSONWriter.string(.object(event.fields))) })
        }
        for alert in alerts {
            let observables = alert.observables
            guard !observables.isEmpty else { continue }
            let asEvent = SecurityEvent(source: alert.vendorInformation?.provider ?? "alert", type: "alert",
                                        time: alert.eventDateTime, fields: [:], observables: observables)
            check(observables, event: asEvent, key: { "\(alert.vendorInformation?.provider ?? "")/\(alert.id ?? "")" })
        }
        // Matches are rare: each indicator's details are read when one of its matches raises an alert.
        var details: [String: TiIndicator] = [:]
        var raised: [Alert] = []
        for (m, event, key) in hits {
            if details[m.indicatorId] == nil {
                details[m.indicatorId] = try await self.indicators.indicator(tenantId: tenantId, id: m.indicatorId)
            }
            raised.append(ThreatIntelAlert.make(match: m, indicator: details[m.indicatorId], event: event, eventKey: key,
                                                tenantId: tenantId, now: now))
        }
        outcome.indicatorAlerts = raised.count
        return raised
    }

    private func record(tenantId: String, source: String, outcome: PipelineOutcome, skippedTypes: [String: Int],
                        now: DateTimeOffset) async {
        let snapshot = status.withLock { all in
            var s = all[tenantId, default: [:]][source, default: SourceStatus()]
            s.records += outcome.records
            s.events += outcome.events
            s.alerts += outcome.alerts
            s.matches += outcome.matches
            s.sigmaAlerts += outcome.sigmaAlerts
            s.skipped += outcome.skipped
            s.malformed += outcome.malformed
            for (type, n) in skippedTypes { s.skippedTypes[type, default: 0] += n }
            if let last = outcome.errors.last {
                s.lastError = last.description
                s.lastErrorAt = now
            }
            s.lastRecordAt = now
            all[tenantId, default: [:]][source] = s
            return s
        }
        await persist(tenantId: tenantId, source: source, snapshot, now: now)
    }

    /// Saves one source's counters. A failure does not fail the intake (the records are stored); it is
    /// logged and shown as the source's `statusError` until a save works again.
    private func persist(tenantId: String, source: String, _ snapshot: SourceStatus, now: DateTimeOffset) async {
        guard let statusStore else { return }
        do {
            try await statusStore.save(tenantId: tenantId, source: source, status: snapshot.json, at: now)
            if snapshot.statusError != nil { change(tenantId: tenantId, source: source) { $0.statusError = nil } }
        } catch {
            logger.error("cannot save the counters of source \(source): \(error)")
            change(tenantId: tenantId, source: source) { $0.statusError = "cannot save the counters: \(error)" }
        }
    }

    private func change(tenantId: String, source: String, _ body: (inout SourceStatus) -> Void) {
        status.withLock { all in body(&all[tenantId, default: [:]][source, default: SourceStatus()]) }
    }

    /// Records that a batch of a source could not be stored (it will be tried again).
    public func recordFailure(tenantId: String, source: String, message: String, at now: DateTimeOffset = .now()) async {
        let snapshot = status.withLock { all in
            var s = all[tenantId, default: [:]][source, default: SourceStatus()]
            s.lastError = message
            s.lastErrorAt = now
            all[tenantId, default: [:]][source] = s
            return s
        }
        await persist(tenantId: tenantId, source: source, snapshot, now: now)
    }

    /// Records messages a source had to drop (its queue was full while the store refused batches).
    public func recordDropped(tenantId: String, source: String, count: Int, at now: DateTimeOffset = .now()) async {
        let snapshot = status.withLock { all in
            var s = all[tenantId, default: [:]][source, default: SourceStatus()]
            s.dropped += count
            s.lastError = "\(count) messages dropped: the queue was full while the store refused batches"
            s.lastErrorAt = now
            all[tenantId, default: [:]][source] = s
            return s
        }
        await persist(tenantId: tenantId, source: source, snapshot, now: now)
    }

    /// The per-source counters of a tenant.
    public func status(tenantId: String) -> [String: SourceStatus] {
        status.withLock { $0[tenantId] ?? [:] }
    }
}

extension EventPipeline {
    /// Reads a body of a product format into connector results, lines parsed on all cores: Suricata EVE
    /// (NDJSON), Zeek JSON (NDJSON; `path` names the log type when lines have no `_path`) or Zeek TSV (with
    /// its `#` headers), Wazuh `alerts.json` (NDJSON), CEF (one message per line, bare or in syslog).
    /// A line longer than `maxLineBytes` is reported as malformed on its own, unparsed.
    public static func read(format: LogFormat, body: [UInt8], path: String?,
                            maxLineBytes: Int = AlertIngestion.defaultMaxLineBytes) async -> [Result<ConnectorRecord, ConnectorError>] {
        if format.readsWhole(body) { return ZeekConnector.read(tsv: String(decoding: body, as: UTF8.self)) }
        return await Self.lines(body, maxLineBytes: maxLineBytes).concurrentMap {
            $0.tooLong ?? format.read(line: $0.bytes, lineNumber: $0.number, zeekPath: path)
        }
    }

    /// A non-blank line with its 1-based number.
    struct NumberedLine: Sendable {
        var number: Int
        var bytes: ArraySlice<UInt8>
        /// Set when the line is longer than allowed: what to report instead of reading it.
        var tooLong: Result<ConnectorRecord, ConnectorError>?
    }

    /// The non-blank lines of a body (`\n` or `\r\n` ends a line); a line over `maxLineBytes` carries its error.
    static func lines(_ body: [UInt8], maxLineBytes: Int = AlertIngestion.defaultMaxLineBytes) -> [NumberedLine] {
        var out: [NumberedLine] = []
        var start = 0
        var number = 1
        while start <= body.count {
            var end = start
            while end < body.count, body[end] != 0x0A { end += 1 }
            var last = end
            if last > start, body[last - 1] == 0x0D { last -= 1 }
            if body[start..<last].contains(where: { $0 != 0x20 && $0 != 0x09 }) {
                var line = NumberedLine(number: number, bytes: body[start..<last])
                if last - start > maxLineBytes {
                    line.tooLong = .failure(ConnectorError(line: number, "the line is \(last - start) bytes, over the limit of \(maxLineBytes) bytes per line (ingest.maxLineBytes); it was not read"))
                }
                out.append(line)
            }
            number += 1
            start = end + 1
        }
        return out
    }
}

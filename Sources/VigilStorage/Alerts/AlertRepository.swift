import VigilCore

/// What happened to one ingested alert.
public enum IngestOutcome: Sendable, Equatable {
    /// Stored for the first time.
    case created(id: String)
    /// Already known (same tenant, provider and source id): replaced, occurrence count incremented.
    case updated(id: String, occurrenceCount: Int)
}

/// A validated list request on the alert store.
public struct AlertListRequest: Sendable {
    /// The filter, if any.
    public var filter: ODataPredicate<Alert>?
    /// Sort keys before the id tie-breaker.
    public var orderBy: [OrderByItem]
    /// Page size.
    public var top: Int
    /// Rows to skip (first page only).
    public var skip: Int
    /// Whether to count all matches.
    public var count: Bool
    /// Where the previous page ended.
    public var cursor: PageCursor?
    /// The digest cursors of this query carry (`PageCursor.queryDigest`).
    public var queryDigest: String

    public init(filter: ODataPredicate<Alert>?, orderBy: [OrderByItem], top: Int, skip: Int = 0, count: Bool = false,
                cursor: PageCursor? = nil, queryDigest: String = "")
    {
        self.queryDigest = queryDigest
        self.filter = filter
        self.orderBy = orderBy
        self.top = top
        self.skip = skip
        self.count = count
        self.cursor = cursor
    }
}

/// An alert as stored: its JSON (without Vigil's annotations) and its occurrence count. Lists hand these
/// out so a response can copy the stored JSON instead of decoding and encoding every alert.
public struct StoredAlert: Sendable {
    /// The alert's JSON object, as written by `GraphObject.writeJSON`.
    public var body: [UInt8]
    /// How many times the alert was ingested.
    public var occurrenceCount: Int

    public init(body: [UInt8], occurrenceCount: Int) {
        self.body = body
        self.occurrenceCount = occurrenceCount
    }

    public init(_ alert: Alert, occurrenceCount: Int) {
        var stored = alert
        stored.passthrough.properties = stored.passthrough.properties.filter { !$0.key.hasPrefix("@vigil.") }
        var bytes: [UInt8] = []
        stored.writeJSON(to: &bytes)
        self.init(body: bytes, occurrenceCount: occurrenceCount)
    }

    /// The alert, with `@vigil.occurrenceCount`.
    public func decode() throws(VigilError) -> Alert {
        guard case .object(let object) = try JSONParser.parse(body) else {
            throw VigilError(.internalError, "A stored alert is not a JSON object.")
        }
        var alert = Alert(jsonObject: object)
        alert.passthrough.properties[AlertRecord.occurrenceCountAnnotation] = .int(Int64(occurrenceCount))
        return alert
    }

    /// Appends the alert's JSON with `@vigil.occurrenceCount` first, copying the stored bytes.
    public func writeAnnotated(to out: inout [UInt8]) {
        out.append(contentsOf: "{\"\(AlertRecord.occurrenceCountAnnotation)\":\(occurrenceCount)".utf8)
        if body.count > 2 {
            out.append(UInt8(ascii: ","))
            out.append(contentsOf: body[1...])
        } else {
            out.append(UInt8(ascii: "}"))
        }
    }
}

/// One page of alerts.
public struct AlertPage: Sendable {
    /// The alerts, in order.
    public var items: [StoredAlert]
    /// Where the next page starts, or `nil` on the last page.
    public var next: PageCursor?
    /// The number of all matching alerts, when asked for.
    public var totalCount: Int?

    public init(items: [StoredAlert], next: PageCursor?, totalCount: Int?) {
        self.items = items
        self.next = next
        self.totalCount = totalCount
    }

    /// The alerts, decoded.
    public func alerts() throws(VigilError) -> [Alert] {
        try items.map { item throws(VigilError) in try item.decode() }
    }
}

extension AlertRepository {
    /// Stores that write every alert from its model ignore the bodies.
    public func ingest(tenantId: String, alerts: [Alert], bodies: [[UInt8]?], at now: DateTimeOffset) async throws -> [IngestOutcome] {
        try await ingest(tenantId: tenantId, alerts: alerts, at: now)
    }
}

/// Storage of alerts, always scoped by tenant.
public protocol AlertRepository: Sendable {
    /// Upserts valid alerts (see `Alert.ingestionProblem`) in one transaction, keyed by tenant, provider and
    /// the source's id; returns one outcome per alert, in order, after the transaction committed.
    func ingest(tenantId: String, alerts: [Alert], at now: DateTimeOffset) async throws -> [IngestOutcome]

    /// The same as `ingest(tenantId:alerts:at:)`, with each alert's JSON to store when the caller already
    /// has it (`bodies[i]` for `alerts[i]`, `nil` to write it from the model). A store may ignore them.
    func ingest(tenantId: String, alerts: [Alert], bodies: [[UInt8]?], at now: DateTimeOffset) async throws -> [IngestOutcome]

    /// One alert by id (when two providers use the same id, the first provider by name).
    func alert(tenantId: String, id: String) async throws -> Alert?

    /// A page of alerts.
    func list(tenantId: String, request: AlertListRequest) async throws -> AlertPage

    /// Changes one alert in a transaction; `provider` narrows the id when given. Returns the updated alert,
    /// or `nil` when there is none.
    func update(tenantId: String, id: String, provider: String?,
                _ change: @Sendable (inout Alert) throws -> Void) async throws -> Alert?

    /// How many alerts a tenant has (all tenants when `nil`).
    func count(tenantId: String?) async throws -> Int
}

import VigilCore

/// An alert as stored: the indexed columns plus the full alert JSON. Pure mapping, no I/O.
public struct AlertRecord: Sendable, Equatable {
    public var tenantId: String
    public var provider: String
    public var id: String
    public var vendor: String
    public var severity: String?
    public var severityRank: Int?
    public var status: String?
    public var statusRank: Int?
    public var category: String?
    public var assignedTo: String?
    public var createdAt: String?
    public var eventAt: String?
    public var lastModifiedAt: String?
    public var occurrenceCount: Int
    public var ingestedAt: String
    /// The alert's JSON, without Vigil's instance annotations (they are derived from columns).
    public var body: String

    /// The instance annotation carrying how many times the same alert was ingested.
    public static let occurrenceCountAnnotation = "@vigil.occurrenceCount"

    /// Builds the record of an alert that has an `id` and `vendorInformation.provider`.
    ///
    /// - Parameter storedBody: the alert's JSON when the caller has it already (see `Alert.storedBody`);
    ///   otherwise the model is written.
    public init(tenantId: String, alert: Alert, occurrenceCount: Int = 1, ingestedAt: DateTimeOffset,
                storedBody: [UInt8]? = nil) {
        self.tenantId = tenantId
        provider = alert.vendorInformation?.provider ?? ""
        id = alert.id ?? ""
        vendor = alert.vendorInformation?.vendor ?? ""
        severity = alert.severity.map { Self.enumKey($0.rawValue) }
        severityRank = alert.severity.map { AlertSeverity.schema.rank(of: $0.rawValue) }
        status = alert.status.map { Self.enumKey($0.rawValue) }
        statusRank = alert.status.map { AlertStatus.schema.rank(of: $0.rawValue) }
        category = alert.category
        assignedTo = alert.assignedTo
        createdAt = alert.createdDateTime.map(Self.sortableDate)
        eventAt = alert.eventDateTime.map(Self.sortableDate)
        lastModifiedAt = alert.lastModifiedDateTime.map(Self.sortableDate)
        self.occurrenceCount = occurrenceCount
        self.ingestedAt = Self.sortableDate(ingestedAt)
        if let storedBody {
            body = String(decoding: storedBody, as: UTF8.self)
            return
        }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(2048)
        if alert.passthrough.properties.keys.contains(where: { $0.hasPrefix("@vigil.") }) {
            var stored = alert
            stored.passthrough.properties = stored.passthrough.properties.filter { !$0.key.hasPrefix("@vigil.") }
            stored.writeJSON(to: &bytes)
        } else {
            alert.writeJSON(to: &bytes)
        }
        body = String(decoding: bytes, as: UTF8.self)
    }

    /// Creates a record from its stored columns.
    public init(tenantId: String, provider: String, id: String, vendor: String, severity: String?,
                severityRank: Int?, status: String?, statusRank: Int?, category: String?, assignedTo: String?,
                createdAt: String?, eventAt: String?, lastModifiedAt: String?, occurrenceCount: Int,
                ingestedAt: String, body: String)
    {
        self.tenantId = tenantId
        self.provider = provider
        self.id = id
        self.vendor = vendor
        self.severity = severity
        self.severityRank = severityRank
        self.status = status
        self.statusRank = statusRank
        self.category = category
        self.assignedTo = assignedTo
        self.createdAt = createdAt
        self.eventAt = eventAt
        self.lastModifiedAt = lastModifiedAt
        self.occurrenceCount = occurrenceCount
        self.ingestedAt = ingestedAt
        self.body = body
    }


    /// Enum members are stored lowercased so equality is case-insensitive and can use an index.
    public static func enumKey(_ raw: String) -> String {
        String(decoding: raw.utf8.map { ($0 >= 65 && $0 <= 90) ? $0 + 32 : $0 }, as: UTF8.self)
    }

    /// Date-times are stored in UTC with nine fractional digits, so text order is time order.
    public static func sortableDate(_ d: DateTimeOffset) -> String {
        DateTimeOffset(secondsSinceEpoch: d.secondsSinceEpoch, nanoseconds: d.nanoseconds, fractionDigits: 9).iso8601
    }
}

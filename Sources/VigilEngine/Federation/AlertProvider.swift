import VigilCore
import VigilStorage

/// A source of alerts Vigil federates to: the local store, or a Graph-compatible endpoint.
///
/// Providers answer one tenant's request at a time; the fan-out (deadlines, warnings, merging, paging)
/// is `AlertFederation`'s job, so a provider only has to do one call well.
public protocol AlertProvider: Sendable {
    /// Unique name (from the configuration; `local` for the store).
    var name: String { get }
    /// `vendorInformation.vendor` of the alerts it carries, as shown in `Warning` items.
    var vendor: String { get }
    /// `vendorInformation.provider` of the alerts it carries.
    var provider: String { get }
    /// How long a call may take before it counts as a 504.
    var timeout: Duration { get }

    /// One page of alerts matching `query`, in its order; `continuation` is what the previous page returned.
    /// - Throws: `ProviderFailure` when the provider gave no usable answer (a failure of that provider: a
    ///   `Warning` item, the others still answer); `VigilError` for the client's own mistake, such as a
    ///   `$skiptoken` that is not this provider's (the whole request fails with it).
    func listAlerts(tenantId: String, query: ProviderQuery, continuation: String?) async throws -> ProviderPage

    /// One alert, or `nil` when the provider does not have it (404).
    func alert(tenantId: String, id: String) async throws -> ProviderItem?

    /// Applies a PATCH body (already validated) to one of its alerts and returns the alert as it now is,
    /// or `nil` when the provider does not have it.
    func updateAlert(tenantId: String, id: String, change: AlertUpdate) async throws -> Alert?
}

extension AlertProvider {
    /// `{vendor}/{provider}`, as in Graph's warnings.
    public var label: String { "\(vendor)/\(provider)" }
}

/// A list request as providers see it: the validated query plus the texts to forward.
public struct ProviderQuery: Sendable {
    /// The validated options (`$filter`, `$orderby`, `$select`, `$count`).
    public var odata: ODataQuery<Alert>
    /// Items per provider (Graph applies `$top` per provider).
    public var top: Int
    /// `$skip` for the first page.
    public var skip: Int

    public init(odata: ODataQuery<Alert>, top: Int, skip: Int) {
        self.odata = odata
        self.top = top
        self.skip = skip
    }

    /// `$select` to send to a remote provider: the client's selection plus what merging and routing need.
    var forwardedSelect: String? {
        guard let select = odata.select else { return nil }
        var names = select
        for extra in ["id", "vendorInformation"] + odata.orderBy.compactMap({ $0.path.fields.first?.name })
        where !names.contains(extra) {
            names.append(extra)
        }
        return names.joined(separator: ",")
    }
}

/// An alert as a provider returned it: stored JSON copied as is, a remote provider's alert as it came (raw
/// bytes, decoded only when needed) or as a JSON object (when Vigil had to complete it), or a decoded alert.
public enum ProviderItem: Sendable {
    case stored(StoredAlert)
    case raw(RawAlert)
    case object([String: JSONValue])
    case alert(Alert)

    /// The decoded alert.
    public func decoded() throws -> Alert {
        switch self {
        case .stored(let stored): try stored.decode()
        case .raw(let raw): Alert(jsonObject: try raw.object())
        case .object(let object): Alert(jsonObject: object)
        case .alert(let alert): alert
        }
    }

    /// The alert's `id` for routing (`nil` for stored items: the local store finds its own alerts by id).
    public var id: String? {
        switch self {
        case .stored: nil
        case .raw(let raw): raw.member("id")?.stringValue
        case .object(let object): object["id"]?.stringValue
        case .alert(let alert): alert.id
        }
    }

    /// The item's sort key for `query` (its `$orderby` values, then its id), as `ODataQuery.sortKeyReader`
    /// reads it from the decoded alert. A provider's raw alert is read from its bytes when every ordering is
    /// a plain top-level property; anything else decodes only the properties named in `names`.
    func sortKey(_ query: ODataQuery<Alert>, reader: (Alert) -> [ODataValue], names: Set<String>) throws -> [ODataValue] {
        if case .raw(let raw) = self {
            var key: [ODataValue] = []
            key.reserveCapacity(query.orderBy.count + 1)
            for item in query.orderBy {
                guard item.path.root == .entity, item.path.fields.count == 1, !item.path.fields[0].isCollection,
                      let value = item.path.fields[0].type.odataValue(json: raw.member(item.path.fields[0].name) ?? .null)
                else { return reader(try partial(names)) }
                key.append(value)
            }
            key.append(raw.member("id")?.stringValue.map(ODataValue.string) ?? .null)
            return key
        }
        return reader(try partial(names))
    }

    /// An alert holding only the named top-level properties (enough to read sort keys), decoding no more
    /// than those.
    func partial(_ names: Set<String>) throws -> Alert {
        switch self {
        case .raw(let raw): Alert(jsonObject: raw.partialObject(names))
        case .object(let object): Alert(jsonObject: object.filter { names.contains($0.key) })
        default: try decoded()
        }
    }
}

/// One page from one provider.
public struct ProviderPage: Sendable {
    public var items: [ProviderItem]
    /// Where the next page starts, or `nil` on the last page.
    public var continuation: String?
    /// The provider's `@odata.count`, when asked and given.
    public var count: Int?

    public init(items: [ProviderItem], continuation: String?, count: Int? = nil) {
        self.items = items
        self.continuation = continuation
        self.count = count
    }
}

/// Why a provider call gave no usable answer, with the status Graph's `Warning` item carries.
public struct ProviderFailure: Error, Sendable, CustomStringConvertible {
    /// The provider's HTTP status; 504 on timeout, 502 for an unreadable answer, 503 when skipped by the
    /// circuit breaker.
    public var status: Int
    public var message: String
    /// The provider's Graph error code, when it sent one.
    public var code: String?

    public init(status: Int, _ message: String, code: String? = nil) {
        self.status = status
        self.message = message
        self.code = code
    }

    public var description: String { "\(status): \(message)" }
}

/// A validated alert PATCH: the properties present and their values, and the `vendorInformation` that routes it.
public struct AlertUpdate: Sendable {
    /// The properties the body sets (subset of `AlertsController.updatable`).
    public var present: Set<String>
    /// Their values (absent properties are `nil`).
    public var values: Alert
    public var vendor: String
    public var provider: String
    /// The body as received, forwarded verbatim to a remote provider.
    public var body: [String: JSONValue]
    /// Who asks (stamped in the history entry of a local alert).
    public var caller: CallerIdentity
    public var at: DateTimeOffset

    public init(present: Set<String>, values: Alert, vendor: String, provider: String, body: [String: JSONValue],
                caller: CallerIdentity, at: DateTimeOffset) {
        self.present = present
        self.values = values
        self.vendor = vendor
        self.provider = provider
        self.body = body
        self.caller = caller
        self.at = at
    }
}

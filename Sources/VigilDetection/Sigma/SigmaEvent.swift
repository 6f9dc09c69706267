import VigilCore

/// An event ready for Sigma rules: its fields under the names rules use, and the log sources it
/// belongs to.
///
/// Windows events (evtx JSON, Winlogbeat, flat) are recognized and classified by channel and event id
/// (see `WindowsEventFields`, `WindowsLogSources`); other events are flattened (`a.b` for nested
/// objects) and get their log source from the request's hint. An event's own `logsource` object
/// (`{"product":"linux","service":"auditd"}`) wins over both.
public struct SigmaEvent: Sendable {
    /// Scalar fields in the order found; a field may repeat (the items of a list).
    public var fields: [(name: String, value: JSONValue)]
    /// The log sources rules are chosen by.
    public var logSource: EventLogSource

    public init(fields: [(name: String, value: JSONValue)], logSource: EventLogSource) {
        self.fields = fields
        self.logSource = logSource
    }

    /// Reads an event object.
    /// - Parameters:
    ///   - object: the event as parsed.
    ///   - hint: what the sender said the events are (`?product=linux&service=auditd`), for events whose
    ///     log source cannot be told from their fields (a Windows event keeps the one its channel gives).
    public init(json object: [String: JSONValue], hint: SigmaLogSource? = nil) {
        var source = EventLogSource()
        var derived = false
        if let windows = WindowsEventFields.flatten(object) {
            derived = true
            fields = windows.pairs.map { (name: $0.0, value: $0.1) }
            source.product = "windows"
            source.services = [WindowsLogSources.service(channel: windows.channel)]
            if let id = windows.eventID {
                source.categories = WindowsLogSources.categories(channel: windows.channel, eventID: id,
                                                                 registryEventType: windows.registryEventType)
            }
        } else {
            var pairs: [(String, JSONValue)] = []
            for (key, value) in object where key != "logsource" { Self.flattenGeneric(key, value, depth: 0, into: &pairs) }
            fields = pairs.map { (name: $0.0, value: $0.1) }
        }
        if let hint, !derived { source.apply(hint) }
        if let own = object["logsource"]?.objectValue {
            source.apply(SigmaLogSource(product: own["product"]?.stringValue, category: own["category"]?.stringValue,
                                        service: own["service"]?.stringValue))
        }
        logSource = source
    }

    /// Reads a connector's event: Zeek logs are product `zeek` with the log path as service (`dns`,
    /// `http`, `smb_files`, …); events of `/ingest/events` are read as `init(json:hint:)`; any other source is
    /// its own product with its event type as service.
    public init(_ event: SecurityEvent, hint: SigmaLogSource? = nil) {
        self.init(json: event.fields, hint: hint)
        if event.source == "zeek" || (event.source != "events" && logSource.product == nil) {
            logSource.product = logSource.product ?? event.source
            if logSource.services.isEmpty { logSource.services = [event.type.lowercased()] }
        }
    }

    /// The text of a field's first non-null value (numbers and booleans as written in JSON).
    public func text(_ name: String) -> String? {
        for (n, value) in fields where n == name {
            switch value {
            case .string(let s): return s
            case .int(let i): return String(i)
            case .double(let d): return String(d)
            case .bool(let b): return b ? "true" : "false"
            default: continue
            }
        }
        return nil
    }

    /// Deepest nesting flattened into dotted names.
    static let maximumDepth = 8

    /// Adds a value under `name`: objects as `name.key`, lists as repeated names, `{"#text": …}` as its text.
    static func flattenGeneric(_ name: String, _ value: JSONValue, depth: Int, into pairs: inout [(String, JSONValue)]) {
        switch value {
        case .object(let object):
            if let text = object["#text"] {
                pairs.append((name, text))
            } else if depth >= maximumDepth {
                pairs.append((name, .string(JSONWriter.string(value))))
            } else {
                for (key, inner) in object where key != "#attributes" {
                    flattenGeneric("\(name).\(key)", inner, depth: depth + 1, into: &pairs)
                }
            }
        case .array(let items):
            for item in items { flattenGeneric(name, item, depth: depth + 1, into: &pairs) }
        default:
            pairs.append((name, value))
        }
    }
}

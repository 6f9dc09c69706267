/// Reads generic JSON events (`POST /ingest/events`, `vigil detect`): Windows events (evtx converted to
/// JSON, Winlogbeat, flat), Linux audit and syslog records, web server and proxy logs, anything shaped as a
/// JSON object. Every object is an event for indicator matching and Sigma rules.
///
/// The event keeps the object as its fields. Its `type` is `windows:<EventID>` for Windows events, else
/// the object's `event_type` or `type` text, else `event`. Its time comes from the evtx `SystemTime`,
/// `@timestamp`, `timestamp`, `time` or `TimeCreated`. Observables: addresses in fields whose name says
/// so (`…Ip`, `…_ip`, `…addr…`, `…host…`, source/destination/client/server names), host names
/// in DNS and host fields (`QueryName`, `DestinationHostname`, `cs-host`, `query`, …), URLs in any field,
/// hashes in Sysmon's `Hashes` (`SHA256=…,MD5=…`) and in fields named after a hash, e-mail addresses in
/// fields named `…mail…`, sender or recipient.
public enum GenericEventConnector {
    /// The source name of these events.
    public static let source = "events"

    /// Reads a body of events (see `JSONDocuments` for the shapes accepted).
    /// - Parameter maxEventBytes: most bytes one event may take; a larger one is reported on its line, unread.
    public static func read(body: [UInt8], maxEventBytes: Int = JSONDocumentSplitter.defaultLimit)
        -> [Result<ConnectorRecord, ConnectorError>]
    {
        JSONDocuments.objects(body, limit: maxEventBytes).map { result in result.map { .event(event($0.object)) } }
    }

    /// The event of one object.
    public static func event(_ object: [String: JSONValue]) -> SecurityEvent {
        var collector = ObservableCollector()
        walk(object, prefix: "", depth: 0, &collector)
        return SecurityEvent(source: source, type: type(of: object), time: time(of: object), fields: object,
                             observables: collector.observables)
    }

    static func type(of object: [String: JSONValue]) -> String {
        let system = object["Event"]?["System"]
        if let id = system?["EventID"] ?? object["EventID"] ?? object["winlog"]?["event_id"], let text = text(id) {
            return "windows:\(text)"
        }
        return object["event_type"]?.stringValue ?? object["type"]?.stringValue ?? "event"
    }

    /// A scalar's text (`{"#text": …}` as its text).
    private static func text(_ value: JSONValue) -> String? {
        switch value {
        case .int(let i): String(i)
        case .string(let s): s
        case .object(let o): o["#text"].flatMap(text)
        default: nil
        }
    }

    static func time(of object: [String: JSONValue]) -> DateTimeOffset? {
        let candidates = [object["Event"]?["System"]?["TimeCreated"]?["#attributes"]?["SystemTime"], object["@timestamp"],
                          object["timestamp"], object["time"], object["TimeCreated"]]
        for candidate in candidates {
            if let text = candidate?.stringValue, let time = DateTimeOffset(text) { return time }
        }
        return nil
    }

    private static let hostFields: Set<String> = [
        "queryname", "query", "destinationhostname", "sourcehostname", "hostname", "domain", "cs-host", "r-dns",
        "server_name", "servername", "sni", "host", "dest_host", "destination_domain", "domainname",
    ]

    private static func walk(_ object: [String: JSONValue], prefix: String, depth: Int, _ collector: inout ObservableCollector) {
        guard depth < 8 else { return }
        for (key, value) in object.sorted(by: { $0.key < $1.key }) where key != "#attributes" {
            let name = prefix.isEmpty ? key : "\(prefix).\(key)"
            switch value {
            case .object(let inner):
                if let text = inner["#text"]?.stringValue { scalar(key, text, field: name, &collector) }
                walk(inner, prefix: name, depth: depth + 1, &collector)
            case .array(let items):
                for item in items {
                    if case .object(let inner) = item {
                        if let label = inner["#attributes"]?["Name"]?.stringValue ?? inner["Name"]?.stringValue,
                           let text = (inner["#text"] ?? inner["Value"])?.stringValue {
                            scalar(label, text, field: "\(name).\(label)", &collector)
                        } else {
                            walk(inner, prefix: name, depth: depth + 1, &collector)
                        }
                    } else if let text = item.stringValue {
                        scalar(key, text, field: name, &collector)
                    }
                }
            case .string(let text):
                scalar(key, text, field: name, &collector)
            default:
                continue
            }
        }
    }

    private static func scalar(_ key: String, _ text: String, field: String, _ collector: inout ObservableCollector) {
        let lower = key.lowercased()
        let head = text.prefix(8).lowercased()
        if head.hasPrefix("http://") || head.hasPrefix("https://") || head.hasPrefix("ftp://") {
            collector.url(text, field: field)
            return
        }
        if hostFields.contains(lower) {
            collector.name(text, field: field, allowingSingleLabel: false)
            return
        }
        if lower.hasSuffix("ip") || lower.hasSuffix("_ip") || lower.contains("addr") || lower.hasSuffix("host")
            || ["src", "dst", "source", "destination", "client", "server", "remote", "local"].contains(where: lower.hasPrefix) {
            collector.address(text, field: field)
            return
        }
        if lower == "hashes" || lower == "hash" {
            for part in text.split(separator: ",") {
                let value = part.split(separator: "=", maxSplits: 1).last.map(String.init) ?? ""
                collector.hash(value, field: field)
            }
            return
        }
        if ["md5", "sha1", "sha256", "sha-1", "sha-256"].contains(where: lower.contains) {
            collector.hash(text, field: field)
            return
        }
        if lower.contains("mail") || lower.contains("sender") || lower.contains("recipient") {
            collector.email(text, field: field)
        }
    }
}

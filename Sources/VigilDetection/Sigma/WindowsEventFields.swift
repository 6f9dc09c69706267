import VigilCore

/// The fields of a Windows event under the names Sigma rules use, from the shapes events come in:
/// evtx converted to JSON (`Event.System.EventID`, `Event.System.Provider.#attributes.Name`,
/// `Event.EventData.Image`, `Event.UserData.*`), Winlogbeat (`winlog.event_id`, `winlog.event_data`), and
/// flat JSON (`EventID`, `Channel`, `Image`, …).
///
/// Security 4688 (process creation) also gets Sysmon's names: `Image` (NewProcessName), `ParentImage`
/// (ParentProcessName), `ParentProcessId` (ProcessId), `User` (SubjectDomainName\SubjectUserName),
/// `LogonId` (SubjectLogonId) and `IntegrityLevel` (from MandatoryLabel).
enum WindowsEventFields {
    struct Flattened {
        var pairs: [(String, JSONValue)]
        var channel: String
        var eventID: Int?
        var registryEventType: String?
    }

    /// The fields, or `nil` when the object is not a Windows event.
    static func flatten(_ object: [String: JSONValue]) -> Flattened? {
        var pairs: [(String, JSONValue)] = []
        if let event = object["Event"]?.objectValue, let system = event["System"]?.objectValue {
            for (key, value) in system { systemField(key, value, into: &pairs) }
            if let data = event["EventData"]?.objectValue { eventData(data, into: &pairs) }
            if let user = event["UserData"]?.objectValue {
                for (key, inner) in user where key != "#attributes" {
                    if let fields = inner.objectValue { eventData(fields, into: &pairs) } else { pairs.append((key, text(inner))) }
                }
            }
        } else if let winlog = object["winlog"]?.objectValue {
            let names = ["channel": "Channel", "event_id": "EventID", "provider_name": "Provider_Name",
                         "computer_name": "Computer", "record_id": "EventRecordID", "task": "Task", "opcode": "Opcode"]
            for (key, name) in names { if let v = winlog[key] { pairs.append((name, v)) } }
            if let data = winlog["event_data"]?.objectValue { eventData(data, into: &pairs) }
            if let data = winlog["user_data"]?.objectValue { eventData(data, into: &pairs) }
            for (key, value) in object where key != "winlog" && key != "logsource" {
                SigmaEvent.flattenGeneric(key, value, depth: 0, into: &pairs)
            }
        } else if object["EventID"] != nil, object["Channel"] != nil {
            for (key, value) in object where key != "logsource" { SigmaEvent.flattenGeneric(key, value, depth: 0, into: &pairs) }
            if let name = object["ProviderName"] ?? object["SourceName"], object["Provider_Name"] == nil {
                pairs.append(("Provider_Name", name))
            }
        } else {
            return nil
        }
        guard let channel = first("Channel", in: pairs)?.stringValue else { return nil }
        let eventID = first("EventID", in: pairs).flatMap(integer)
        var flattened = Flattened(pairs: pairs, channel: channel, eventID: eventID,
                                  registryEventType: first("EventType", in: pairs)?.stringValue)
        if eventID == 4688, channel.lowercased() == "security" { addProcessCreationNames(&flattened.pairs) }
        return flattened
    }

    private static func systemField(_ key: String, _ value: JSONValue, into pairs: inout [(String, JSONValue)]) {
        switch key {
        case "Provider":
            let attributes = value["#attributes"]?.objectValue ?? [:]
            if let name = attributes["Name"] { pairs.append(("Provider_Name", name)) }
            if let guid = attributes["Guid"] { pairs.append(("Provider_Guid", guid)) }
            if let source = attributes["EventSourceName"] { pairs.append(("EventSourceName", source)) }
        case "TimeCreated", "Execution", "Security", "Correlation", "#attributes":
            return
        default:
            pairs.append((key, text(value)))
        }
    }

    private static func eventData(_ data: [String: JSONValue], into pairs: inout [(String, JSONValue)]) {
        for (key, value) in data where key != "#attributes" {
            if key == "Data", case .array(let items) = value {
                for item in items {
                    if let name = item["#attributes"]?["Name"]?.stringValue ?? item["Name"]?.stringValue {
                        pairs.append((name, item["#text"] ?? item["Value"] ?? .null))
                    } else {
                        pairs.append(("Data", text(item)))
                    }
                }
            } else if case .object(let inner) = value, inner["#text"] == nil {
                SigmaEvent.flattenGeneric(key, value, depth: 0, into: &pairs)
            } else {
                pairs.append((key, text(value)))
            }
        }
    }

    /// An element's text: `{"#text": …}` as its text, anything else as it is.
    private static func text(_ value: JSONValue) -> JSONValue {
        if case .object(let o) = value, let t = o["#text"] { return t }
        return value
    }

    static func first(_ name: String, in pairs: [(String, JSONValue)]) -> JSONValue? {
        pairs.first { $0.0 == name }?.1
    }

    static func integer(_ value: JSONValue) -> Int? {
        switch value {
        case .int(let i): Int(exactly: i)
        case .double(let d): Int(exactly: d)
        case .string(let s): Int(s)
        default: nil
        }
    }

    /// Mandatory label SIDs → Sysmon's `IntegrityLevel` names.
    static let integrityLevels: [String: String] = [
        "S-1-16-0": "Untrusted", "S-1-16-4096": "Low", "S-1-16-8192": "Medium", "S-1-16-8448": "Medium",
        "S-1-16-12288": "High", "S-1-16-16384": "System", "S-1-16-20480": "Protected",
    ]

    private static func addProcessCreationNames(_ pairs: inout [(String, JSONValue)]) {
        func add(_ name: String, _ value: JSONValue?) {
            guard let value, first(name, in: pairs) == nil else { return }
            pairs.append((name, value))
        }
        add("Image", first("NewProcessName", in: pairs))
        add("ParentImage", first("ParentProcessName", in: pairs))
        add("ParentProcessId", first("ProcessId", in: pairs))
        add("LogonId", first("SubjectLogonId", in: pairs))
        if let user = first("SubjectUserName", in: pairs)?.stringValue {
            let domain = first("SubjectDomainName", in: pairs)?.stringValue ?? ""
            add("User", .string(domain.isEmpty ? user : "\(domain)\\\(user)"))
        }
        if let label = first("MandatoryLabel", in: pairs)?.stringValue {
            add("IntegrityLevel", integrityLevels[label.uppercased()].map(JSONValue.string))
        }
    }
}

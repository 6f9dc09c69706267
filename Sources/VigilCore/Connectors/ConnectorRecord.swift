/// What a connector makes of one input record (a line of EVE JSON, a Zeek log entry, a CEF message…).
///
/// Connectors are pure: bytes in, records out. The I/O shells (HTTP intake, file tailing, syslog) feed
/// them and store what they return.
public enum ConnectorRecord: Sendable, Equatable {
    /// The record is an alert in the Graph schema (id, vendorInformation, severity, status set).
    case alert(Alert)
    /// The record is an event for indicator matching and detections.
    case event(SecurityEvent)
    /// A well-formed record of a type the connector does not use (counted, not an error).
    case skipped(type: String)
}

/// A normalized event from a security product, with the observables found in it.
public struct SecurityEvent: Sendable, Equatable {
    /// The connector that read it: `suricata`, `zeek`, `wazuh`, `cef`.
    public var source: String
    /// The product's own event type: Suricata `event_type` (`dns`, `http`, …), the Zeek log path (`conn`,
    /// `dns`, …), the CEF signature id, …
    public var type: String
    /// When the event happened, when the record says.
    public var time: DateTimeOffset?
    /// The record's fields as read (nested objects kept as objects).
    public var fields: [String: JSONValue]
    /// Addresses, domains, URLs, hashes and e-mail addresses found in the record, without duplicates,
    /// in the order found.
    public var observables: [Observable]

    public init(source: String, type: String, time: DateTimeOffset?, fields: [String: JSONValue],
                observables: [Observable])
    {
        self.source = source
        self.type = type
        self.time = time
        self.fields = fields
        self.observables = observables
    }
}

/// A value threat intelligence can be matched against.
public struct Observable: Sendable, Hashable, CustomStringConvertible {
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        case ipAddress, domainName, url, emailAddress, md5, sha1, sha256
    }

    public var kind: Kind
    /// The value as found (domains and hashes lowercased).
    public var value: String
    /// The field it came from (`dest_ip`, `dns.rrname`, `id.resp_h`, …).
    public var field: String

    public init(_ kind: Kind, _ value: String, field: String) {
        self.kind = kind
        self.value = value
        self.field = field
    }

    public var description: String { "\(kind.rawValue):\(value)" }
}

/// Why a record could not be read: reported per source, never stopping the pipeline.
public struct ConnectorError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The 1-based line (or record) number in its input, when known.
    public var line: Int?
    public var message: String

    public init(line: Int?, _ message: String) {
        self.line = line
        self.message = message
    }

    public var description: String { line.map { "line \($0): \(message)" } ?? message }
}

extension ConnectorError {
    /// Parses one line that must hold a JSON object (the common first step of the JSON connectors).
    /// - Parameters:
    ///   - line: the UTF-8 bytes of the line.
    ///   - lineNumber: reported in errors.
    ///   - expected: what the object is, for the error (`an EVE JSON object`, `a Zeek JSON log object`).
    public static func jsonObject(_ line: some Collection<UInt8>, lineNumber: Int?,
                                  expected: String) -> Result<[String: JSONValue], ConnectorError> {
        let value: JSONValue
        do {
            value = try JSONParser.parse(line)
        } catch {
            return .failure(ConnectorError(line: lineNumber, "malformed JSON: \(error.message)"))
        }
        guard case .object(let object) = value else {
            return .failure(ConnectorError(line: lineNumber, "expected \(expected), found \(value.kindName)"))
        }
        return .success(object)
    }
}

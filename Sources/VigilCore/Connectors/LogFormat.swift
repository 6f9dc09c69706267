/// A connector: reads one line of its product's log into a record, or says why it cannot. Connectors are
/// pure (bytes in, records out) and stateless.
public protocol LineConnector {
    /// The name records of this connector are counted under (`suricata`, `cef`, …).
    static var source: String { get }
    /// Reads one line.
    /// - Parameter lineNumber: the line's 1-based number, named in errors.
    static func read(line: some Collection<UInt8>, lineNumber: Int?) -> Result<ConnectorRecord, ConnectorError>
}

extension SuricataConnector: LineConnector {}
extension WazuhConnector: LineConnector {}
extension CEFConnector: LineConnector {}

/// The product formats Vigil reads, one list for every intake path: `POST /ingest/<format>`, `vigil ingest
/// --format`, tailed files (`sources[].format`) and syslog listeners (`syslog[].format`).
public enum LogFormat: String, CaseIterable, Sendable, Codable {
    /// Suricata EVE JSON, one record a line.
    case suricata
    /// Zeek JSON lines (`_path` or the source's `logPath` names the log), or Zeek TSV with its `#` headers.
    case zeek
    /// Wazuh `alerts.json`, one alert a line.
    case wazuh
    /// ArcSight CEF, one message a line, bare or inside syslog.
    case cef

    /// The format with this name (case-insensitive).
    /// - Throws: `VigilError` (`badRequest`) naming the known formats.
    public init(named name: String, field: String = "format") throws(VigilError) {
        guard let format = LogFormat(rawValue: name.lowercased()) else {
            throw VigilError(.badRequest, "'\(field)' is '\(name)', not one of \(LogFormat.names).", target: field)
        }
        self = format
    }

    /// Every format's name, comma-separated.
    public static var names: String { allCases.map(\.rawValue).joined(separator: ", ") }

    /// Reads one line. `zeekPath` names the Zeek log of lines that carry no `_path`.
    public func read(line: some Collection<UInt8>, lineNumber: Int?, zeekPath: String? = nil) -> Result<ConnectorRecord, ConnectorError> {
        switch self {
        case .suricata: SuricataConnector.read(line: line, lineNumber: lineNumber)
        case .wazuh: WazuhConnector.read(line: line, lineNumber: lineNumber)
        case .cef: CEFConnector.read(line: line, lineNumber: lineNumber)
        case .zeek: ZeekConnector.read(jsonLine: line, path: zeekPath, lineNumber: lineNumber)
        }
    }

    /// Whether a whole body of this format is read as one document rather than line by line (Zeek TSV, whose
    /// `#` headers say what every line holds).
    public func readsWhole(_ body: some Collection<UInt8>) -> Bool {
        self == .zeek && (body.starts(with: "#separator".utf8) || body.starts(with: "#fields".utf8))
    }
}

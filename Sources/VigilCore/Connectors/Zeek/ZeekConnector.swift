/// Reads Zeek logs — the JSON streaming format (one object per line) and the default tab-separated
/// ASCII format — into connector records.
///
/// Every log becomes a ``SecurityEvent`` (source `zeek`, type = the log path, time from `ts`, fields as
/// read with Zeek's dotted names such as `id.orig_h` kept as flat keys) except `notice`, which becomes an
/// ``Alert``. Pure: text in, records out; the file and socket shells live elsewhere.
///
/// Its helpers live beside it: ``ZeekTSVReader`` (the ASCII format), ``ZeekObservables`` (what each log
/// type carries) and ``ZeekRecordHash`` (the id of a notice without `uid` or `fuid`); addresses are read
/// and classified by the shared ``IPAddressText``.
public enum ZeekConnector {
    /// The `source` of every event this connector makes.
    public static let source = "zeek"

    /// Maps one Zeek JSON log line.
    ///
    /// - Parameters:
    ///   - jsonLine: the UTF-8 bytes of one line of a Zeek JSON log.
    ///   - path: the log type (`conn`, `dns`, `notice`, …) to use when the line has no `_path`; a
    ///     `_path` in the line wins.
    ///   - lineNumber: the 1-based line number, reported in errors.
    /// - Returns: the record, or why the line could not be read (not JSON, not an object, no log path,
    ///   no or bad `ts`).
    public static func read(jsonLine: some Collection<UInt8>, path: String?,
                            lineNumber: Int?) -> Result<ConnectorRecord, ConnectorError>
    {
        let fields: [String: JSONValue]
        switch ConnectorError.jsonObject(jsonLine, lineNumber: lineNumber, expected: "a Zeek JSON log object") {
        case .success(let object): fields = object
        case .failure(let error): return .failure(error)
        }
        let logPath: String
        if let recordPath = fields["_path"]?.stringValue, !recordPath.isEmpty {
            logPath = recordPath
        } else if let path, !path.isEmpty {
            logPath = path
        } else {
            return .failure(ConnectorError(line: lineNumber,
                                           "the log type is unknown: the line has no '_path' and none was given"))
        }
        return record(fields, path: logPath, lineNumber: lineNumber)
    }

    /// Reads a whole Zeek TSV log: the default ASCII format with `#separator`, `#set_separator`,
    /// `#empty_field`, `#unset_field`, `#path`, `#fields`, `#types` and `#open`/`#close` header lines.
    ///
    /// Several header blocks in one text (rotated logs concatenated) are handled: each `#separator`
    /// line starts a new block. Values are converted by their `#types`: `count`, `int` and `port` to
    /// integers, `double`, `interval` and `time` to numbers (a time stays epoch seconds, as in Zeek JSON),
    /// `bool` to booleans, `set[…]` and `vector[…]` to arrays, everything else to strings; the unset
    /// field (`-`) leaves the field out and the empty field (`(empty)`) is `""` or `[]`.
    ///
    /// - Parameter tsv: the log text.
    /// - Returns: one result per data line, in order; a bad line fails alone and the others go on. A
    ///   `#types` line that does not match its `#fields` is reported once, and the data lines of its block
    ///   fail with the same message.
    public static func read(tsv: String) -> [Result<ConnectorRecord, ConnectorError>] {
        var reader = ZeekTSVReader()
        var results: [Result<ConnectorRecord, ConnectorError>] = []
        var lineNumber = 0
        for rawLine in tsv.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
            lineNumber += 1
            var line = rawLine
            if line.last == UInt8(ascii: "\r") { line = line.dropLast() }
            guard !line.isEmpty else { continue }
            switch reader.consume(Array(line)) {
            case .header:
                continue
            case .failure(let message):
                results.append(.failure(ConnectorError(line: lineNumber, message)))
            case .record(let fields, let path):
                results.append(record(fields, path: path, lineNumber: lineNumber))
            }
        }
        return results
    }

    /// Maps an already parsed record of one log.
    ///
    /// - Parameters:
    ///   - fields: the record's fields, with Zeek's dotted names as flat keys.
    ///   - path: the log type (`conn`, `dns`, `notice`, …).
    ///   - lineNumber: the 1-based line number, reported in errors.
    /// - Returns: `.alert` for `notice`, `.event` for every other log, or why the record could not be
    ///   read (no or bad `ts`, a notice without `note`).
    public static func record(_ fields: [String: JSONValue], path: String,
                              lineNumber: Int?) -> Result<ConnectorRecord, ConnectorError>
    {
        guard let tsValue = fields["ts"], !tsValue.isNull else {
            return .failure(ConnectorError(line: lineNumber, "the \(path) record has no 'ts'"))
        }
        guard let time = timestamp(tsValue) else {
            return .failure(ConnectorError(line: lineNumber,
                                           "'ts' is neither epoch seconds nor an ISO 8601 time: \(tsValue)"))
        }
        if path == "notice" {
            return noticeAlert(fields, time: time, lineNumber: lineNumber).map { .alert($0) }
        }
        return .success(.event(SecurityEvent(source: source, type: path, time: time, fields: fields,
                                             observables: ZeekObservables.find(in: fields, path: path))))
    }

    // MARK: - Time

    /// A Zeek time: epoch seconds as a number (or numeric text), or ISO 8601 text (the JSON writer's
    /// `JSON::TS_ISO8601` setting). Epoch seconds are kept to the microsecond, as Zeek writes them.
    static func timestamp(_ value: JSONValue) -> DateTimeOffset? {
        switch value {
        case .int(let seconds):
            return DateTimeOffset(secondsSinceEpoch: seconds, nanoseconds: 0, fractionDigits: 6)
        case .double(let seconds):
            return epochTime(seconds)
        case .string(let text):
            if let time = DateTimeOffset(text) { return time }
            return Double(text).flatMap(epochTime)
        default:
            return nil
        }
    }

    private static func epochTime(_ seconds: Double) -> DateTimeOffset? {
        guard seconds.isFinite, abs(seconds) < 1e12 else { return nil }
        var whole = seconds.rounded(.down)
        var micros = ((seconds - whole) * 1_000_000).rounded()
        if micros >= 1_000_000 {
            whole += 1
            micros -= 1_000_000
        }
        return DateTimeOffset(secondsSinceEpoch: Int64(whole), nanoseconds: Int32(micros) * 1000,
                              fractionDigits: 6)
    }

    // MARK: - Notice

    /// A `notice` record as an alert.
    ///
    /// Severity is `high` when the note names an attack or password guessing (`Attack`, `Guessing`), and
    /// `medium` for every other note: Zeek's notices are policy findings of varying weight, and scans
    /// (`Scan::…`) are routine on exposed sensors, so they stay `medium` rather than flood the high queue.
    /// The id is `zeek-<uid>-<note>` (the `fuid` when there is no `uid`, else a stable hash of the
    /// record), so the same notice read twice is the same alert.
    static func noticeAlert(_ fields: [String: JSONValue], time: DateTimeOffset,
                            lineNumber: Int?) -> Result<Alert, ConnectorError>
    {
        guard let note = fields["note"]?.stringValue, !note.isEmpty else {
            return .failure(ConnectorError(line: lineNumber, "the notice record has no 'note'"))
        }
        let key = nonEmptyString(fields["uid"]) ?? nonEmptyString(fields["fuid"])
            ?? ZeekRecordHash.hex(of: fields)
        var alert = Alert()
        alert.id = "zeek-\(key)-\(note)"
        alert.title = note
        let message = nonEmptyString(fields["msg"])
        let sub = nonEmptyString(fields["sub"])
        switch (message, sub) {
        case (let message?, let sub?): alert.description = "\(message) (\(sub))"
        case (let message?, nil): alert.description = message
        case (nil, let sub?): alert.description = sub
        case (nil, nil): alert.description = nil
        }
        alert.severity = note.contains("Attack") || note.contains("Guessing") ? .high : .medium
        alert.status = .newAlert
        let noteParts = ZeekTSVReader.split(note.utf8, on: Array("::".utf8))
        alert.category = noteParts.first.map { String(decoding: $0, as: UTF8.self) } ?? note
        alert.eventDateTime = time
        alert.createdDateTime = time

        let sourceAddress = nonEmptyString(fields["src"]) ?? nonEmptyString(fields["id.orig_h"])
        let destinationAddress = nonEmptyString(fields["dst"]) ?? nonEmptyString(fields["id.resp_h"])
        if sourceAddress != nil || destinationAddress != nil {
            var connection = NetworkConnection()
            connection.sourceAddress = sourceAddress
            connection.sourcePort = portText(fields["id.orig_p"])
            connection.destinationAddress = destinationAddress
            connection.destinationPort = portText(fields["p"]) ?? portText(fields["id.resp_p"])
            connection.protocol = transportProtocol(fields["proto"]?.stringValue)
            alert.networkConnections = [connection]
        }
        var hosts: [HostSecurityState] = []
        for address in [sourceAddress, destinationAddress].compactMap({ $0 }) {
            guard let ip = IPAddressText(address),
                  !hosts.contains(where: { $0.privateIpAddress == address || $0.publicIpAddress == address })
            else { continue }
            var host = HostSecurityState()
            if ip.isPrivate { host.privateIpAddress = address } else { host.publicIpAddress = address }
            hosts.append(host)
        }
        if !hosts.isEmpty { alert.hostStates = hosts }

        var vendor = SecurityVendorInformation()
        vendor.vendor = "Zeek"
        vendor.provider = "Zeek"
        alert.vendorInformation = vendor
        return .success(alert)
    }

    private static func nonEmptyString(_ value: JSONValue?) -> String? {
        guard let text = value?.stringValue, !text.isEmpty else { return nil }
        return text
    }

    /// A port as Graph writes it (text); Zeek writes ports as numbers.
    private static func portText(_ value: JSONValue?) -> String? {
        switch value {
        case .int(let port)?: "\(port)"
        case .string(let text)? where !text.isEmpty: text
        default: nil
        }
    }

    /// Zeek's `transport_proto` (`tcp`, `udp`, `icmp`, `unknown_transport`) as a Graph protocol.
    private static func transportProtocol(_ proto: String?) -> SecurityNetworkProtocol? {
        switch proto {
        case "tcp": .tcp
        case "udp": .udp
        case "icmp": .icmp
        default: nil
        }
    }
}

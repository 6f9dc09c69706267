/// Reads Zeek logs — the JSON streaming format (one object per line) and the default tab-separated
/// ASCII format — into connector records.
///
/// Every log becomes a ``SecurityEvent`` (source `zeek`, type = the log path, time from `ts`, fields as
/// read with Zeek's dotted names such as `id.orig_h` kept as flat keys) except `notice`, which becomes an
/// ``Alert``. Pure: text in, records out; the file and socket shells live elsewhere.
///
/// This file also holds the connector's private helpers (TSV reader, observable finder, address
/// classifier, record hash) so the connector stays one unit; it is longer than most files for that reason.
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
        let value: JSONValue
        do {
            value = try JSONParser.parse(jsonLine)
        } catch {
            return .failure(ConnectorError(line: lineNumber, "not a valid JSON line: \(error.message)"))
        }
        guard case .object(let fields) = value else {
            return .failure(ConnectorError(line: lineNumber,
                                           "a Zeek JSON log line must be an object, not \(value.kindName)"))
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

// MARK: - TSV

/// The state of reading one Zeek ASCII log: the current header block and what each line is.
///
/// `#separator` (written escaped, `\x09`) starts a new block with default settings; the other header
/// lines are split on the separator. Values: `#unset_field` (default `-`) leaves the field out,
/// `#empty_field` (default `(empty)`) is an empty string, or an empty array for `set[…]`/`vector[…]`;
/// `count`/`int`/`port` become integers, `double`/`interval`/`time` numbers (a time stays epoch seconds,
/// as in Zeek JSON), `bool` `T`/`F` booleans, sets and vectors arrays split on `#set_separator`
/// (default `,`), everything else strings. `\xHH` escapes are decoded in values.
struct ZeekTSVReader {
    /// What one line was.
    enum Line {
        case header
        case record([String: JSONValue], path: String)
        case failure(String)
    }

    private var separator: [UInt8] = [9]
    private var setSeparator: [UInt8] = [UInt8(ascii: ",")]
    private var emptyField: [UInt8] = Array("(empty)".utf8)
    private var unsetField: [UInt8] = [UInt8(ascii: "-")]
    private var path: String?
    private var fields: [String]?
    private var types: [String]?
    /// Why the current block's header cannot be used, when it cannot.
    private var headerProblem: String?

    mutating func consume(_ line: [UInt8]) -> Line {
        if line.first == UInt8(ascii: "#") { return header(line) }
        if let headerProblem { return .failure(headerProblem) }
        guard let fields else {
            return .failure("a data line comes before any '#fields' header")
        }
        guard let path, !path.isEmpty else {
            return .failure("a data line comes before any '#path' header")
        }
        let columns = Self.split(line, on: separator)
        guard columns.count == fields.count else {
            return .failure("the line has \(columns.count) columns but '#fields' names \(fields.count)")
        }
        var record: [String: JSONValue] = [:]
        for (index, column) in columns.enumerated() {
            let name = fields[index]
            let type = types?[index] ?? "string"
            if column.elementsEqual(unsetField) { continue }
            switch convert(column, type: type) {
            case .success(let value): record[name] = value
            case .failure(let failure): return .failure("column '\(name)': \(failure.message)")
            }
        }
        return .record(record, path: path)
    }

    private mutating func header(_ line: [UInt8]) -> Line {
        let separatorDirective = Array("#separator ".utf8)
        let tabbedDirective = Array("#separator\t".utf8)
        if line.starts(with: separatorDirective) || line.starts(with: tabbedDirective) {
            self = ZeekTSVReader()
            let decoded = Self.unescape(line[separatorDirective.count...])
            if !decoded.isEmpty { separator = decoded }
            return .header
        }
        let parts = Self.split(line, on: separator)
        guard let directive = parts.first else { return .header }
        let values = parts.dropFirst().map { String(decoding: Self.unescape($0), as: UTF8.self) }
        switch String(decoding: directive, as: UTF8.self) {
        case "#set_separator":
            if let value = parts.dropFirst().first { setSeparator = Self.unescape(value) }
        case "#empty_field":
            if let value = parts.dropFirst().first { emptyField = Self.unescape(value) }
        case "#unset_field":
            if let value = parts.dropFirst().first { unsetField = Self.unescape(value) }
        case "#path":
            path = values.first
        case "#fields":
            fields = values
            types = nil
            headerProblem = nil
        case "#types":
            guard let fields, values.count == fields.count else {
                let problem = "'#types' names \(values.count) types but '#fields' names \(fields?.count ?? 0) fields"
                headerProblem = problem
                return .failure(problem)
            }
            types = values
        default:
            break // #open, #close and any other comment
        }
        return .header
    }

    private func convert(_ column: ArraySlice<UInt8>, type: String) -> Result<JSONValue, Failure> {
        if let elementType = Self.containerElementType(type) {
            if column.elementsEqual(emptyField) { return .success(.array([])) }
            var elements: [JSONValue] = []
            for element in Self.split(column, on: setSeparator) {
                switch scalar(element, type: elementType) {
                case .success(let value): elements.append(value)
                case .failure(let failure): return .failure(failure)
                }
            }
            return .success(.array(elements))
        }
        if column.elementsEqual(emptyField) { return .success(.string("")) }
        return scalar(column, type: type)
    }

    /// Why a value does not have its declared type.
    struct Failure: Error {
        let message: String
    }

    private func scalar(_ raw: ArraySlice<UInt8>, type: String) -> Result<JSONValue, Failure> {
        let text = String(decoding: Self.unescape(raw), as: UTF8.self)
        switch type {
        case "count", "int", "port":
            guard let number = Int64(text) else { return .failure(Failure(message: "'\(text)' is not a \(type)")) }
            return .success(.int(number))
        case "double", "interval", "time":
            guard let number = Double(text), number.isFinite else {
                return .failure(Failure(message: "'\(text)' is not a \(type)"))
            }
            return .success(.double(number))
        case "bool":
            switch text {
            case "T": return .success(.bool(true))
            case "F": return .success(.bool(false))
            default: return .failure(Failure(message: "'\(text)' is not a bool (T or F)"))
            }
        default:
            return .success(.string(text))
        }
    }

    /// `string` for `set[string]` or `vector[string]`; `nil` for a scalar type.
    private static func containerElementType(_ type: String) -> String? {
        for prefix in ["set[", "vector["] where type.hasPrefix(prefix) && type.hasSuffix("]") {
            return String(type.dropFirst(prefix.count).dropLast())
        }
        return nil
    }

    static func split(_ bytes: some Collection<UInt8>, on separator: [UInt8]) -> [ArraySlice<UInt8>] {
        let bytes = Array(bytes)
        guard !separator.isEmpty else { return [bytes[...]] }
        var parts: [ArraySlice<UInt8>] = []
        var start = 0
        var index = 0
        while index + separator.count <= bytes.count {
            if bytes[index..<(index + separator.count)].elementsEqual(separator) {
                parts.append(bytes[start..<index])
                index += separator.count
                start = index
            } else {
                index += 1
            }
        }
        parts.append(bytes[start...])
        return parts
    }

    /// Decodes `\xHH` escapes; any other backslash is kept as it is.
    static func unescape(_ bytes: some Collection<UInt8>) -> [UInt8] {
        let bytes = Array(bytes)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var index = 0
        while index < bytes.count {
            if bytes[index] == UInt8(ascii: "\\"), index + 3 < bytes.count, bytes[index + 1] == UInt8(ascii: "x"),
               let high = hexDigit(bytes[index + 2]), let low = hexDigit(bytes[index + 3])
            {
                out.append(high << 4 | low)
                index += 4
            } else {
                out.append(bytes[index])
                index += 1
            }
        }
        return out
    }

    private static func hexDigit(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}

// MARK: - Observables

/// Finds the addresses, domains, URLs, hashes and e-mail addresses of one Zeek record, by log type.
enum ZeekObservables {
    static func find(in fields: [String: JSONValue], path: String) -> [Observable] {
        var found = Found(fields: fields)
        found.address("id.orig_h")
        found.address("id.resp_h")
        switch path {
        case "dns":
            found.domain("query")
            found.host("answers")
        case "http":
            found.host("host")
            if let host = fields["host"]?.stringValue, !host.isEmpty, let uri = fields["uri"]?.stringValue {
                found.add(.url, "http://\(host)\(uri)", field: "uri")
            }
            found.url("referrer")
        case "ssl":
            found.domain("server_name")
        case "x509":
            if let subject = fields["certificate.subject"]?.stringValue, let name = commonName(subject) {
                found.domainValue(name, field: "certificate.subject")
            }
            found.domain("san.dns")
            found.address("san.ip")
            found.email("san.email")
        case "files":
            found.hash(.md5, "md5", length: 32)
            found.hash(.sha1, "sha1", length: 40)
            found.hash(.sha256, "sha256", length: 64)
            found.address("tx_hosts")
            found.address("rx_hosts")
        case "smtp":
            found.email("mailfrom")
            found.email("rcptto")
            found.email("from")
            found.email("to")
            found.address("x_originating_ip")
        case "ftp":
            if let command = fields["command"]?.stringValue, command == "RETR" || command == "STOR",
               let argument = fields["arg"]?.stringValue, !argument.isEmpty
            {
                if argument.hasPrefix("ftp://") {
                    found.add(.url, argument, field: "arg")
                } else if let host = fields["id.resp_h"]?.stringValue {
                    let file = argument.hasPrefix("/") ? String(argument.dropFirst()) : argument
                    let hostPart = host.contains(":") ? "[\(host)]" : host
                    found.add(.url, "ftp://\(hostPart)/\(file)", field: "arg")
                }
            }
        case "notice":
            found.address("src")
            found.address("dst")
        case "software", "known_hosts", "known_services", "known_certs", "known_devices", "known_modbus":
            found.address("host")
        case "ntlm":
            if let name = fields["server_dns_computer_name"]?.stringValue, name.contains(".") {
                found.domainValue(name, field: "server_dns_computer_name")
            }
        default:
            break // conn, ssh, kerberos (principals are not observables), dce_rpc, smb_mapping, …
        }
        return found.list
    }

    /// The `CN` of a distinguished name as Zeek writes it (`CN=host,O=Org\, Inc,…`; `\,` is an escaped
    /// comma).
    static func commonName(_ subject: String) -> String? {
        var parts: [String] = []
        var current = ""
        var escaped = false
        for character in subject {
            if escaped {
                current.append(character)
                escaped = false
            } else if character == "\\" {
                escaped = true
            } else if character == "," {
                parts.append(current)
                current = ""
            } else {
                current.append(character)
            }
        }
        parts.append(current)
        for part in parts {
            let trimmed = part.drop(while: { $0 == " " })
            if trimmed.hasPrefix("CN=") { return String(trimmed.dropFirst(3)) }
        }
        return nil
    }

    /// The observables found so far, without duplicates (by kind and value), in the order found.
    struct Found {
        let fields: [String: JSONValue]
        var list: [Observable] = []
        private var seen: Set<String> = []

        init(fields: [String: JSONValue]) { self.fields = fields }

        mutating func add(_ kind: Observable.Kind, _ value: String, field: String) {
            guard !value.isEmpty, seen.insert("\(kind.rawValue):\(value)").inserted else { return }
            list.append(Observable(kind, value, field: field))
        }

        /// The field's text values: a string, or the strings of an array.
        private func texts(_ field: String) -> [String] {
            switch fields[field] {
            case .string(let text)?: [text]
            case .array(let values)?: values.compactMap(\.stringValue)
            default: []
            }
        }

        /// IP addresses only.
        mutating func address(_ field: String) {
            for text in texts(field) where IPAddressText(text) != nil { add(.ipAddress, text, field: field) }
        }

        /// Domain names only.
        mutating func domain(_ field: String) {
            for text in texts(field) { domainValue(text, field: field) }
        }

        mutating func domainValue(_ text: String, field: String) {
            if let name = ZeekObservables.domainName(text) { add(.domainName, name, field: field) }
        }

        /// An IP address or a domain name (a `host:port` has its port removed).
        mutating func host(_ field: String) {
            for text in texts(field) {
                let host = ZeekObservables.stripPort(text)
                if IPAddressText(host) != nil {
                    add(.ipAddress, host, field: field)
                } else {
                    domainValue(host, field: field)
                }
            }
        }

        mutating func url(_ field: String) {
            for text in texts(field) {
                let lower = text.lowercased()
                if lower.hasPrefix("http://") || lower.hasPrefix("https://") || lower.hasPrefix("ftp://") {
                    add(.url, text, field: field)
                }
            }
        }

        /// E-mail addresses, without display names and angle brackets.
        mutating func email(_ field: String) {
            for text in texts(field) {
                if let address = ZeekObservables.emailAddress(text) { add(.emailAddress, address, field: field) }
            }
        }

        mutating func hash(_ kind: Observable.Kind, _ field: String, length: Int) {
            for text in texts(field) where text.utf8.count == length && text.utf8.allSatisfy(\.isHexDigit) {
                add(kind, text.lowercased(), field: field)
            }
        }
    }

    /// `"Name" <user@example.com>` or `<user@example.com>` → `user@example.com`; `nil` without an `@`.
    static func emailAddress(_ text: String) -> String? {
        var candidate = Substring(text)
        if let open = candidate.lastIndex(of: "<") {
            let inner = candidate[candidate.index(after: open)...]
            candidate = inner.firstIndex(of: ">").map { inner[..<$0] } ?? inner
        }
        let leading = candidate.drop(while: { $0 == " " || $0 == "\t" })
        let address = leading.lastIndex(where: { $0 != " " && $0 != "\t" }).map { leading[...$0] } ?? leading
        guard let at = address.firstIndex(of: "@"), at != address.startIndex,
              address.index(after: at) != address.endIndex,
              !address.contains(where: { $0 == " " || $0 == "<" || $0 == ">" || $0 == "," })
        else { return nil }
        return String(address)
    }

    /// A lowercased domain name (`*.` and a trailing dot removed), or `nil` when the text is not one:
    /// at least two labels of letters, digits, `-` and `_`, the last not all digits, not an address.
    static func domainName(_ text: String) -> String? {
        var name = Substring(text.lowercased())
        if name.hasPrefix("*.") { name = name.dropFirst(2) }
        if name.hasSuffix(".") { name = name.dropLast() }
        guard name.utf8.count <= 253, IPAddressText(String(name)) == nil else { return nil }
        let labels = name.split(separator: ".", omittingEmptySubsequences: false)
        guard labels.count >= 2 else { return nil }
        for label in labels {
            guard !label.isEmpty, label.utf8.count <= 63,
                  label.utf8.allSatisfy({ $0.isASCIIAlphanumeric || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: "_") })
            else { return nil }
        }
        guard let last = labels.last, !last.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }) else { return nil }
        return String(name)
    }

    /// `host:port` → `host`, `[v6]:port` → `v6`; a bare IPv6 address is left whole.
    static func stripPort(_ text: String) -> String {
        if text.hasPrefix("["), let close = text.firstIndex(of: "]") {
            return String(text[text.index(after: text.startIndex)..<close])
        }
        let colons = text.filter { $0 == ":" }.count
        if colons == 1, let colon = text.firstIndex(of: ":") { return String(text[..<colon]) }
        return text
    }
}

private extension UInt8 {
    var isHexDigit: Bool {
        (48...57).contains(self) || (65...70).contains(self) || (97...102).contains(self)
    }

    var isASCIIAlphanumeric: Bool {
        (48...57).contains(self) || (65...90).contains(self) || (97...122).contains(self)
    }
}

// MARK: - Addresses

/// An IPv4 or IPv6 address parsed from text, in pure Swift.
struct IPAddressText: Equatable {
    enum Family: Equatable {
        case v4([UInt8])
        case v6([UInt16])
    }

    let family: Family

    /// `nil` when the text is not a dotted-quad IPv4 address or an IPv6 address (with `::` and an
    /// optional trailing IPv4 part; zone ids are not accepted).
    init?(_ text: String) {
        if let v4 = Self.parseV4(Substring(text)) {
            family = .v4(v4)
        } else if let v6 = Self.parseV6(text) {
            family = .v6(v6)
        } else {
            return nil
        }
    }

    /// Private, loopback, link-local, CGNAT or unique-local: not routable on the internet.
    var isPrivate: Bool {
        switch family {
        case .v4(let b):
            return b[0] == 10 || b[0] == 127 || (b[0] == 172 && (16...31).contains(b[1]))
                || (b[0] == 192 && b[1] == 168) || (b[0] == 169 && b[1] == 254)
                || (b[0] == 100 && (64...127).contains(b[1]))
        case .v6(let g):
            return g == [0, 0, 0, 0, 0, 0, 0, 1] || (g[0] & 0xFE00) == 0xFC00 || (g[0] & 0xFFC0) == 0xFE80
        }
    }

    private static func parseV4(_ text: Substring) -> [UInt8]? {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4 else { return nil }
        var bytes: [UInt8] = []
        for part in parts {
            guard (1...3).contains(part.utf8.count), part.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }),
                  let value = UInt8(part)
            else { return nil }
            bytes.append(value)
        }
        return bytes
    }

    private static func parseV6(_ text: String) -> [UInt16]? {
        guard text.contains(":"), text.utf8.count <= 45 else { return nil }
        let halves = ZeekTSVReader.split(text.utf8, on: Array("::".utf8)).map { String(decoding: $0, as: UTF8.self) }
        guard halves.count <= 2 else { return nil }
        func groups(_ part: String, allowV4Tail: Bool) -> [UInt16]? {
            if part.isEmpty { return [] }
            var result: [UInt16] = []
            let pieces = part.split(separator: ":", omittingEmptySubsequences: false)
            for (index, piece) in pieces.enumerated() {
                if allowV4Tail, index == pieces.count - 1, piece.contains(".") {
                    guard let v4 = parseV4(piece) else { return nil }
                    result.append(UInt16(v4[0]) << 8 | UInt16(v4[1]))
                    result.append(UInt16(v4[2]) << 8 | UInt16(v4[3]))
                } else {
                    guard (1...4).contains(piece.utf8.count), piece.utf8.allSatisfy(\.isHexDigit),
                          let value = UInt16(piece, radix: 16)
                    else { return nil }
                    result.append(value)
                }
            }
            return result
        }
        if halves.count == 2 {
            guard let head = groups(halves[0], allowV4Tail: false),
                  let tail = groups(halves[1], allowV4Tail: true), head.count + tail.count <= 7
            else { return nil }
            return head + Array(repeating: 0, count: 8 - head.count - tail.count) + tail
        }
        guard let all = groups(text, allowV4Tail: true), all.count == 8 else { return nil }
        return all
    }
}

// MARK: - Record hash

/// A stable 64-bit FNV-1a hash of a record's canonical text (keys sorted), as 16 hex digits: the alert
/// id of a notice that has neither `uid` nor `fuid`.
enum ZeekRecordHash {
    static func hex(of fields: [String: JSONValue]) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        func feed(_ text: String) {
            for byte in text.utf8 {
                hash ^= UInt64(byte)
                hash = hash &* 0x0000_0100_0000_01B3
            }
        }
        func feed(_ value: JSONValue) {
            switch value {
            case .null: feed("n")
            case .bool(let flag): feed(flag ? "t" : "f")
            case .int(let number): feed("i\(number);")
            case .double(let number): feed("d\(number);")
            case .string(let text): feed("s\(text.utf8.count):\(text)")
            case .array(let values):
                feed("[")
                values.forEach { feed($0) }
                feed("]")
            case .object(let object):
                feed("{")
                for key in object.keys.sorted() {
                    feed("s\(key.utf8.count):\(key)")
                    if let member = object[key] { feed(member) }
                }
                feed("}")
            }
        }
        feed(.object(fields))
        let digits = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }
}

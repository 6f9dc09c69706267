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
            found.hash(.md5, "md5")
            found.hash(.sha1, "sha1")
            found.hash(.sha256, "sha256")
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
        private var collector = ObservableCollector()
        var list: [Observable] { collector.observables }

        init(fields: [String: JSONValue]) { self.fields = fields }

        mutating func add(_ kind: Observable.Kind, _ value: String, field: String) {
            collector.add(kind, value, field: field)
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
            for text in texts(field) { collector.address(text, field: field, allowingZone: false) }
        }

        /// Domain names only.
        mutating func domain(_ field: String) {
            for text in texts(field) { domainValue(text, field: field) }
        }

        mutating func domainValue(_ text: String, field: String) {
            collector.domain(text, field: field, allowingSingleLabel: false)
        }

        /// An IP address or a domain name (a `host:port` has its port removed).
        mutating func host(_ field: String) {
            for text in texts(field) {
                collector.name(ZeekObservables.stripPort(text), field: field, allowingZone: false, allowingSingleLabel: false)
            }
        }

        mutating func url(_ field: String) {
            for text in texts(field) { collector.url(text, field: field) }
        }

        /// E-mail addresses, without display names and angle brackets, in the case they were written.
        mutating func email(_ field: String) {
            for text in texts(field) { collector.email(text, field: field) }
        }

        mutating func hash(_ kind: Observable.Kind, _ field: String) {
            for text in texts(field) where ObservableCollector.hashKind(text) == kind { collector.add(kind, text.lowercased(), field: field) }
        }
    }

    /// A lowercased domain name (`*.` and trailing dots removed), or `nil` when the text is not one: in
    /// Zeek logs a name needs at least two labels (see ``ObservableText/domain(_:allowingSingleLabel:)``).
    static func domainName(_ text: String) -> String? {
        ObservableText.domain(text, allowingSingleLabel: false)
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


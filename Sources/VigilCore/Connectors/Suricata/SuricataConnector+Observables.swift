extension SuricataConnector {
    /// The observables of an EVE record, in the order found, without duplicates (same kind and value):
    /// `src_ip`, `dest_ip`; DNS names and answers; the HTTP host and full URL; the TLS server name;
    /// file hashes; SMTP and e-mail addresses.
    static func observables(in object: [String: JSONValue]) -> [Observable] {
        var collector = ObservableCollector()
        collector.address(string(object["src_ip"]), field: "src_ip")
        collector.address(string(object["dest_ip"]), field: "dest_ip")

        if let dns = object["dns"] {
            collector.name(string(dns["rrname"]), field: "dns.rrname")
            collector.name(string(dns["rdata"]), field: "dns.rdata")
            for key in ["query", "queries"] {
                for entry in dns[key]?.arrayValue ?? [] {
                    collector.name(string(entry["rrname"]), field: "dns.\(key).rrname")
                }
            }
            for entry in dns["answers"]?.arrayValue ?? [] {
                collector.name(string(entry["rrname"]), field: "dns.answers.rrname")
                collector.name(string(entry["rdata"]), field: "dns.answers.rdata")
            }
        }

        if let http = object["http"] {
            let host = string(http["hostname"])
            collector.name(host, field: "http.hostname")
            if let path = string(http["url"]) {
                let url = fullURL(host: host, path: path)
                if url.lowercased().hasPrefix("http") { collector.add(.url, url, field: "http.url") }
            }
        }

        collector.name(string(object["tls"]?["sni"]), field: "tls.sni")

        if let file = object["fileinfo"] {
            for (key, kind) in [("md5", Observable.Kind.md5), ("sha1", .sha1), ("sha256", .sha256)] {
                if let hash = string(file[key]) { collector.add(kind, hash.lowercased(), field: "fileinfo.\(key)") }
            }
        }

        for (section, key) in [("smtp", "mail_from"), ("smtp", "rcpt_to"), ("email", "from"), ("email", "to"),
                               ("email", "cc")]
        {
            let value = object[section]?[key]
            let texts = value?.arrayValue?.compactMap { string($0) } ?? [string(value)].compactMap { $0 }
            for text in texts { collector.email(text, field: "\(section).\(key)") }
        }
        return collector.observables
    }
}

import Foundation
import VigilCore
import VigilStorage

/// One SIEM exporter (`exporters:` in the configuration file): which alert changes it follows and where it
/// sends them. Every key is documented in the README.
public struct ExporterConfiguration: Sendable, Codable, Equatable {
    /// The kinds of exporter.
    public static let kinds = ["syslog", "splunk", "file"]

    /// Unique name; the exporter's cursor and health are stored under it.
    public var name: String
    /// `syslog`, `splunk` or `file`.
    public var kind: String
    /// Only this tenant's alerts, or every tenant's when `nil`.
    public var tenant: String?
    /// An OData `$filter` on the alert; only matching alerts are sent.
    public var filter: String?
    /// Changes read from the feed (and sent) at once.
    public var batchSize: Int = 100
    /// Seconds between polls of the feed when no change signal arrives.
    public var pollSeconds: Double = 1
    /// The first wait after a failed delivery, in seconds; doubled after each further failure…
    public var retryInitialSeconds: Double = 1
    /// …up to this many seconds.
    public var retryMaxSeconds: Double = 60

    // syslog
    /// `udp`, `tcp` (RFC 6587 octet counting) or `tls` (RFC 5425).
    public var transport: String?
    /// The receiver's host name or address.
    public var host: String?
    /// Default 514 (udp, tcp) or 6514 (tls).
    public var port: Int?
    /// The message carried: `cef` (default) or `json`.
    public var format: String?
    /// Facility name (`local0`, `auth`, …) or number 0–23; default `local0`.
    public var facility: String?
    /// The HOSTNAME of syslog messages and the `host` of Splunk events; default: this machine's name.
    public var hostname: String?

    // tls (syslog) and https (splunk)
    /// A PEM file of certificate authorities to trust instead of the system's.
    public var caFile: String?
    /// Accept any server certificate (self-signed test receivers only).
    public var insecureSkipVerify: Bool = false

    // splunk
    /// The collector's base URL (`https://splunk.example:8088`) or the full event endpoint URL.
    public var url: String?
    /// The HEC token, or `${NAME}` to read the environment variable NAME.
    public var token: Secret?
    /// A file holding the HEC token (trailing newline ignored).
    public var tokenFile: String?
    /// Splunk `index` of the events (default: the token's).
    public var index: String?
    /// Splunk `source` of the events.
    public var source: String?
    /// Splunk `sourcetype` of the events.
    public var sourcetype: String?
    /// Seconds one HEC request may take.
    public var timeoutSeconds: Double = 10

    // file
    /// The JSON lines file.
    public var path: String?
    /// Size at which the file is rotated.
    public var maxBytes: Int = 100 * 1024 * 1024
    /// Rotated files kept (`path.1` … `path.N`).
    public var maxFiles: Int = 5

    public init(name: String, kind: String) {
        self.name = name
        self.kind = kind
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case name, kind = "type", tenant, filter, batchSize, pollSeconds, retryInitialSeconds, retryMaxSeconds
        case transport, host, port, format, facility, hostname, caFile, insecureSkipVerify
        case url, token, tokenFile, index, source, sourcetype, timeoutSeconds
        case path, maxBytes, maxFiles
    }

    /// The keys an entry may have, for the check of unknown keys.
    public static var keys: Set<String> { Set(CodingKeys.allCases.map(\.rawValue)) }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.decodeIfPresent(String.self, forKey: .name) ?? ""
        kind = try c.decodeIfPresent(String.self, forKey: .kind) ?? ""
        tenant = try c.decodeIfPresent(String.self, forKey: .tenant)
        filter = try c.decodeIfPresent(String.self, forKey: .filter)
        batchSize = try c.decodeIfPresent(Int.self, forKey: .batchSize) ?? 100
        pollSeconds = try c.decodeIfPresent(Double.self, forKey: .pollSeconds) ?? 1
        retryInitialSeconds = try c.decodeIfPresent(Double.self, forKey: .retryInitialSeconds) ?? 1
        retryMaxSeconds = try c.decodeIfPresent(Double.self, forKey: .retryMaxSeconds) ?? 60
        transport = try c.decodeIfPresent(String.self, forKey: .transport)
        host = try c.decodeIfPresent(String.self, forKey: .host)
        port = try c.decodeIfPresent(Int.self, forKey: .port)
        format = try c.decodeIfPresent(String.self, forKey: .format)
        facility = try c.decodeIfPresent(String.self, forKey: .facility)
        hostname = try c.decodeIfPresent(String.self, forKey: .hostname)
        caFile = try c.decodeIfPresent(String.self, forKey: .caFile)
        insecureSkipVerify = try c.decodeIfPresent(Bool.self, forKey: .insecureSkipVerify) ?? false
        url = try c.decodeIfPresent(String.self, forKey: .url)
        token = try c.decodeIfPresent(Secret.self, forKey: .token)
        tokenFile = try c.decodeIfPresent(String.self, forKey: .tokenFile)
        index = try c.decodeIfPresent(String.self, forKey: .index)
        source = try c.decodeIfPresent(String.self, forKey: .source)
        sourcetype = try c.decodeIfPresent(String.self, forKey: .sourcetype)
        timeoutSeconds = try c.decodeIfPresent(Double.self, forKey: .timeoutSeconds) ?? 10
        path = try c.decodeIfPresent(String.self, forKey: .path)
        maxBytes = try c.decodeIfPresent(Int.self, forKey: .maxBytes) ?? 100 * 1024 * 1024
        maxFiles = try c.decodeIfPresent(Int.self, forKey: .maxFiles) ?? 5
    }

    /// The syslog transport, `tcp` when not set.
    public var resolvedTransport: String { transport?.lowercased() ?? "tcp" }

    /// The syslog port: as set, else 6514 for tls and 514 otherwise.
    public var resolvedPort: Int { port ?? (resolvedTransport == "tls" ? 6514 : 514) }

    /// The syslog message format, `cef` when not set.
    public var resolvedFormat: String { format?.lowercased() ?? "cef" }

    /// The syslog facility number (`local0`, 16, when not set).
    public var resolvedFacility: Int { facility.flatMap(SyslogMessageBuilder.facility(named:)) ?? 16 }

    /// The host name written into messages.
    public var resolvedHostname: String { hostname ?? ProcessInfo.processInfo.hostName }

    /// Where it sends, for health listings: never a token.
    public var destination: String {
        switch kind {
        case "syslog": "\(resolvedTransport)://\(host ?? ""):\(resolvedPort) (\(resolvedFormat))"
        case "splunk": url ?? ""
        case "file": path ?? ""
        default: ""
        }
    }

    /// Checks every key that can be checked without contacting the destination.
    /// - Throws: `VigilError` (`badRequest`) naming the exporter and the key at fault.
    public func validate() throws(VigilError) {
        let label = name.isEmpty ? "Exporter" : "Exporter '\(name)'"
        func fail(_ message: String) -> VigilError { VigilError(.badRequest, "\(label): \(message)") }
        guard !name.isEmpty else { throw fail("'name' is required.") }
        guard Self.kinds.contains(kind) else {
            throw fail(kind.isEmpty ? "'type' is required (one of \(Self.kinds.joined(separator: ", ")))."
                                    : "'type' must be one of \(Self.kinds.joined(separator: ", ")), not '\(kind)'.")
        }
        if let tenant, tenant.isEmpty { throw fail("'tenant' must not be empty; omit it to export every tenant.") }
        if let filter {
            do {
                _ = try ODataQuery<Alert>.parseFilter(filter)
            } catch {
                throw fail("'filter' is not a valid $filter: \(error.message)")
            }
        }
        guard (1...10_000).contains(batchSize) else { throw fail("'batchSize' must be 1–10000.") }
        guard pollSeconds > 0, pollSeconds <= 3600 else { throw fail("'pollSeconds' must be in (0, 3600].") }
        guard retryInitialSeconds > 0, retryMaxSeconds >= retryInitialSeconds else {
            throw fail("'retryInitialSeconds' must be above 0 and 'retryMaxSeconds' at least as large.")
        }
        if let caFile, !FileManager.default.isReadableFile(atPath: caFile) {
            throw fail("cannot read 'caFile' '\(caFile)'.")
        }
        switch kind {
        case "syslog":
            guard ["udp", "tcp", "tls"].contains(resolvedTransport) else {
                throw fail("'transport' must be udp, tcp or tls, not '\(transport ?? "")'.")
            }
            guard let host, !host.isEmpty else { throw fail("'host' is required for type syslog.") }
            guard (1...65535).contains(resolvedPort) else { throw fail("'port' must be 1–65535.") }
            guard ["cef", "json"].contains(resolvedFormat) else {
                throw fail("'format' must be cef or json, not '\(format ?? "")'.")
            }
            if let facility, SyslogMessageBuilder.facility(named: facility) == nil {
                throw fail("'facility' must be 0–23 or a name (\(SyslogMessageBuilder.facilityNames.joined(separator: ", "))), not '\(facility)'.")
            }
        case "splunk":
            guard let url, !url.isEmpty else { throw fail("'url' is required for type splunk.") }
            guard let parsed = URL(string: url), ["http", "https"].contains(parsed.scheme?.lowercased() ?? ""),
                  parsed.host != nil else {
                throw fail("'url' must be an http(s) URL, not '\(url)'.")
            }
            guard token != nil || tokenFile != nil else { throw fail("'token' or 'tokenFile' is required for type splunk.") }
            guard token == nil || tokenFile == nil else { throw fail("give 'token' or 'tokenFile', not both.") }
            guard timeoutSeconds > 0, timeoutSeconds <= 300 else { throw fail("'timeoutSeconds' must be in (0, 300].") }
        case "file":
            guard let path, !path.isEmpty else { throw fail("'path' is required for type file.") }
            guard maxBytes >= 1024 else { throw fail("'maxBytes' must be at least 1024.") }
            guard (0...1000).contains(maxFiles) else { throw fail("'maxFiles' must be 0–1000.") }
        default:
            break
        }
    }

    /// Validates a list of exporters: each entry, and that names are unique.
    /// - Throws: `VigilError` naming the exporter at fault.
    public static func validate(_ exporters: [ExporterConfiguration]) throws(VigilError) {
        var names: Set<String> = []
        for exporter in exporters {
            try exporter.validate()
            guard names.insert(exporter.name).inserted else {
                throw VigilError(.badRequest, "Two exporters are named '\(exporter.name)'; names must be unique (the cursor is stored under the name).")
            }
        }
    }

    /// The HEC token: literal, `${ENV}` reference, or file (see `Secret.resolve`).
    /// - Throws: `VigilError` naming the exporter when the variable or file is missing, or the token is empty.
    public func resolvedToken(environment: [String: String] = ProcessInfo.processInfo.environment) throws(VigilError) -> Secret {
        let owner = "Exporter '\(name)'"
        guard let token = try Secret.resolve(token, file: tokenFile, owner: owner, environment: environment),
              !token.revealed.isEmpty else {
            throw VigilError(.badRequest, "\(owner): 'token' or 'tokenFile' is required for type splunk, and the token must not be empty.")
        }
        return token
    }
}

import Foundation
#if canImport(Glibc)
import Glibc
#endif
import VigilCore
import VigilNotifications
import VigilStorage
import Yams

/// Everything `vigil serve` can be told, from flags and the optional YAML file (`--config`). Every key
/// is documented in the README.
public struct VigilConfiguration: Sendable, Codable, Equatable {
    /// Address to listen on.
    public var host: String = "127.0.0.1"
    /// Port to listen on.
    public var port: Int = 8080
    /// Folder for the database (`vigil.sqlite`) and other state.
    public var dataDir: String = "./vigil-data"
    /// A PostgreSQL database URL (`postgres://user:password@host:5432/db`, or `${NAME}` to read it from the
    /// environment variable NAME) shared by several replicas; `nil` keeps SQLite in `dataDir`.
    public var database: Secret?
    /// The URL clients reach Vigil at; used in `@odata.nextLink`, `@odata.context` and token issuers.
    /// Defaults to `http://<host>:<port>`.
    public var publicBaseUrl: String?
    /// Access token lifetime in seconds (also how long a rotated signing key is still accepted).
    public var tokenLifetimeSeconds: Int = 3599
    /// A file holding the key that seals token signing keys in the database (32 bytes in base64). When unset,
    /// the environment variable `VIGIL_KEY_ENCRYPTION_KEY` is used, else `<dataDir>/key-encryption.key`,
    /// created on first start with mode 0600.
    public var keyEncryptionKeyFile: String?
    /// Audiences accepted in tokens (and the resources a client may ask a token for, as `<aud>/.default`).
    /// Defaults to the public base URL, `https://graph.microsoft.com` and Graph's app id, so Graph
    /// clients keep their scope.
    public var audiences: [String]?
    /// Requests per minute per tenant and app.
    public var throttling = Throttling()
    /// Limits of `POST /ingest/alerts`.
    public var ingest = Ingest()
    /// Default page size of lists when `$top` is absent.
    public var defaultPageSize: Int = 100
    /// Connection limits of the HTTP server.
    public var http = HTTPLimits()

    /// How long a connection may stay silent and how many may be open at once.
    public struct HTTPLimits: Sendable, Codable, Equatable {
        /// A connection that sends nothing for this long (mid-request, or idle between requests) is closed.
        public var idleTimeoutSeconds: Double = 60
        /// Connections open at once; further clients wait in the listen backlog until one closes.
        public var maxConnections: Int = 2048
        public init() {}
    }
    /// Whether `GET /metrics` needs a token with `Vigil.Admin`; `nil` decides by the address listened on:
    /// required unless the server listens on loopback only.
    public var metricsRequireToken: Bool?

    /// Whether `GET /metrics` needs a token, as configured or as the listening address implies.
    public var metricsNeedToken: Bool {
        metricsRequireToken ?? !["127.0.0.1", "::1", "localhost"].contains(host.lowercased())
    }
    /// Identity providers whose tokens Vigil also accepts (Entra ID, Keycloak, …).
    public var externalIssuers: [ExternalIssuerConfiguration] = []
    /// Remote Graph-compatible providers tenants fan out to.
    public var providers: [ProviderConfiguration] = []
    /// Fan-out settings shared by all providers.
    public var federation = FederationSettings()
    /// Threat indicator settings.
    public var indicators = Indicators()
    /// Log files Vigil follows (tails) and feeds to the event pipeline.
    public var sources: [FileSourceConfiguration] = []
    /// Syslog listeners (UDP or TCP) feeding the event pipeline.
    public var syslog: [SyslogListenerConfiguration] = []
    /// SIEM exporters that stream alert changes out (syslog, Splunk HEC, JSON lines files).
    public var exporters: [ExporterConfiguration] = []
    /// Webhook subscriptions and their delivery.
    public var notifications = NotificationSettings()
    /// Security actions: webhook targets and the runner's timing.
    public var actions = ActionSettings()
    /// Secure score: deployment catalogs of controls and the daily snapshots.
    public var score = ScoreSettings()
    /// Sigma detection rules evaluated on every event.
    public var sigma = Sigma()

    public struct Sigma: Sendable, Codable, Equatable {
        /// Directories of Sigma rule files (`.yml`, `.yaml`, searched recursively).
        public var rules: [String] = []
        /// How often the rule files are checked for changes.
        public var reloadSeconds: Double = 2
        public init() {}

        enum CodingKeys: String, CodingKey, CaseIterable {
            case rules, reloadSeconds
        }
    }

    public struct Indicators: Sendable, Codable, Equatable {
        /// Days an expired indicator is kept before it is deleted (it stops matching at its expiry).
        public var retentionDays: Int = 30
        public init() {}
    }

    public struct Throttling: Sendable, Codable, Equatable {
        /// Any operation on alerts (Graph's default: 150).
        public var alertsPerMinute: Int = 150
        /// Any operation on threat indicators (Graph's default: 1000).
        public var indicatorsPerMinute: Int = 1000
        /// Token requests per tenant (as named in the path) and client id: bounds guessing of secrets.
        public var tokenRequestsPerMinute: Int = 300
        /// Pushed ingestion and imports (`/ingest/*`) per tenant and app.
        public var ingestPerMinute: Int = 600
        /// Block/allow feed reads (`/feeds/*`) per tenant and app.
        public var feedsPerMinute: Int = 300
        public init() {}

        /// The limits by the resource classes `RateLimiter` counts.
        public var limits: [String: Int] {
            ["alerts": alertsPerMinute, "indicators": indicatorsPerMinute, "token": tokenRequestsPerMinute,
             "ingest": ingestPerMinute, "feeds": feedsPerMinute]
        }
    }

    public struct Ingest: Sendable, Codable, Equatable {
        /// Most alerts in one request.
        public var maxItems: Int = 5000
        /// Largest request body in bytes.
        public var maxBytes: Int = 10 * 1024 * 1024
        /// Longest NDJSON (or product-format) line in bytes; a longer line is rejected on its own.
        public var maxLineBytes: Int = 1024 * 1024
        public init() {}
    }

    public init() {}

    /// The base URL without a trailing slash.
    public var baseURL: String {
        var url = publicBaseUrl ?? "http://\(host):\(port)"
        while url.hasSuffix("/") { url.removeLast() }
        return url
    }

    /// The accepted audiences.
    public var acceptedAudiences: Set<String> {
        Set(audiences ?? [baseURL, "https://graph.microsoft.com", "00000003-0000-0000-c000-000000000000"])
    }

    /// The variable the key-encryption key is read from when no file is configured.
    public static let keyEncryptionKeyVariable = "VIGIL_KEY_ENCRYPTION_KEY"

    /// The key that seals token signing keys: from `keyEncryptionKeyFile`, else from the environment, else
    /// from `<dataDir>/key-encryption.key` (created, mode 0600, when it does not exist).
    /// - Throws: `VigilError` when the key cannot be read or is not 32 bytes in base64.
    public func keyEncryptionKey(environment: [String: String] = ProcessInfo.processInfo.environment) throws(VigilError)
        -> KeyEncryptionKey
    {
        if let file = keyEncryptionKeyFile {
            guard let data = FileManager.default.contents(atPath: file) else {
                throw VigilError(.badRequest, "keyEncryptionKeyFile: cannot read '\(file)'.")
            }
            return try KeyEncryptionKey(base64: String(decoding: data, as: UTF8.self), origin: file)
        }
        if let value = environment[Self.keyEncryptionKeyVariable], !value.isEmpty {
            return try KeyEncryptionKey(base64: value, origin: Self.keyEncryptionKeyVariable)
        }
        let path = (dataDir as NSString).appendingPathComponent("key-encryption.key")
        if let data = FileManager.default.contents(atPath: path) {
            return try KeyEncryptionKey(base64: String(decoding: data, as: UTF8.self), origin: path)
        }
        let text = KeyEncryptionKey.generate()
        do {
            try FileManager.default.createDirectory(atPath: dataDir, withIntermediateDirectories: true)
        } catch {
            throw VigilError(.badRequest, "Cannot create the data folder '\(dataDir)': \(error).")
        }
        // Created exclusively with mode 0600: of two processes starting at once, the second reads the first's key.
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL, 0o600)
        if descriptor < 0 {
            if errno == EEXIST {
                // The other process may still be writing it.
                for _ in 0..<40 {
                    if let data = FileManager.default.contents(atPath: path), data.count >= 44 {
                        return try KeyEncryptionKey(base64: String(decoding: data, as: UTF8.self), origin: path)
                    }
                    usleep(50_000)
                }
            }
            throw VigilError(.badRequest, "Cannot create the key-encryption key file '\(path)' (errno \(errno)). Set \(Self.keyEncryptionKeyVariable) or keyEncryptionKeyFile instead.")
        }
        let bytes = Array((text + "\n").utf8)
        let written = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
        fsync(descriptor)
        close(descriptor)
        guard written == bytes.count else {
            throw VigilError(.badRequest, "Cannot write the key-encryption key file '\(path)'.")
        }
        return try KeyEncryptionKey(base64: text, origin: path)
    }

    /// The database file.
    public var databasePath: String { (dataDir as NSString).appendingPathComponent("vigil.sqlite") }

    /// Where the state lives: PostgreSQL when `database` is set, else `vigil.sqlite` in `dataDir`.
    /// - Throws: `VigilError` (`badRequest`) for a malformed URL or an unset environment variable (without the password).
    public func storeLocation(environment: [String: String] = ProcessInfo.processInfo.environment) throws(VigilError)
        -> StoreLocation
    {
        guard let database else { return .sqlite(path: databasePath) }
        var url = database
        let text = database.revealed
        if text.hasPrefix("${"), text.hasSuffix("}"), text.count > 3 {
            let variable = String(text.dropFirst(2).dropLast())
            guard let value = environment[variable], !value.isEmpty else {
                throw VigilError(.badRequest, "database: the environment variable \(variable) is not set.")
            }
            url = Secret(value)
        }
        return .postgres(try PostgresLocation(url: url))
    }

    /// Checks every provider entry and that names are unique.
    /// - Throws: `VigilError` naming the provider at fault.
    public func validateProviders() throws(VigilError) {
        var seen: Set<String> = []
        for provider in providers {
            try provider.validate()
            guard seen.insert(provider.name).inserted else {
                throw VigilError(.badRequest, "Two providers are named '\(provider.name)'; names must be unique.")
            }
        }
        var sourceNames: Set<String> = []
        for source in sources {
            guard source.logFormat != nil else {
                throw VigilError(.badRequest, "Source '\(source.name)': format '\(source.format)' is not one of \(LogFormat.names).")
            }
            guard !source.path.isEmpty, !source.tenant.isEmpty else {
                throw VigilError(.badRequest, "Source '\(source.name)': 'path' and 'tenant' are required.")
            }
            guard sourceNames.insert(source.name).inserted, LogFormat(rawValue: source.name) == nil else {
                throw VigilError(.badRequest, "Source names must be unique and differ from format names; '\(source.name)' is not.")
            }
        }
        for listener in syslog {
            guard listener.maxMessageBytes >= 64, listener.maxConnections >= 1 else {
                throw VigilError(.badRequest, "Syslog listener '\(listener.name)': maxMessageBytes must be at least 64 and maxConnections at least 1.")
            }
            guard ["udp", "tcp"].contains(listener.transport), (0...65535).contains(listener.port),
                  LogFormat(rawValue: listener.format.lowercased()) != nil, !listener.tenant.isEmpty else {
                throw VigilError(.badRequest, "Syslog listener '\(listener.name)': transport must be udp or tcp, port 0–65535, format one of \(LogFormat.names), and tenant set.")
            }
            guard sourceNames.insert(listener.name).inserted, LogFormat(rawValue: listener.name) == nil else {
                throw VigilError(.badRequest, "Source names must be unique and differ from format names; '\(listener.name)' is not.")
            }
        }
        try ExporterConfiguration.validate(exporters)
        guard http.idleTimeoutSeconds > 0, http.maxConnections >= 1 else {
            throw VigilError(.badRequest, "http.idleTimeoutSeconds must be more than 0 and http.maxConnections at least 1.")
        }
        guard sigma.reloadSeconds > 0 else {
            throw VigilError(.badRequest, "sigma.reloadSeconds must be more than 0.")
        }
        guard indicators.retentionDays >= 0 else {
            throw VigilError(.badRequest, "indicators.retentionDays must be 0 or more.")
        }
        if let problem = notifications.problem { throw VigilError(.badRequest, problem) }
        if let problem = actions.problem { throw VigilError(.badRequest, problem) }
        if let problem = score.problem { throw VigilError(.badRequest, problem) }
        guard federation.maxConcurrentCalls >= 1, federation.failureThreshold >= 1, federation.coolDownSeconds >= 0 else {
            throw VigilError(.badRequest, "federation: maxConcurrentCalls and failureThreshold must be at least 1, coolDownSeconds at least 0.")
        }
    }

    static func names<K: CodingKey & CaseIterable>(_ keys: K.Type) -> Set<String> { Set(K.allCases.map(\.stringValue)) }

    /// Throws naming every key of `section` that is not `known` (a typo must not be silently ignored).
    static func checkKeys(_ section: [String: Any], known: Set<String>, at place: String, file: String) throws(VigilError) {
        let unknown = Set(section.keys).subtracting(known)
        guard unknown.isEmpty else {
            let where_ = place.isEmpty ? "'\(file)'" : "\(place) of '\(file)'"
            throw VigilError(.badRequest, "Unknown key(s) in \(where_): \(unknown.sorted().joined(separator: ", ")).")
        }
    }

    /// Reads a YAML file; unknown keys are an error (a typo must not be silently ignored).
    public static func load(yamlFile path: String) throws(VigilError) -> VigilConfiguration {
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
            throw VigilError(.badRequest, "Cannot read the configuration file '\(path)'.")
        }
        do {
            let known: Set<String> = ["host", "port", "dataDir", "database", "publicBaseUrl", "tokenLifetimeSeconds", "audiences",
                                      "keyEncryptionKeyFile",
                                      "throttling", "ingest", "http", "defaultPageSize", "metricsRequireToken", "externalIssuers", "providers",
                                      "federation", "indicators", "sources", "syslog", "notifications", "actions", "exporters",
                                      "score", "sigma"]
            if let top = try Yams.load(yaml: text) as? [String: Any] {
                try Self.checkKeys(top, known: known, at: "", file: path)
                let actions = top["actions"] as? [String: Any]
                // Sections whose keys are checked too: mappings, and lists of mappings.
                let sections: [(String, Any?, Set<String>)] = [
                    ("throttling", top["throttling"], ["alertsPerMinute", "indicatorsPerMinute", "tokenRequestsPerMinute",
                                                       "ingestPerMinute", "feedsPerMinute"]),
                    ("ingest", top["ingest"], ["maxItems", "maxBytes", "maxLineBytes"]),
                    ("http", top["http"], ["idleTimeoutSeconds", "maxConnections"]),
                    ("indicators", top["indicators"], ["retentionDays"]),
                    ("federation", top["federation"], Self.names(FederationSettings.CodingKeys.self)),
                    ("notifications", top["notifications"], Self.names(NotificationSettings.CodingKeys.self)),
                    ("actions", actions, Self.names(ActionSettings.CodingKeys.self)),
                    ("score", top["score"], Self.names(ScoreSettings.CodingKeys.self)),
                    ("sigma", top["sigma"], Self.names(Sigma.CodingKeys.self)),
                ]
                for (name, value, keys) in sections {
                    if let section = value as? [String: Any] { try Self.checkKeys(section, known: keys, at: name, file: path) }
                }
                let lists: [(String, Any?, Set<String>)] = [
                    ("providers", top["providers"], Self.names(ProviderConfiguration.CodingKeys.self)),
                    ("sources", top["sources"], Self.names(FileSourceConfiguration.CodingKeys.self)),
                    ("syslog", top["syslog"], Self.names(SyslogListenerConfiguration.CodingKeys.self)),
                    ("externalIssuers", top["externalIssuers"], ["issuer", "jwksUrl", "audience", "tenant"]),
                    ("actions.webhooks", actions?["webhooks"], Self.names(ActionWebhookConfiguration.CodingKeys.self)),
                    ("exporters", top["exporters"], ExporterConfiguration.keys),
                ]
                for (name, value, keys) in lists {
                    for (n, entry) in ((value as? [Any]) ?? []).enumerated() {
                        guard let entry = entry as? [String: Any] else { continue }
                        let label = (entry["name"] as? String).map { "\(name)[\(n)] ('\($0)')" } ?? "\(name)[\(n)]"
                        try Self.checkKeys(entry, known: keys, at: label, file: path)
                    }
                }
            }
            var configuration = try YAMLDecoder().decode(PartialConfiguration.self, from: text).applied(to: VigilConfiguration())
            configuration.audiences = configuration.audiences.map { $0.isEmpty ? nil : $0 } ?? nil
            try configuration.validateProviders()
            return configuration
        } catch let error as VigilError {
            throw error
        } catch {
            throw VigilError(.badRequest, "The configuration file '\(path)' is not valid: \(error)")
        }
    }
}

/// The YAML file: every key optional.
private struct PartialConfiguration: Decodable {
    var host: String?
    var port: Int?
    var dataDir: String?
    var database: Secret?
    var publicBaseUrl: String?
    var tokenLifetimeSeconds: Int?
    var keyEncryptionKeyFile: String?
    var audiences: [String]?
    var throttling: Throttling?
    var ingest: Ingest?
    var defaultPageSize: Int?
    var http: HTTP?
    var metricsRequireToken: Bool?
    var externalIssuers: [ExternalIssuerConfiguration]?
    var providers: [ProviderConfiguration]?
    var federation: FederationSettings?
    var indicators: Indicators?
    var sources: [FileSourceConfiguration]?
    var syslog: [SyslogListenerConfiguration]?
    var exporters: [ExporterConfiguration]?
    var notifications: NotificationSettings?
    var actions: ActionSettings?
    var score: ScoreSettings?
    var sigma: Sigma?

    struct Sigma: Decodable {
        var rules: [String]?
        var reloadSeconds: Double?
    }

    struct Indicators: Decodable {
        var retentionDays: Int?
    }

    struct Throttling: Decodable {
        var alertsPerMinute: Int?
        var indicatorsPerMinute: Int?
        var tokenRequestsPerMinute: Int?
        var ingestPerMinute: Int?
        var feedsPerMinute: Int?
    }

    struct HTTP: Decodable {
        var idleTimeoutSeconds: Double?
        var maxConnections: Int?
    }

    struct Ingest: Decodable {
        var maxItems: Int?
        var maxBytes: Int?
        var maxLineBytes: Int?
    }

    func applied(to base: VigilConfiguration) -> VigilConfiguration {
        var c = base
        if let host { c.host = host }
        if let port { c.port = port }
        if let dataDir { c.dataDir = dataDir }
        if let database { c.database = database }
        if let publicBaseUrl { c.publicBaseUrl = publicBaseUrl }
        if let tokenLifetimeSeconds { c.tokenLifetimeSeconds = tokenLifetimeSeconds }
        if let keyEncryptionKeyFile { c.keyEncryptionKeyFile = keyEncryptionKeyFile }
        if let audiences { c.audiences = audiences }
        if let v = throttling?.alertsPerMinute { c.throttling.alertsPerMinute = v }
        if let v = throttling?.indicatorsPerMinute { c.throttling.indicatorsPerMinute = v }
        if let v = throttling?.tokenRequestsPerMinute { c.throttling.tokenRequestsPerMinute = v }
        if let v = throttling?.ingestPerMinute { c.throttling.ingestPerMinute = v }
        if let v = throttling?.feedsPerMinute { c.throttling.feedsPerMinute = v }
        if let v = ingest?.maxItems { c.ingest.maxItems = v }
        if let v = ingest?.maxBytes { c.ingest.maxBytes = v }
        if let v = ingest?.maxLineBytes { c.ingest.maxLineBytes = v }
        if let defaultPageSize { c.defaultPageSize = defaultPageSize }
        if let v = http?.idleTimeoutSeconds { c.http.idleTimeoutSeconds = v }
        if let v = http?.maxConnections { c.http.maxConnections = v }
        if let metricsRequireToken { c.metricsRequireToken = metricsRequireToken }
        if let externalIssuers { c.externalIssuers = externalIssuers }
        if let providers { c.providers = providers }
        if let federation { c.federation = federation }
        if let v = indicators?.retentionDays { c.indicators.retentionDays = v }
        if let sources { c.sources = sources }
        if let syslog { c.syslog = syslog }
        if let exporters { c.exporters = exporters }
        if let notifications { c.notifications = notifications }
        if let actions { c.actions = actions }
        if let score { c.score = score }
        if let v = sigma?.rules { c.sigma.rules = v }
        if let v = sigma?.reloadSeconds { c.sigma.reloadSeconds = v }
        return c
    }
}

import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import PostgresNIO
import Testing
import VigilTesting

/// Two `vigil serve` processes on loopback sharing one PostgreSQL database (`VIGIL_TEST_POSTGRES_URL`): they
/// serve the same alerts and tokens, a tailed file is ingested once, and killing the replica that follows
/// it lets the other take over where it stopped.
@Suite("vigil serve: two replicas on one PostgreSQL database", .serialized,
       .enabled(if: SharedTestPostgres.serverURL != nil,
                Comment(rawValue: SharedTestPostgres.unavailableText)))
struct ReplicaTests {
    typealias Server = ServeCommandTests.Server

    /// Creates an empty database on the test server; returns its URL and a connection to it for checks.
    static func freshDatabase() async throws -> (url: String, connection: PostgresConnection) {
        let base = try #require(SharedTestPostgres.serverURL)
        var components = try #require(URLComponents(string: base))
        let configuration = { (database: String) in
            PostgresConnection.Configuration(host: components.host ?? "127.0.0.1", port: components.port ?? 5432,
                                             username: components.user ?? "", password: components.password,
                                             database: database, tls: .disable)
        }
        let logger = Logger(label: "vigil-test")
        let admin = try await PostgresConnection.connect(configuration: configuration(String(components.path.dropFirst())),
                                                         id: 1, logger: logger)
        let name = "vigil_replicas_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
        try await admin.query(PostgresQuery(unsafeSQL: "CREATE DATABASE \(name)"), logger: logger)  // a UUID, not input
        try await admin.close()
        components.path = "/" + name
        let connection = try await PostgresConnection.connect(configuration: configuration(name), id: 2, logger: logger)
        return (try #require(components.string), connection)
    }

    /// Creates a tenant and an app with ingest and write permissions on the database with the CLI; returns
    /// the app's credentials with the tenant id (`tenantId`, `clientId`, `clientSecret`).
    static func tenantAndApp(_ name: String, database url: String) throws -> [String: String] {
        let created = try FilterCommandTests.run(["tenants", "create", name, "--database", url])
        #expect(created.status == 0, "\(created.stderr)")
        #expect(!created.stderr.contains(try #require(URLComponents(string: url)?.password)))
        let tenant = try #require(try JSONSerialization.jsonObject(with: Data(created.stdout.utf8)) as? [String: String])["tenantId"]!
        let app = try FilterCommandTests.run(["apps", "create", "--tenant", tenant, "--name", "test",
                                              "--roles", "SecurityEvents.ReadWrite.All,Vigil.Ingest", "--database", url])
        #expect(app.status == 0, "\(app.stderr)")
        var creds = try #require(try JSONSerialization.jsonObject(with: Data(app.stdout.utf8)) as? [String: String])
        creds["tenantId"] = tenant
        return creds
    }

    static func leaseHolderPid(_ connection: PostgresConnection, _ name: String) async throws -> Int32? {
        let rows = try await connection.query("""
            SELECT holder FROM work_leases WHERE name = \(name) AND expires_at > clock_timestamp()
            """, logger: Logger(label: "vigil-test"))
        for try await holder in rows.decode(String.self) {
            // Holders are host:pid:suffix.
            let parts = holder.split(separator: ":")
            return parts.count >= 3 ? Int32(parts[parts.count - 2]) : nil
        }
        return nil
    }

    static func suricataLine(_ n: Int) -> String {
        #"{"timestamp":"2024-03-01T10:00:00.000000+0000","flow_id":\#(5000 + n),"event_type":"alert","src_ip":"10.0.0.5","src_port":1,"dest_ip":"203.0.113.1","dest_port":80,"proto":"TCP","alert":{"gid":1,"signature_id":\#(n),"rev":1,"signature":"Replica test \#(n)","category":"Test","severity":2}}"# + "\n"
    }

    static func append(_ lines: Range<Int>, to path: String) throws {
        let handle = try #require(FileHandle(forWritingAtPath: path))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(lines.map(suricataLine).joined().utf8))
        try handle.close()
    }

    /// The Suricata alerts a server lists, with their occurrence counts.
    static func tailed(_ server: Server, _ token: String) async throws -> [String: Int] {
        let filter = "vendorInformation/provider eq 'Suricata'".addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
        let (data, status) = try await server.request("GET", "/v1.0/security/alerts?$filter=\(filter)&$top=1000", token: token)
        #expect(status == 200)
        let json = try JSONSerialization.jsonObject(with: data) as? [String: Any]
        var out: [String: Int] = [:]
        for alert in (json?["value"] as? [[String: Any]]) ?? [] {
            out[alert["title"] as? String ?? ""] = alert["@vigil.occurrenceCount"] as? Int
        }
        return out
    }

    static func waitFor(_ what: String, seconds: Double, _ check: () async throws -> Bool) async throws {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if try await check() { return }
            try await Task.sleep(for: .milliseconds(200))
        }
        Issue.record("timed out waiting for \(what)")
    }

    static func stop(_ server: Server) {
        guard server.process.isRunning else { return }
        server.process.terminate()
        let deadline = Date().addingTimeInterval(20)
        while server.process.isRunning, Date() < deadline { usleep(50_000) }
        if server.process.isRunning { kill(server.process.processIdentifier, SIGKILL) }
    }

    @Test func replicasShareAlertsTailOnceAndTakeOver() async throws {
        let (url, connection) = try await Self.freshDatabase()
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("vigil-replicas-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)

        // The tenant and an app, made with the CLI on the shared database (which never prints its password).
        let creds = try Self.tenantAndApp("replicas", database: url)
        let tenant = creds["tenantId"]!

        // Both replicas follow the same file; the database comes from the configuration file.
        let eve = dir.appendingPathComponent("eve.json").path
        try Data().write(to: URL(fileURLWithPath: eve))
        let config = dir.appendingPathComponent("vigil.yaml").path
        try """
            database: "\(url)"
            publicBaseUrl: http://vigil.replicas.test    # one issuer for all replicas, as behind a load balancer
            sources:
              - name: sensor
                format: suricata
                path: \(eve)
                tenant: "\(tenant)"
            """.write(toFile: config, atomically: true, encoding: .utf8)
        let a = try Server(dataDir: dir.appendingPathComponent("a").path, extraArguments: ["--config", config])
        let b = try Server(dataDir: dir.appendingPathComponent("b").path, extraArguments: ["--config", config])
        defer {
            Self.stop(a)
            Self.stop(b)
        }
        // Their logs go to standard output: keep reading it so a full pipe never blocks a server.
        for server in [a, b] { server.output.fileHandleForReading.readabilityHandler = { _ = $0.availableData } }
        try await a.waitUntilHealthy()
        try await b.waitUntilHealthy()

        // One signing key for both (made once at the first start): a token from A works on B.
        let token = try await a.token(creds)
        let body = (0..<50).map { ServeCommandTests.alertLine($0) }.joined(separator: "\n")
        let (ingested, status) = try await a.request("POST", "/ingest/alerts", body: body, token: token, contentType: "application/x-ndjson")
        #expect(status == 200, "\(String(decoding: ingested, as: UTF8.self))")
        for server in [a, b] {
            let (data, status) = try await server.request("GET", "/v1.0/security/alerts?$count=true&$top=5&$orderby=id", token: token)
            #expect(status == 200)
            let json = try JSONSerialization.jsonObject(with: data) as? [String: Any]
            #expect(json?["@odata.count"] as? Int == 50)
            #expect((json?["value"] as? [[String: Any]])?.compactMap { $0["id"] as? String } == ["k-0", "k-1", "k-10", "k-11", "k-12"])
        }

        // The file is followed by one replica: every line becomes one alert, seen once.
        try Self.append(0..<20, to: eve)
        try await Self.waitFor("20 tailed alerts", seconds: 30) { try await Self.tailed(b, token).count == 20 }
        try await Task.sleep(for: .seconds(1))  // both replicas had several polls
        var seen = try await Self.tailed(a, token)
        #expect(seen.count == 20)
        #expect(Set(seen.values) == [1], "a line was processed more than once: \(seen)")

        // Kill the holder (no release): the other replica takes over once the lease lapses, at the saved position.
        let holderPid = try #require(try await Self.leaseHolderPid(connection, "tail:sensor"))
        let (holder, survivor) = holderPid == a.process.processIdentifier ? (a, b) : (b, a)
        #expect(holderPid == holder.process.processIdentifier)
        kill(holder.process.processIdentifier, SIGKILL)
        holder.process.waitUntilExit()
        try Self.append(20..<30, to: eve)
        try await Self.waitFor("the survivor to follow the file", seconds: 45) { try await Self.tailed(survivor, token).count == 30 }
        seen = try await Self.tailed(survivor, token)
        #expect(seen.count == 30)
        #expect(Set(seen.values) == [1], "a line was processed more than once: \(seen)")
        #expect(try await Self.leaseHolderPid(connection, "tail:sensor") == survivor.process.processIdentifier)
        let (health, healthStatus) = try await survivor.request("GET", "/health")
        #expect(healthStatus == 200, "\(String(decoding: health, as: UTF8.self))")
        // The survivor went on counting from what the dead holder saved: `vigil providers list` on the database
        // shows every line of the file.
        let listed = try FilterCommandTests.run(["providers", "list", "--config", config])
        #expect(listed.status == 0, "\(listed.stderr)")
        let sourceLine = try #require(listed.stdout.split(separator: "\n").first { $0.contains(#""source":"sensor""#) })
        let source = try #require(try JSONSerialization.jsonObject(with: Data(sourceLine.utf8)) as? [String: Any])
        #expect((source["status"] as? [String: Any])?["records"] as? Int == 30, "\(sourceLine)")
        #expect((source["status"] as? [String: Any])?["alerts"] as? Int == 30, "\(sourceLine)")

        // A graceful stop releases the source at once.
        Self.stop(survivor)
        #expect(survivor.process.terminationStatus == 0)
        #expect(try await Self.leaseHolderPid(connection, "tail:sensor") == nil)
        try await connection.close()
    }
}

/// `--database` without a server behind it.
@Suite("vigil --database")
struct DatabaseOptionTests {
    @Test func anUnreachableDatabaseIsAClearErrorWithoutThePassword() throws {
        let result = try FilterCommandTests.run(["tenants", "list", "--database", "postgres://vigil:hunter2@127.0.0.1:1/vigil?sslmode=disable"])
        #expect(result.status != 0)
        #expect(result.stderr.contains("Cannot reach the PostgreSQL database postgres://vigil:***@127.0.0.1:1/vigil"), "\(result.stderr)")
        #expect(!result.stderr.contains("hunter2"))
        #expect(!result.stdout.contains("hunter2"))
    }
}

/// The PostgreSQL server of the tests (`VIGIL_TEST_POSTGRES_URL`), if any.

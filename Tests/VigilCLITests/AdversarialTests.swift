import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
#if canImport(Glibc)
import Glibc
#endif
import Testing
import VigilTesting

/// The attacks of the security review, run against a real `vigil serve` on loopback: each must be refused
/// with a Graph error (or cut off), and the server must stay healthy and keep answering the others.
@Suite("Adversarial: attacks against a running server", .serialized)
struct AdversarialTests {
    /// A server with tight limits and two Sigma rules with expressions that backtrack on crafted values.
    final class Target {
        let server: ServeCommandTests.Server
        let token: String
        let creds: [String: String]
        let root: URL

        init() async throws {
            root = FileManager.default.temporaryDirectory.appendingPathComponent("vigil-adversarial-\(UUID().uuidString)")
            let rules = root.appendingPathComponent("rules")
            try FileManager.default.createDirectory(at: rules, withIntermediateDirectories: true)
            // SigmaHQ's shape (fourteen '\+.*'): polynomial on ICU, linear on Vigil's matcher.
            let plus = Array(repeating: #"\+.*"#, count: 14).joined()
            try Self.rule(id: "plus", regex: "powershell\\.exe.*\(plus)")
                .write(to: rules.appendingPathComponent("plus.yml"), atomically: true, encoding: .utf8)
            // Lookahead keeps this one on ICU; its nested quantifier is exponential.
            try Self.rule(id: "nested", regex: "(?=p)p(a+)+b")
                .write(to: rules.appendingPathComponent("nested.yml"), atomically: true, encoding: .utf8)
            let config = root.appendingPathComponent("vigil.yaml")
            try """
                http:
                  idleTimeoutSeconds: 1
                ingest:
                  maxLineBytes: 262144
                throttling:
                  tokenRequestsPerMinute: 12
                metricsRequireToken: true
                sigma:
                  rules: [\(rules.path)]
                """.write(to: config, atomically: true, encoding: .utf8)
            server = try ServeCommandTests.Server(dataDir: root.appendingPathComponent("data").path,
                                                  extraArguments: ["--config", config.path])
            creds = try await server.credentials()
            try await server.waitUntilHealthy()
            token = try await server.token(creds)
        }

        static func rule(id: String, regex: String) -> String {
            """
            title: Backtracking \(id)
            id: \(id)
            logsource:
                product: windows
                category: process_creation
            detection:
                selection:
                    CommandLine|re: '\(regex)'
                condition: selection
            level: high

            """
        }

        func stop() { ReplicaTests.stop(server) }

        func json(_ data: Data) -> [String: Any] {
            (try? JSONSerialization.jsonObject(with: data) as? [String: Any]) ?? [:]
        }

        /// The Graph error body's code and message, or `nil` when the body is not one.
        func graphError(_ data: Data) -> (code: String, message: String)? {
            guard let error = json(data)["error"] as? [String: Any], let code = error["code"] as? String,
                  let message = error["message"] as? String, error["innerError"] is [String: Any] else { return nil }
            return (code, message)
        }

        func healthy() async throws -> Bool {
            try await server.request("GET", "/health").1 == 200
        }
    }

    static func base64url(_ text: String) -> String {
        Data(text.utf8).base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    @Test("Forged tokens: alg none, HS256 with the server's kid, a foreign signature, a changed payload")
    func forgedTokens() async throws {
        let target = try await Target()
        defer { target.stop() }
        let parts = target.token.split(separator: ".").map(String.init)
        let header = try #require(try JSONSerialization.jsonObject(with: Data(base64Encoded: Self.padded(parts[0])) ?? Data())
            as? [String: Any])
        let kid = try #require(header["kid"] as? String)
        let payload = try #require(Data(base64Encoded: Self.padded(parts[1])).map { String(decoding: $0, as: UTF8.self) })
        let elevated = payload.replacingOccurrences(of: "\"roles\":[", with: "\"roles\":[\"Vigil.Admin\",")
        let forged = [
            Self.base64url(#"{"alg":"none","typ":"JWT"}"#) + "." + parts[1] + ".",
            Self.base64url(#"{"alg":"HS256","typ":"JWT","kid":"\#(kid)"}"#) + "." + parts[1] + "." + Self.base64url("signature"),
            parts[0] + "." + Self.base64url(elevated) + "." + parts[2],
            parts[0] + "." + parts[1] + "." + String(parts[2].reversed()),
            Self.base64url(#"{"alg":"ES256","typ":"JWT","kid":"unknown-kid"}"#) + "." + parts[1] + "." + parts[2],
        ]
        for token in forged {
            let (data, status) = try await target.server.request("GET", "/v1.0/security/alerts", token: token)
            #expect(status == 401, "\(String(decoding: data, as: UTF8.self))")
            #expect(target.graphError(data)?.code == "InvalidAuthenticationToken")
        }
        #expect(try await target.server.request("GET", "/v1.0/security/alerts", token: target.token).1 == 200)
    }

    static func padded(_ text: String) -> String {
        var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while base64.count % 4 != 0 { base64 += "=" }
        return base64
    }

    @Test("The token endpoint says the same for an unknown tenant and a wrong secret, and throttles guessing")
    func tokenEndpoint() async throws {
        let target = try await Target()
        defer { target.stop() }
        func ask(tenant: String, secret: String) async throws -> (Int, [String: Any]) {
            let form = "grant_type=client_credentials&client_id=\(target.creds["clientId"]!)&client_secret=\(secret)&scope=https%3A%2F%2Fgraph.microsoft.com%2F.default"
            let (data, status) = try await target.server.request("POST", "/\(tenant)/oauth2/v2.0/token", body: form,
                                                                 contentType: "application/x-www-form-urlencoded")
            return (status, target.json(data))
        }
        let (wrongSecretStatus, wrongSecret) = try await ask(tenant: target.creds["tenantId"]!, secret: "nope")
        let (unknownTenantStatus, unknownTenant) = try await ask(tenant: UUID().uuidString.lowercased(), secret: "nope")
        #expect(wrongSecretStatus == unknownTenantStatus)
        #expect(wrongSecret["error"] as? String == unknownTenant["error"] as? String)
        #expect(wrongSecret["error_codes"] as? [Int] == unknownTenant["error_codes"] as? [Int])
        // Guessing the secret is throttled per tenant and client before the secret is checked.
        var statuses: [Int] = []
        // 30 tries at a limit of 12 a minute: a 429 comes even when the tries straddle a window boundary.
        for _ in 0..<30 { statuses.append(try await ask(tenant: target.creds["tenantId"]!, secret: "guess").0) }
        #expect(statuses.contains(429))
        #expect(try await target.healthy())
    }

    @Test("A forged $skiptoken is refused: another provider, a larger $top or a changed byte")
    func forgedSkipToken() async throws {
        let target = try await Target()
        defer { target.stop() }
        let body = (0..<3).map { ServeCommandTests.alertLine($0) }.joined(separator: "\n")
        #expect(try await target.server.request("POST", "/ingest/alerts", body: body, token: target.token,
                                                contentType: "application/x-ndjson").1 == 200)
        let (page, status) = try await target.server.request("GET", "/v1.0/security/alerts?$top=1", token: target.token)
        #expect(status == 200)
        let next = try #require(target.json(page)["@odata.nextLink"] as? String)
        let token = try #require(URLComponents(string: next)?.queryItems?.first { $0.name == "$skiptoken" }?.value)
        var tampered = Array(token)
        tampered[tampered.count / 2] = tampered[tampered.count / 2] == "A" ? "B" : "A"
        for forged in [String(tampered), "x" + token, Self.base64url(#"{"provider":"http://169.254.169.254/","top":1000}"#)] {
            let encoded = forged.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? forged
            let (data, status) = try await target.server.request("GET", "/v1.0/security/alerts?$top=1&$skiptoken=\(encoded)",
                                                                 token: target.token)
            #expect(status == 400, "\(String(decoding: data, as: UTF8.self))")
            #expect(target.graphError(data)?.message.contains("$skiptoken") == true)
        }
    }

    @Test("Subscriptions to metadata, link-local and addresses embedding them are refused; redirects are not followed")
    func outboundTargets() async throws {
        let target = try await Target()
        defer { target.stop() }
        let urls = ["http://169.254.169.254/latest/meta-data/", "http://metadata.google.internal/computeMetadata/v1/",
                    "http://[::ffff:169.254.169.254]/", "http://[64:ff9b::a9fe:a9fe]/", "http://[2002:a9fe:a9fe::1]/",
                    "http://[fe80::1]/", "http://[fec0::1]/", "http://0.0.0.0:8080/", "http://[::]/", "http://224.0.0.1/"]
        for url in urls {
            let body = #"{"changeType":"created,updated","notificationUrl":"\#(url)","resource":"security/alerts?$filter=severity eq 'high'","expirationDateTime":"\#(Self.inAnHour())","clientState":"s"}"#
            let (data, status) = try await target.server.request("POST", "/v1.0/subscriptions", body: body, token: target.token)
            #expect(status == 400, "\(url): \(String(decoding: data, as: UTF8.self))")
            #expect(target.graphError(data)?.code == "BadRequest")
        }
        // A receiver that redirects the handshake elsewhere: the redirect is not followed.
        let elsewhere = try await WebhookReceiver.start()
        let redirecting = try await WebhookReceiver.start(.init(handshake: .redirect(elsewhere.url)))
        defer { elsewhere.stop(); redirecting.stop() }
        let body = #"{"changeType":"created","notificationUrl":"\#(redirecting.url)","resource":"security/alerts?$filter=severity eq 'high'","expirationDateTime":"\#(Self.inAnHour())"}"#
        let (data, status) = try await target.server.request("POST", "/v1.0/subscriptions", body: body, token: target.token)
        #expect(status == 400)
        #expect(target.graphError(data)?.message.contains("did not validate: wrong answer") == true,
                "\(String(decoding: data, as: UTF8.self))")
        #expect(elsewhere.with { $0.validations.isEmpty && $0.posts.isEmpty })
        let (list, _) = try await target.server.request("GET", "/v1.0/subscriptions", token: target.token)
        #expect((target.json(list)["value"] as? [Any])?.isEmpty == true)
    }

    static func inAnHour() -> String {
        ISO8601DateFormatter().string(from: Date().addingTimeInterval(3600))
    }

    @Test("A backtracking command line answers at once; the long line is refused on its own; deep nesting is refused")
    func hostileEvents() async throws {
        let target = try await Target()
        defer { target.stop() }
        // The review's event: 'powershell.exe ' then 13 '+' and 200,000 'a' (held a request for 210 s before).
        let commandLine = "powershell.exe " + String(repeating: "+", count: 13) + String(repeating: "a", count: 200_000)
        let event = #"{"EventID":1,"Channel":"Microsoft-Windows-Sysmon/Operational","Image":"C:\\x\\powershell.exe","CommandLine":"\#(commandLine)"}"#
        // For the ICU rule: past its prefilter ('b', 'p'), longer than ICU is given, and exponential.
        let nested = #"{"EventID":1,"Channel":"Microsoft-Windows-Sysmon/Operational","CommandLine":"b p"# + String(repeating: "a", count: 5000) + #"c"}"#
        // One event over ingest.maxLineBytes (256 KiB here) among good ones: refused alone, with its line number.
        let huge = #"{"EventID":1,"CommandLine":""# + String(repeating: "x", count: 300_000) + #""}"#
        let (data, status) = try await target.server.request("POST", "/ingest/events", body: [event, huge, nested].joined(separator: "\n"),
                                                             token: target.token, contentType: "application/x-ndjson")
        #expect(status == 200, "\(String(decoding: data.prefix(500), as: UTF8.self))")
        let outcome = target.json(data)
        #expect(outcome["events"] as? Int == 2, "\(outcome)")
        #expect(outcome["malformed"] as? Int == 1, "\(outcome)")
        let errors = (outcome["errors"] as? [[String: Any]]) ?? []
        #expect(errors.first?["line"] as? Int == 2)

        // Nesting far beyond any real document.
        let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        let (deepData, deepStatus) = try await target.server.request("POST", "/ingest/alerts", body: deep, token: target.token)
        #expect(deepStatus == 400)
        #expect(target.graphError(deepData) != nil)

        // The ICU expression met a value it could only search partly, and said so.
        let (statusData, _) = try await target.server.request("GET", "/ingest/status", token: target.token)
        let sigma = target.json(statusData)["sigma"] as? [String: Any]
        #expect(sigma?["regexLinear"] as? Int == 1)
        #expect(sigma?["regexICU"] as? Int == 1)
        #expect((sigma?["regexEvaluationsCapped"] as? Int ?? 0) + (sigma?["regexEvaluationsTimedOut"] as? Int ?? 0) >= 1, "\(sigma ?? [:])")
        #expect(try await target.healthy())
    }

    @Test("Hostile OData: deep parentheses, huge numbers and unknown options get a 400 Graph error")
    func hostileQueries() async throws {
        let target = try await Target()
        defer { target.stop() }
        let deep = String(repeating: "(", count: 5000) + "severity eq 'high'" + String(repeating: ")", count: 5000)
        let queries = ["$filter=" + deep, "$top=99999999999999999999", "$filter=severity eq 'high' and" + String(repeating: " not", count: 3000) + " true",
                       "$orderby=" + String(repeating: "severity,", count: 5000) + "severity", "$expand=*", "$filter=%FF%FE"]
        for query in queries {
            let encoded = query.addingPercentEncoding(withAllowedCharacters: .urlQueryAllowed.subtracting(CharacterSet(charactersIn: "+&"))) ?? query
            let (data, status) = try await target.server.request("GET", "/v1.0/security/alerts?" + (query.contains("%FF") ? query : encoded),
                                                                 token: target.token)
            #expect(status == 400, "\(query.prefix(40)): \(String(decoding: data.prefix(300), as: UTF8.self))")
            #expect(target.graphError(data) != nil, "\(query.prefix(40)): \(String(decoding: data.prefix(300), as: UTF8.self))")
        }
        // A request line longer than the HTTP layer reads (80 KB) is refused by it, before Vigil sees it.
        let (_, huge) = try await target.server.request("GET", "/v1.0/security/alerts?$filter=" + String(repeating: "a", count: 120_000),
                                                        token: target.token)
        #expect(huge == 400 || huge == 431)
        #expect(try await target.healthy())
    }

    @Test("A client that sends part of its headers and stalls is cut off; /metrics needs a token when configured")
    func stalledClientAndMetrics() async throws {
        let target = try await Target()
        defer { target.stop() }
        let client = try RawTCPClient(port: target.server.port)
        client.send("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ")
        let started = Date()
        // Far above the configured idle timeout (1 s): the server, not this wait, must end it.
        let answer = await client.receive(within: 30)
        #expect(answer?.closed == true)
        #expect(Date().timeIntervalSince(started) < 25)

        let (metrics, status) = try await target.server.request("GET", "/metrics")
        #expect(status == 401 || status == 403, "\(String(decoding: metrics.prefix(200), as: UTF8.self))")
        #expect(try await target.server.request("GET", "/metrics", token: target.token).1 == 200)
        #expect(try await target.healthy())
    }
}

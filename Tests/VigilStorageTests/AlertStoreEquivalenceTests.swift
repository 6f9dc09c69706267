import Foundation
import Testing
import VigilCore
@testable import VigilStorage

/// The SQLite store must select and order exactly what the in-memory evaluator does.
@Suite("Alert store: SQL equals in-memory evaluation")
struct AlertStoreEquivalenceTests {
    static let tenant = "tenant-a"

    static func temporaryDatabase() throws -> VigilDatabase {
        let path = FileManager.default.temporaryDirectory
            .appendingPathComponent("vigil-test-\(UUID().uuidString)/vigil.sqlite").path
        return try VigilDatabase(path: path)
    }

    /// Generated alerts plus hand-made ones with nulls, explicit nulls, empty collections, odd casing,
    /// unknown enum members and non-ASCII text.
    static func corpus(count: Int) throws -> [Alert] {
        var generator = AlertGenerator(seed: 99)
        var alerts = generator.alerts(count: count)
        let odd = [
            #"{"id":"odd-1","severity":"HIGH","status":"NewAlert","title":"Ünïcode ÄRGER","vendorInformation":{"provider":"P1","vendor":"V"},"userStates":[],"tags":null,"category":null,"createdDateTime":"2023-11-14T22:13:20.5+01:00"}"#,
            #"{"id":"odd-2","severity":"catastrophic","status":"weird","title":"","vendorInformation":{"provider":"P2","vendor":"V"},"confidence":0,"userStates":[{"userPrincipalName":null,"isVpn":true}],"hostStates":null}"#,
            #"{"id":"odd-3","severity":"low","status":"resolved","vendorInformation":{"provider":"P1","vendor":"V"},"historyStates":[{"comments":["x","again"],"user":"again","updatedDateTime":"2024-01-01T00:00:00Z"}],"processes":[{"createdDateTime":"2023-11-15T00:00:00Z","processId":7}]}"#,
            #"{"id":"odd-4","severity":"medium","status":"inProgress","title":"it's \"quoted\" and 100%_done","assignedTo":"alice@contoso.com","vendorInformation":{"provider":"P3","vendor":"V"},"confidence":50}"#,
        ]
        for text in odd {
            alerts.append(try #require(try AlertDocument.read(Array(text.utf8)).first))
        }
        return alerts
    }

    static let filters = [
        "severity eq 'high'", "severity eq 'High'", "severity ne 'high'", "severity gt 'medium'", "severity le 'low'",
        "severity ge 'unknownFutureValue'", "status eq 'newAlert' and severity eq 'high'", "status in ('newAlert', 'resolved')",
        "status in ('dismissed', null)", "status eq null", "not (status eq 'newAlert')", "category eq 'Malware'",
        "category ne 'Malware'", "category eq null", "category gt 'M'", "assignedTo eq null", "assignedTo ne null",
        "assignedTo eq 'alice@contoso.com'", "confidence gt 50", "confidence le 10 or confidence eq null",
        "confidence ge 50.5", "confidence in (1, 2, 3, 50)", "title eq ''", "contains(title, 'PowerShell')",
        "contains(tolower(title), 'suspicious')", "startswith(title, 'Sus')", "endswith(title, 'detected')",
        "endswith(title, '')", "startswith(title, '')", "tolower(title) eq 'ünïcode ärger'", "toupper(category) eq 'MALWARE'",
        "contains(description, 'related events')", "createdDateTime gt 2023-11-15T00:00:00Z",
        "createdDateTime le 2023-11-14T22:13:20Z", "eventDateTime lt createdDateTime", "lastModifiedDateTime ge createdDateTime",
        "createdDateTime eq null", "closedDateTime eq null", "vendorInformation/provider eq 'ASC'",
        "vendorInformation/provider in ('Suricata', 'Wazuh', 'P1')", "vendorInformation/vendor ne 'Microsoft'",
        "startswith(vendorInformation/provider, 'Microsoft')", "vendorInformation/providerVersion gt '5'",
        "vendorInformation eq null", "vendorInformation ne null", "tags/any(t: t eq 'HVA')", "tags/any()", "not tags/any()",
        "tags/all(t: startswith(t, 'tier'))", "comments/any()", "userStates/any(u: u/userPrincipalName eq 'alice@contoso.com')",
        "userStates/any(u: u/userPrincipalName eq null)", "userStates/all(u: u/isVpn eq true)", "userStates/any(u: u/isVpn)",
        "userStates/any(u: u/logonType eq 'Network')", "userStates/any(u: u/logonType gt 'interactive')",
        "userStates/any(u: u/domainName eq 'CONTOSO' and contains(u/logonIp, '.1'))",
        "hostStates/any(h: h/isAzureAdJoined and h/os eq 'Windows11')", "hostStates/any(h: startswith(h/fqdn, 'srv'))",
        "networkConnections/any(n: n/destinationPort in ('443', '80') and n/protocol eq 'udp')",
        "networkConnections/all(n: n/status ne 'blocked')", "fileStates/any(f: f/fileHash/hashType eq 'sha256')",
        "fileStates/any(f: f/fileHash/hashValue gt 'f')", "processes/any(p: p/createdDateTime gt 2023-11-14T23:00:00Z)",
        "processes/any(p: p/processId lt 1000)", "historyStates/any(h: h/comments/any(c: c eq h/user))",
        "userStates/any(u: tags/any(t: t eq u/accountName))", "severity eq 'high' and (status eq 'newAlert' or assignedTo ne null)",
        "not (severity eq 'high' or contains(title, 'DNS'))", "true", "false", "not true",
        "severity eq 'high' and status eq 'newAlert' and userStates/any(u: u/userPrincipalName eq 'alice@contoso.com')",
    ]

    static let orders = ["", "createdDateTime desc", "severity desc, createdDateTime", "confidence", "title desc",
                         "vendorInformation/provider, status desc", "assignedTo desc", "category, confidence desc, eventDateTime",
                         "lastModifiedDateTime desc", "id desc", "vendorInformation/providerVersion desc"]

    static func request(_ filter: String, _ order: String, top: Int, cursor: PageCursor? = nil) throws -> AlertListRequest {
        var parameters: [(name: String, value: String)] = [("$filter", filter)]
        if !order.isEmpty { parameters.append(("$orderby", order)) }
        let q = try ODataQuery<Alert>.parse(parameters)
        return AlertListRequest(filter: q.filter, orderBy: q.orderBy, top: top, cursor: cursor,
                                queryDigest: PageCursor.queryDigest(filter: filter, orderBy: q.orderBy))
    }

    /// Follows cursors to the end and returns every alert id in order.
    static func all(_ repository: some AlertRepository, _ filter: String, _ order: String, pageSize: Int,
                    tenant: String = tenant) async throws -> [String] {
        var ids: [String] = []
        var cursor: PageCursor?
        repeat {
            let page = try await repository.list(tenantId: tenant, request: try request(filter, order, top: pageSize, cursor: cursor))
            // The ids only: reading each stored object's "id" is much cheaper than decoding every alert.
            for item in page.items {
                guard case .object(let object) = try JSONParser.parse(item.body), case .string(let id)? = object["id"] else {
                    Issue.record("a stored alert without an id")
                    continue
                }
                ids.append(id)
            }
            cursor = page.next
            if ids.count > 100_000 { Issue.record("paging does not end"); break }
        } while cursor != nil
        return ids
    }

    static func expected(_ alerts: [Alert], _ filter: String, _ order: String) throws -> [String] {
        var parameters: [(name: String, value: String)] = [("$filter", filter)]
        if !order.isEmpty { parameters.append(("$orderby", order)) }
        let q = try ODataQuery<Alert>.parse(parameters)
        var all = q
        all.top = nil
        return all.evaluate(alerts).compactMap(\.id)
    }

    @Test("Every filter selects the same alerts in the same order as the evaluator")
    func sqlMatchesEvaluator() async throws {
        let database = try Self.temporaryDatabase()
        let repository = SQLiteAlertRepository(database: database)
        let alerts = try Self.corpus(count: 1500)
        _ = try await repository.ingest(tenantId: Self.tenant, alerts: alerts, at: .now())
        var checked = 0
        for (i, filter) in Self.filters.enumerated() {
            let order = Self.orders[i % Self.orders.count]
            let expected = try Self.expected(alerts, filter, order)
            let actual = try await Self.all(repository, filter, order, pageSize: 1000)
            #expect(actual == expected, "filter: \(filter) orderby: \(order) — \(actual.count) vs \(expected.count)")
            if !expected.isEmpty { checked += 1 }
        }
        #expect(checked > Self.filters.count / 2)
    }

    @Test("Paging through 10,000 alerts with random filters returns each match exactly once, in order")
    func pagingNeverSkipsOrRepeats() async throws {
        let database = try Self.temporaryDatabase()
        let repository = SQLiteAlertRepository(database: database)
        var generator = AlertGenerator(seed: 5)
        let alerts = generator.alerts(count: 10_000)
        for batch in stride(from: 0, to: alerts.count, by: 1000) {
            _ = try await repository.ingest(tenantId: Self.tenant, alerts: Array(alerts[batch..<min(batch + 1000, alerts.count)]), at: .now())
        }
        var random = SystemRandomNumberGenerator()
        for round in 0..<12 {
            let filter = Self.filters[Int.random(in: 0..<Self.filters.count, using: &random)]
            let order = Self.orders[round % Self.orders.count]
            let expected = try Self.expected(alerts, filter, order)
            // Small pages where there are few matches, at most ~40 pages where there are many.
            let pageSize = max([1, 7, 50, 333, 1000][round % 5], expected.count / 40)
            let actual = try await Self.all(repository, filter, order, pageSize: pageSize)
            #expect(actual == expected, "filter: \(filter) orderby: \(order) page \(pageSize)")
            #expect(Set(actual).count == actual.count)
        }
    }

    @Test func inMemoryRepositoryAgreesWithSQLite() async throws {
        let database = try Self.temporaryDatabase()
        let sqlite = SQLiteAlertRepository(database: database)
        let memory = InMemoryAlertRepository()
        let alerts = try Self.corpus(count: 300)
        _ = try await sqlite.ingest(tenantId: Self.tenant, alerts: alerts, at: .now())
        _ = try await memory.ingest(tenantId: Self.tenant, alerts: alerts, at: .now())
        for (i, filter) in Self.filters.enumerated() where i % 3 == 0 {
            let order = Self.orders[i % Self.orders.count]
            let a = try await Self.all(sqlite, filter, order, pageSize: 40)
            let b = try await Self.all(memory, filter, order, pageSize: 40)
            #expect(a == b, "filter: \(filter)")
        }
    }
}

import NIOCore
import Testing
import VigilCore
import VigilStorage
@testable import VigilServer
@testable import VigilEngine

/// A remote provider's page is kept as bytes: its alerts must sort, merge and read exactly as decoded ones.
@Suite("Remote alerts kept as bytes")
struct RawAlertMergeTests {
    static let remote = try! RemoteGraphProvider(
        configuration: ProviderConfiguration(name: "r", tenant: "t", vendor: "Config vendor", provider: "Config provider",
                                             url: "http://127.0.0.1:9/v1.0"))

    /// A page of `count` generated alerts from provider `n`, sorted as `orderBy` asks (as a provider would).
    static func page(_ n: Int, count: Int, orderBy: String) throws -> [ProviderItem] {
        var generator = AlertGenerator(seed: UInt64(n + 1))
        var alerts = generator.alerts(count: count, start: n * count)
        for i in alerts.indices {
            alerts[i].vendorInformation?.provider = "P\(n)"
            if i % 7 == 3 { alerts[i].severity = AlertSeverity(rawValue: "HIGH") }  // a member in another case
            if i % 11 == 5 { alerts[i].createdDateTime = nil }
        }
        let query = try ODataQuery<Alert>.parse([("$orderby", orderBy)])
        let key = query.sortKeyReader()
        alerts.sort { query.precedes(key($0), key($1)) }
        var body: [UInt8] = Array(#"{"@odata.context":"x","value":["#.utf8)
        for (i, alert) in alerts.enumerated() {
            if i > 0 { body.append(UInt8(ascii: ",")) }
            alert.writeJSON(to: &body)
        }
        body.append(contentsOf: #"],"@odata.count":99}"#.utf8)
        let page = try remote.page(from: ByteBuffer(bytes: body))
        #expect(page.count == 99)
        return page.items
    }

    @Test("Sort keys read from the bytes equal the decoded alert's; merged order is the same",
          arguments: ["createdDateTime desc", "severity desc,createdDateTime", "title", "vendorInformation/provider desc,id",
                      "confidence desc", "lastModifiedDateTime"])
    func sameAsDecoded(_ orderBy: String) throws {
        let query = try ODataQuery<Alert>.parse([("$orderby", orderBy)])
        let lists = try (0..<4).map { try Self.page($0, count: 40, orderBy: orderBy) }
        #expect(lists.joined().allSatisfy { if case .raw = $0 { true } else { false } })
        let reader = query.sortKeyReader()
        let names = Set(query.orderBy.compactMap { $0.path.fields.first?.name } + ["id"])
        for item in lists.joined() {
            let raw = try item.sortKey(query, reader: reader, names: names)
            let decoded = reader(try item.decoded())
            #expect(raw.count == decoded.count)
            #expect(zip(raw, decoded).allSatisfy { ODataQuery<Alert>.sortOrder($0, $1, path: nil) == 0 }, "\(item.id ?? "?")")
        }
        let federation = AlertFederation(local: LocalAlertProvider(alerts: InMemoryAlertRepository()), remotes: [], state: nil,
                                         settings: FederationSettings())
        let merged = try federation.merge(lists, query: query).map(\.id)
        let decodedLists = try lists.map { try $0.map { ProviderItem.alert(try $0.decoded()) } }
        #expect(merged == (try federation.merge(decodedLists, query: query).map(\.id)))
        #expect(merged.count == 160)
    }

    @Test("An alert without vendorInformation is completed from the configuration; malformed pages are 502")
    func stampingAndRefusals() throws {
        let body = #"{"value":[{"id":"a","vendorInformation":{"provider":"Own","vendor":"V"}},{"id":"b"},{"id":"c","vendorInformation":{"vendor":"V"}}]}"#
        let items = try Self.remote.page(from: ByteBuffer(string: body)).items
        #expect(items.map(\.id) == ["a", "b", "c"])
        #expect(try items.map { try $0.decoded().vendorInformation?.provider } == ["Own", "Config provider", "Config provider"])
        #expect(try items[2].decoded().vendorInformation?.vendor == "V")
        guard case .raw(let raw) = items[0] else { Issue.record("an alert that names its product is kept as it came"); return }
        #expect(Array(raw.bytes) == Array(#"{"id":"a","vendorInformation":{"provider":"Own","vendor":"V"}}"#.utf8))
        for bad in [#"{"value":[1]}"#, #"{"value":{}}"#, #"{"other":[]}"#, #"[]"#, #"{"value":[{"id":"a",}]}"#,
                    #"{"value":[],"@odata.nextLink":"http://elsewhere/v1.0/security/alerts?x"}"#] {
            #expect(throws: ProviderFailure.self, "\(bad)") { _ = try Self.remote.page(from: ByteBuffer(string: bad)) }
        }
    }
}

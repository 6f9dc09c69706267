import Foundation
import Testing
@testable import VigilCore

/// Evaluator cases over a small alert set that covers nulls, explicit nulls, empty and missing
/// collections, mixed-case and unknown enum values.
@Suite("OData in-memory evaluation")
struct ODataEvaluatorTests {
    static let corpus: [Alert] = {
        let lines = [
            #"{"id":"a1","severity":"high","status":"newAlert","title":"Suspicious PowerShell","category":"Malware","confidence":90,"createdDateTime":"2024-01-01T10:00:00Z","tags":["HVA","tier0"],"userStates":[{"userPrincipalName":"alice@contoso.com","logonType":"interactive","isVpn":false}],"vendorInformation":{"provider":"ASC","vendor":"Microsoft"},"hostStates":[{"fqdn":"srv-db-02","isAzureAdJoined":true}]}"#,
            #"{"id":"a2","severity":"Medium","status":"NewAlert","title":"Brute force","category":null,"confidence":40,"createdDateTime":"2024-01-02T10:00:00.5+01:00","tags":[],"userStates":[],"vendorInformation":{"provider":"MCAS","vendor":"Microsoft"}}"#,
            #"{"id":"a3","severity":"LOW","status":"resolved","title":"ransomware note found","assignedTo":"bob@contoso.com","createdDateTime":"2024-01-03T10:00:00Z","userStates":[{"userPrincipalName":"bob@contoso.com","isVpn":true},{"userPrincipalName":null}],"fileStates":[{"name":"services.exe","fileHash":{"hashType":"sha256","hashValue":"abc"}}]}"#,
            #"{"id":"a4","severity":"catastrophic","status":"dismissed","title":null,"confidence":null,"historyStates":[{"comments":["done","again"],"user":"again"}]}"#,
            #"{"id":"a5"}"#,
        ]
        return lines.map { try! JSONDecoder().decode(Alert.self, from: Data($0.utf8)) }
    }()

    static let cases: [(String, [String])] = [
        ("severity eq 'high'", ["a1"]),
        ("severity eq 'medium'", ["a2"]),
        ("severity eq 'MEDIUM'", ["a2"]),
        ("severity eq 'low'", ["a3"]),
        ("severity ne 'high'", ["a2", "a3", "a4", "a5"]),
        ("severity eq null", ["a5"]),
        ("severity ne null", ["a1", "a2", "a3", "a4"]),
        ("severity gt 'medium'", ["a1", "a4"]),  // an unknown member ranks as unknownFutureValue
        ("severity ge 'medium'", ["a1", "a2", "a4"]),
        ("severity lt 'medium'", ["a3"]),
        ("status eq 'newAlert'", ["a1", "a2"]),
        ("status in ('resolved', 'dismissed')", ["a3", "a4"]),
        ("status in ('resolved', null)", ["a3", "a5"]),
        ("category eq null", ["a2", "a3", "a4", "a5"]),
        ("category ne 'Malware'", ["a2", "a3", "a4", "a5"]),
        ("not (category eq 'Malware')", ["a2", "a3", "a4", "a5"]),
        ("confidence gt 50", ["a1"]),
        ("confidence le 40", ["a2"]),
        ("confidence gt 39.5", ["a1", "a2"]),
        ("confidence eq null", ["a3", "a4", "a5"]),
        ("createdDateTime gt 2024-01-02T09:00:00Z", ["a2", "a3"]),  // a2 is 09:00:00.5Z
        ("createdDateTime gt 2024-01-02T09:00:00.5Z", ["a3"]),
        ("createdDateTime ge 2024-01-02T09:00:00.5Z", ["a2", "a3"]),
        ("createdDateTime lt 2024-01-02", ["a1"]),
        ("title eq 'Brute force'", ["a2"]),
        ("title eq 'brute force'", []),
        ("tolower(title) eq 'brute force'", ["a2"]),
        ("toupper(title) eq 'BRUTE FORCE'", ["a2"]),
        ("contains(title, 'ransom')", ["a3"]),
        ("contains(tolower(title), 'powershell')", ["a1"]),
        ("startswith(title, 'Sus')", ["a1"]),
        ("endswith(title, 'found')", ["a3"]),
        ("contains(title, '')", ["a1", "a2", "a3"]),
        ("not contains(title, 'x')", ["a1", "a2", "a3", "a4", "a5"]),
        ("assignedTo eq 'bob@contoso.com'", ["a3"]),
        ("assignedTo ne null", ["a3"]),
        ("vendorInformation/provider eq 'ASC'", ["a1"]),
        ("vendorInformation/provider ne 'ASC'", ["a2", "a3", "a4", "a5"]),
        ("vendorInformation eq null", ["a3", "a4", "a5"]),
        ("tags/any(t: t eq 'HVA')", ["a1"]),
        ("tags/any()", ["a1"]),
        ("tags/all(t: t eq 'HVA')", ["a2", "a3", "a4", "a5"]),  // all over empty or missing is true
        ("not tags/any()", ["a2", "a3", "a4", "a5"]),
        ("userStates/any(u: u/userPrincipalName eq 'alice@contoso.com')", ["a1"]),
        ("userStates/any(u: u/userPrincipalName eq null)", ["a3"]),
        ("userStates/all(u: u/isVpn eq true)", ["a2", "a4", "a5"]),
        ("userStates/any(u: u/isVpn)", ["a3"]),
        ("userStates/any(u: u/logonType eq 'Interactive')", ["a1"]),
        ("userStates/any(u: u/userPrincipalName eq assignedTo)", ["a3"]),
        ("hostStates/any(h: h/isAzureAdJoined)", ["a1"]),
        ("fileStates/any(f: f/fileHash/hashType eq 'SHA256' and f/name eq 'services.exe')", ["a3"]),
        ("historyStates/any(h: h/comments/any(c: c eq h/user))", ["a4"]),
        ("historyStates/any(h: h/comments/all(c: c ne 'x'))", ["a4"]),
        ("severity eq 'high' and status eq 'newAlert' and userStates/any(u: u/userPrincipalName eq 'alice@contoso.com')", ["a1"]),
        ("severity eq 'high' or status eq 'resolved'", ["a1", "a3"]),
        ("true", ["a1", "a2", "a3", "a4", "a5"]),
        ("false", []),
    ]

    @Test("Filter cases select the expected alerts", arguments: cases)
    func filterSelects(filter: String, expected: [String]) throws {
        let predicate = try ODataQuery<Alert>.parseFilter(filter)
        #expect(Self.corpus.filter(predicate.matches).compactMap(\.id) == expected)
    }

    static func ids(_ parameters: [(name: String, value: String)]) throws -> [String] {
        try ODataQuery<Alert>.parse(parameters).evaluate(Self.corpus).compactMap(\.id)
    }

    @Test func orderByUsesEnumValuesNullsFirstAndIdTies() throws {
        #expect(try Self.ids([("$orderby", "severity desc")]) == ["a4", "a1", "a2", "a3", "a5"])
        #expect(try Self.ids([("$orderby", "severity")]) == ["a5", "a3", "a2", "a1", "a4"])
        #expect(try Self.ids([("$orderby", "confidence desc")]) == ["a1", "a2", "a3", "a4", "a5"])
        #expect(try Self.ids([("$orderby", "confidence asc")]) == ["a3", "a4", "a5", "a2", "a1"])
        #expect(try Self.ids([("$orderby", "vendorInformation/provider desc, createdDateTime desc")])
                == ["a2", "a1", "a3", "a4", "a5"])
        #expect(try Self.ids([("$orderby", "createdDateTime desc")]) == ["a3", "a2", "a1", "a4", "a5"])
    }

    @Test func topAndSkipPageAfterSorting() throws {
        #expect(try Self.ids([("$orderby", "id desc"), ("$top", "2")]) == ["a5", "a4"])
        #expect(try Self.ids([("$orderby", "id desc"), ("$top", "2"), ("$skip", "2")]) == ["a3", "a2"])
        #expect(try Self.ids([("$skip", "4")]) == ["a5"])
        #expect(try Self.ids([("$skip", "500")]) == [])
        #expect(try Self.ids([("filter", "status eq 'newAlert'"), ("top", "1")]) == ["a1"])
    }

    @Test func selectKeepsOnlyNamedPropertiesAndAnnotations() throws {
        let query = try ODataQuery<Alert>.parse([("$select", "id, Title,severity")])
        #expect(query.select == ["id", "title", "severity"])
        var alert = Self.corpus[0]
        alert.passthrough.properties["@vigil.occurrenceCount"] = 3
        let projected = query.project(alert)
        #expect(Set(projected.keys) == ["id", "title", "severity", "@vigil.occurrenceCount"])
        #expect(try ODataQuery<Alert>.parse([("$select", "*")]).select == nil)
    }
}

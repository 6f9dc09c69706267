import Testing
@testable import VigilCore

@Suite("OData query options")
struct ODataQueryOptionTests {
    static func error(_ parameters: [(name: String, value: String)]) -> VigilError? {
        do {
            _ = try ODataQuery<Alert>.parse(parameters)
            return nil
        } catch {
            return error
        }
    }

    @Test(arguments: [
        ("$top", "0", "between 1 and 1000"), ("$top", "1001", "between 1 and 1000"), ("$top", "-1", "out of range"),
        ("$top", "abc", "not a whole number"), ("$top", "", "not a whole number"), ("$top", "1.5", "not a whole number"),
        ("$top", "99999999999999999999999", "out of range"), ("$skip", "501", "between 0 and 500"),
        ("$skip", "-1", "out of range"), ("$skip", "x", "not a whole number"), ("$count", "yes", "not true or false"),
        ("$orderby", "bogus", "'bogus' is not a property of alert"), ("$orderby", "tags", "is a collection"),
        ("$orderby", "userStates desc", "is a collection"), ("$orderby", "vendorInformation", "is an object"),
        ("$orderby", "severity up", "unexpected 'up'"), ("$orderby", "severity desc,", "expected a property path"),
        ("$orderby", "", "the expression is empty"), ("$orderby", "tolower(title)", "'tolower' is not a property of alert"),
        ("$select", "bogus", "'bogus' is not a property of alert"), ("$select", "id,,title", "empty property name"),
        ("$select", "vendorInformation/provider", "only top-level properties"), ("$expand", "x", "not supported"),
        ("$search", "x", "not supported"), ("$format", "json", "not supported"), ("$frobnicate", "1", "not supported"),
    ])
    func badOptionValues(name: String, value: String, fragment: String) throws {
        let e = try #require(Self.error([(name, value)]))
        #expect(e.message.contains(fragment), "message was: \(e.message)")
        #expect(e.code.httpStatus == 400 || e.code.httpStatus == 501)
    }

    @Test func validOptions() throws {
        let q = try ODataQuery<Alert>.parse([
            ("$filter", "severity eq 'high'"), ("$orderby", "createdDateTime desc, id"), ("$select", "id,title"),
            ("$top", "1000"), ("$skip", "500"), ("$count", "true"), ("$skiptoken", "opaque"), ("api-version", "x"),
        ])
        #expect(q.filterText == "severity eq 'high'")
        #expect(q.orderBy.map(\.description) == ["createdDateTime desc", "id asc"])
        #expect(q.top == 1000 && q.skip == 500 && q.count && q.skipToken == "opaque")
    }

    @Test func optionNamesWithoutDollarAreAccepted() throws {
        let q = try ODataQuery<Alert>.parse([("filter", "severity eq 'high'"), ("top", "5"), ("Count", "TRUE")])
        #expect(q.top == 5 && q.count && q.filter != nil)
    }

    @Test func duplicateOptionsAreRejected() throws {
        let e = try #require(Self.error([("$top", "1"), ("top", "2")]))
        #expect(e.message == "The query option '$top' was given more than once.")
    }

    @Test func errorsRenderAsGraphErrorBodies() throws {
        let e = try #require(Self.error([("$filter", "severity gt 3")]))
        let body = e.graphBody(requestId: "r-1", clientRequestId: "c-1")
        let error = try #require(body["error"])
        #expect(error["code"] == "BadRequest")
        #expect(error["target"] == "$filter")
        #expect(error["innerError"]?["request-id"] == "r-1")
        #expect(error["innerError"]?["client-request-id"] == "c-1")
        #expect(error["innerError"]?["date"]?.stringValue.flatMap(DateTimeOffset.init) != nil)
        #expect(e.code.httpStatus == 400)
    }
}

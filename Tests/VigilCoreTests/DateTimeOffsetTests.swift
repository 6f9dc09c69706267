import Testing
@testable import VigilCore

@Suite("DateTimeOffset")
struct DateTimeOffsetTests {
    @Test(arguments: [
        ("2020-04-20T16:54:50.2722072Z", "2020-04-20T16:54:50.2722072Z"),
        ("2020-04-20T16:54:50Z", "2020-04-20T16:54:50Z"),
        ("2020-04-20t16:54:50z", "2020-04-20T16:54:50Z"),
        ("2019-03-01T21:43:37.5031462+00:00", "2019-03-01T21:43:37.5031462Z"),
        ("2019-03-01T00:30:00+01:00", "2019-02-28T23:30:00Z"),
        ("2019-03-01T00:30:00-0130", "2019-03-01T02:00:00Z"),
        ("2024-02-29T12:00:00.5Z", "2024-02-29T12:00:00.5Z"),
        ("0001-01-01T00:00:00Z", "0001-01-01T00:00:00Z"),
        ("9999-12-31T23:59:59.999999999Z", "9999-12-31T23:59:59.999999999Z"),
        ("1969-12-31T23:59:59.1Z", "1969-12-31T23:59:59.1Z"),
        ("2020-01-01T00:00:00.1234567890123Z", "2020-01-01T00:00:00.123456789Z"),
    ])
    func parsesAndWritesUTC(input: String, expected: String) {
        #expect(DateTimeOffset(input)?.iso8601 == expected)
    }

    @Test(arguments: ["", "2020-04-20", "2020-04-20T16:54:50", "2023-02-29T00:00:00Z", "2020-13-01T00:00:00Z",
                      "2020-04-20T24:00:00Z", "2020-04-20T16:54:50.Z", "String (timestamp)", "2020-04-20T16:54:50Zjunk",
                      "2020-04-20T16:54:50+25:00", "２０２０-04-20T16:54:50Z"])
    func rejectsInvalidText(input: String) {
        #expect(DateTimeOffset(input) == nil)
    }

    @Test func ordersByInstantNotByText() throws {
        let a = try #require(DateTimeOffset("2020-01-01T01:00:00+01:00"))
        let b = try #require(DateTimeOffset("2020-01-01T00:00:00.0000001Z"))
        #expect(a < b)
        #expect(a == DateTimeOffset("2020-01-01T00:00:00.000Z"))
    }
}

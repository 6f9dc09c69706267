import Foundation
import Testing
@testable import VigilCore

/// The secure score documentation examples, including the `.json.txt` ones (which carry trailing commas in
/// the docs: they are removed before parsing, nothing else is changed), decode into the models with their
/// values typed and encode back to the same JSON.
@Suite("Secure score examples")
struct ScoreExampleTests {
    static let files = ["v1.0/securescore-get.json", "v1.0/security-list-securescores.json",
                        "v1.0/securescorecontrolprofile-get.json.txt", "v1.0/security-list-securescorecontrolprofiles.json.txt",
                        "v1.0/securescorecontrolprofile-update-response2.json.txt"]

    /// The example's JSON, with the docs' trailing commas (`,` before `}` or `]`) dropped.
    static func load(_ file: String) throws -> JSONValue {
        var text = try String(contentsOf: TestData.url("graph-examples/" + file), encoding: .utf8)
        text = text.replacingOccurrences(of: #",\s*([}\]])"#, with: "$1", options: .regularExpression)
        return try JSONParser.parse(text)
    }

    static func items(_ json: JSONValue) -> [[String: JSONValue]] {
        if let values = json["value"]?.arrayValue { return values.compactMap(\.objectValue) }
        return json.objectValue.map { [$0] } ?? []
    }

    @Test("Each example round-trips with every property typed", .enabled(if: TestData.isAvailable, TestData.unavailableReason),
          arguments: files)
    func roundTrip(_ file: String) throws {
        for object in Self.items(try Self.load(file)) {
            if file.contains("controlprofile") {
                let profile = SecureScoreControlProfile(jsonObject: object)
                #expect(profile.passthrough.properties.isEmpty, "\(file): untyped \(profile.passthrough.properties.keys)")
                #expect(JSONValue.object(object).jsonEquals(profile.json), "\(file) changed in a round trip")
                #expect(profile.controlStateUpdates?.isEmpty == false)
                #expect(profile.complianceInformation?.first?.certificationControls?.first?.name != nil)
            } else {
                let score = SecureScore(jsonObject: object)
                #expect(score.passthrough.properties.isEmpty, "\(file): untyped \(score.passthrough.properties.keys)")
                #expect(JSONValue.object(object).jsonEquals(score.json), "\(file) changed in a round trip")
                #expect(score.currentScore == 387)
                #expect(score.maxScore == 697)
                #expect(score.controlScores?.map(\.controlName) == ["AdminMFA", "DLPEnabled"])
                #expect(score.averageComparativeScores?.first?.basis == "AllTenants")
                #expect(score.createdDateTime == DateTimeOffset("2019-03-19T15:21:00Z"))
            }
        }
    }

    @Test("The update example's state history is typed", .enabled(if: TestData.isAvailable, TestData.unavailableReason))
    func updateExample() throws {
        let profile = SecureScoreControlProfile(jsonObject: try #require(Self.items(try Self.load(Self.files[4])).first))
        let update = try #require(profile.controlStateUpdates?.first)
        #expect(profile.id == "NonOwnerAccess")
        #expect(profile.maxScore == 5)
        #expect(profile.rank == 25)
        #expect(update.state == "Reviewed")
        #expect(ScoreControlState(caseInsensitive: update.state ?? "") == .reviewed)
        #expect(update.updatedBy == "user1@contoso.com")
        #expect(update.updatedDateTime == DateTimeOffset("2019-03-19T22:37:14.628799Z"))
    }
}

import Foundation
import Testing
@testable import VigilCore

/// The pure parts of secure score: each check's rule, the state rules, the totals, the remote merge and the
/// comparison of two snapshots.
@Suite("Secure score core")
struct SecureScoreCoreTests {
    static let now = DateTimeOffset("2024-06-10T12:00:00Z")!

    struct CheckCase: CustomTestStringConvertible, Sendable {
        var name: String
        var check: ScoreCheck
        var facts: ScoreFacts
        var fraction: Double?
        var state: String
        var testDescription: String { name }
    }

    static let checkCases: [CheckCase] = [
        .init(name: "no providers: excluded", check: .providersHealthy, facts: .providers([]), fraction: nil, state: "excluded"),
        .init(name: "2 of 3 providers", check: .providersHealthy,
              facts: .providers([.init(name: "a", healthy: true), .init(name: "b", healthy: false), .init(name: "c", healthy: true)]),
              fraction: 2.0 / 3.0, state: "partial"),
        .init(name: "all providers", check: .providersHealthy, facts: .providers([.init(name: "a", healthy: true)]),
              fraction: 1, state: "passed"),
        .init(name: "no indicators", check: .indicatorFeedsFresh(maxAgeHours: 24), facts: .indicators(active: 0, newestIngestion: nil),
              fraction: 0, state: "failed"),
        .init(name: "stale indicators", check: .indicatorFeedsFresh(maxAgeHours: 24),
              facts: .indicators(active: 3, newestIngestion: DateTimeOffset("2024-06-09T11:59:59Z")), fraction: 0.5, state: "partial"),
        .init(name: "fresh indicators", check: .indicatorFeedsFresh(maxAgeHours: 24),
              facts: .indicators(active: 3, newestIngestion: DateTimeOffset("2024-06-09T12:00:00Z")), fraction: 1, state: "passed"),
        .init(name: "nothing due", check: .alertsTriaged(severity: "high", maxAgeHours: 24), facts: .alerts(due: 0, untriaged: 0),
              fraction: 1, state: "passed"),
        .init(name: "1 of 4 untriaged", check: .alertsTriaged(severity: "high", maxAgeHours: 24), facts: .alerts(due: 4, untriaged: 1),
              fraction: 0.75, state: "partial"),
        .init(name: "all untriaged", check: .alertsTriaged(severity: "high", maxAgeHours: 24), facts: .alerts(due: 2, untriaged: 2),
              fraction: 0, state: "failed"),
        .init(name: "no subscriptions", check: .webhooksDelivering(windowHours: 24, maxPendingMinutes: 60),
              facts: .webhooks(subscriptions: 0, recentDeadLetters: 0, stalePending: 0), fraction: nil, state: "excluded"),
        .init(name: "delivering", check: .webhooksDelivering(windowHours: 24, maxPendingMinutes: 60),
              facts: .webhooks(subscriptions: 2, recentDeadLetters: 0, stalePending: 0), fraction: 1, state: "passed"),
        .init(name: "stale pending", check: .webhooksDelivering(windowHours: 24, maxPendingMinutes: 60),
              facts: .webhooks(subscriptions: 2, recentDeadLetters: 0, stalePending: 3), fraction: 0.5, state: "partial"),
        .init(name: "dead and stale", check: .webhooksDelivering(windowHours: 24, maxPendingMinutes: 60),
              facts: .webhooks(subscriptions: 1, recentDeadLetters: 1, stalePending: 1), fraction: 0, state: "failed"),
        .init(name: "no exporters", check: .exportersHealthy(maxLag: 10), facts: .exporters([]), fraction: nil, state: "excluded"),
        .init(name: "lagging and failing exporters", check: .exportersHealthy(maxLag: 10),
              facts: .exporters([.init(name: "a", lag: 10, failing: false), .init(name: "b", lag: 11, failing: false),
                                 .init(name: "c", lag: 0, failing: true), .init(name: "d", lag: 0, failing: false)]),
              fraction: 0.5, state: "partial"),
        .init(name: "facts of another kind", check: .providersHealthy, facts: .alerts(due: 0, untriaged: 0), fraction: 0, state: "failed"),
    ]

    @Test("Each check scores its facts", arguments: checkCases)
    func checkRule(_ c: CheckCase) {
        let outcome = c.check.evaluate(c.facts, now: Self.now)
        #expect(outcome.fraction == c.fraction)
        #expect(outcome.state == c.state)
        #expect(!outcome.detail.isEmpty)
    }

    static func control(_ id: String, max: Double, check: ScoreCheck? = nil, service: String = "Vigil") -> ScoreControl {
        ScoreControl(id: id, title: "Title \(id)", controlCategory: "Apps", actionType: check == nil ? "Review" : "Config",
                     service: service, maxScore: max, vendorInformation: SecureScoreCalculator.vigilVendor, check: check,
                     origin: "test")
    }

    static func update(_ state: String, at: String = "2024-06-01T00:00:00Z") -> SecureScoreControlStateUpdate {
        var u = SecureScoreControlStateUpdate()
        u.state = state
        u.updatedBy = "admin@example.com"
        u.updatedDateTime = DateTimeOffset(at)
        return u
    }

    @Test("State rules: manual controls score from their latest state; Ignored leaves any control out; ThirdParty scores full")
    func stateRules() {
        let half = ScoreOutcome.scored(0.5, "half")
        let inputs: [SecureScoreCalculator.ControlInput] = [
            .init(control: Self.control("ManualReviewed", max: 10), updates: [Self.update("Default"), Self.update("reviewed")], checkOutcome: nil),
            .init(control: Self.control("ManualDefault", max: 5), updates: [], checkOutcome: nil),
            .init(control: Self.control("ManualBackToDefault", max: 7), updates: [Self.update("Reviewed"), Self.update("Default")], checkOutcome: nil),
            .init(control: Self.control("ManualIgnored", max: 8), updates: [Self.update("Ignored")], checkOutcome: nil),
            .init(control: Self.control("ManualThirdParty", max: 4), updates: [Self.update("ThirdParty")], checkOutcome: nil),
            .init(control: Self.control("AutoReviewed", max: 20, check: .providersHealthy, service: "Federation"),
                  updates: [Self.update("Reviewed")], checkOutcome: half),
            .init(control: Self.control("AutoIgnored", max: 30, check: .providersHealthy), updates: [Self.update("Ignored")], checkOutcome: half),
            .init(control: Self.control("AutoThirdParty", max: 3, check: .providersHealthy), updates: [Self.update("ThirdParty")], checkOutcome: half),
            .init(control: Self.control("AutoExcluded", max: 9, check: .providersHealthy, service: "Nothing"), updates: [],
                  checkOutcome: .excluded("n/a")),
        ]
        let score = SecureScoreCalculator.score(tenantId: "t1", at: Self.now, controls: inputs, remotes: [])
        let byName = Dictionary(uniqueKeysWithValues: (score.controlScores ?? []).map { ($0.controlName!, $0) })
        #expect(byName["ManualReviewed"]?.score == 10)
        #expect(byName["ManualDefault"]?.score == 0)
        #expect(byName["ManualBackToDefault"]?.score == 0)
        #expect(byName["ManualIgnored"]?.score == 0)
        #expect(byName["ManualIgnored"]?.passthrough.properties["@vigil.state"] == "excluded")
        #expect(byName["ManualIgnored"]?.passthrough.properties["@vigil.maxScore"] == .double(0))
        #expect(byName["ManualThirdParty"]?.score == 4)
        #expect(byName["AutoReviewed"]?.score == 10)
        #expect(byName["AutoIgnored"]?.score == 0)
        #expect(byName["AutoThirdParty"]?.score == 3)
        #expect(byName["AutoExcluded"]?.passthrough.properties["@vigil.state"] == "excluded")
        // 10 + 0 + 0 + 4 + 10 + 3 of 10 + 5 + 7 + 4 + 20 + 3.
        #expect(score.currentScore == 27)
        #expect(score.maxScore == 49)
        #expect(score.id == "t1_2024-06-10")
        #expect(score.azureTenantId == "t1")
        #expect(score.enabledServices == ["HasFederation", "HasVigil"])
        #expect(score.vendorInformation?.provider == "Vigil" && score.vendorInformation?.vendor == "Vigil")
        #expect(score.passthrough.properties["@vigil.providerErrors"] == nil)
    }

    @Test("Remote scores are appended with @vigil.provider and their totals added; a failed one is listed")
    func remoteMerge() {
        var remote = SecureScore()
        remote.id = "r_2024-06-10"
        remote.currentScore = 40
        remote.maxScore = 100
        remote.enabledServices = ["HasExchange"]
        remote.licensedUserCount = 12
        var c = ControlScore()
        c.controlName = "AdminMFA"
        c.controlCategory = "Identity"
        c.score = 40
        remote.controlScores = [c]
        var profile = SecureScoreControlProfile()
        profile.id = "AdminMFA"
        profile.maxScore = 50
        let score = SecureScoreCalculator.score(
            tenantId: "t1", at: Self.now,
            controls: [.init(control: Self.control("Local", max: 10), updates: [Self.update("Reviewed")], checkOutcome: nil)],
            remotes: [.init(name: "graph", score: remote, profiles: [profile]),
                      .init(name: "down", score: nil, profiles: [], failure: (503, "cannot reach"))])
        #expect(score.currentScore == 50)
        #expect(score.maxScore == 110)
        #expect(score.licensedUserCount == 12)
        #expect(score.enabledServices == ["HasExchange", "HasVigil"])
        let merged = score.controlScores?.last
        #expect(merged?.controlName == "AdminMFA")
        #expect(merged?.passthrough.properties["@vigil.provider"] == "graph")
        #expect(merged?.passthrough.properties["@vigil.maxScore"] == .double(50))
        #expect(score.passthrough.properties["@vigil.providerErrors"]?.arrayValue?.first?["provider"] == "down")
        #expect(score.passthrough.properties["@vigil.providerErrors"]?.arrayValue?.first?["status"] == .int(503))
        #expect(score.passthrough.properties["@vigil.providerScores"]?.arrayValue?.first?["scoreId"] == "r_2024-06-10")
    }

    @Test("The comparison lists controls that moved, appeared or disappeared, and the deltas")
    func comparison() {
        func snapshot(_ current: Double, _ max: Double, _ controls: [(String, Double, String?)]) -> SecureScore {
            var s = SecureScore()
            s.azureTenantId = "t1"
            s.currentScore = current
            s.maxScore = max
            s.controlScores = controls.map { name, value, provider in
                var c = ControlScore()
                c.controlName = name
                c.score = value
                if let provider { c.passthrough.properties["@vigil.provider"] = .string(provider) }
                return c
            }
            return s
        }
        let before = snapshot(30, 60, [("A", 10, nil), ("B", 20, nil), ("Gone", 0, nil), ("R", 5, "graph")])
        let after = snapshot(42.5, 70, [("A", 10, nil), ("B", 7.5, nil), ("New", 20, nil), ("R", 5, "graph"), ("R", 5, nil)])
        let comparison = SecureScoreComparison(latest: after, previous: before)
        #expect(comparison.changes.map(\.controlName) == ["B", "New", "R", "Gone"])
        #expect(comparison.changes.map(\.delta) == [-12.5, 20, 5, 0])
        #expect(comparison.changes[2].provider == nil)
        #expect(comparison.json["delta"]?["currentScore"] == .double(12.5))
        #expect(comparison.json["delta"]?["maxScore"] == .double(10))
        #expect(SecureScoreComparison(latest: after, previous: nil).json["delta"] == .null)
    }

    @Test func statesReadCaseInsensitively() {
        #expect(ScoreControlState(caseInsensitive: "thirdparty") == .thirdParty)
        #expect(ScoreControlState(caseInsensitive: "REVIEWED") == .reviewed)
        #expect(ScoreControlState(caseInsensitive: "Resolved") == nil)
        #expect(ScoreControlState.latest(of: []) == .default)
    }

    @Test func dayAndIdAreUTC() {
        let late = DateTimeOffset("2024-06-10T23:30:00-02:00")!
        #expect(SecureScoreCalculator.day(of: late) == "2024-06-11")
        #expect(SecureScoreCalculator.id(tenantId: "abc", day: "2024-06-11") == "abc_2024-06-11")
    }
}

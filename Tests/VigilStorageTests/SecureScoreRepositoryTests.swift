import Foundation
import Testing
import VigilCore
@testable import VigilStorage

/// One contract for every secure score store (SQLite and memory): snapshots replace their day, list newest
/// first, stay within their tenant; the latest score per tenant; state updates append in order.
@Suite("Secure score repository")
struct SecureScoreRepositoryTests {
    enum Backend: String, CaseIterable, Sendable {
        case sqlite, memory

        func make() throws -> any SecureScoreRepository {
            switch self {
            case .memory: return InMemorySecureScoreRepository()
            case .sqlite:
                let path = FileManager.default.temporaryDirectory.appendingPathComponent("vigil-score-\(UUID().uuidString).sqlite").path
                return SQLiteSecureScoreRepository(database: try VigilDatabase(path: path))
            }
        }
    }

    static func score(_ tenant: String, _ at: String, current: Double) -> SecureScore {
        var s = SecureScore()
        s.azureTenantId = tenant
        s.createdDateTime = DateTimeOffset(at)
        s.id = SecureScoreCalculator.id(tenantId: tenant, day: String(at.prefix(10)))
        s.currentScore = current
        s.maxScore = 100
        var c = ControlScore()
        c.controlName = "C"
        c.score = current
        c.passthrough.properties["@vigil.state"] = "partial"
        s.controlScores = [c]
        return s
    }

    @Test("Snapshots: one per tenant and day, newest first, tenant-scoped, with their remote profiles", arguments: Backend.allCases)
    func snapshots(_ backend: Backend) async throws {
        let repository = try backend.make()
        var profile = SecureScoreControlProfile()
        profile.id = "Remote"
        profile.passthrough.properties["@vigil.provider"] = "graph"
        try await repository.save(try SecureScoreRecord(Self.score("a", "2024-06-08T10:00:00Z", current: 10)))
        try await repository.save(try SecureScoreRecord(Self.score("a", "2024-06-09T10:00:00Z", current: 20), remoteProfiles: [profile]))
        try await repository.save(try SecureScoreRecord(Self.score("a", "2024-06-09T23:00:00Z", current: 25)))
        try await repository.save(try SecureScoreRecord(Self.score("b", "2024-06-01T00:00:00Z", current: 70)))

        let a = try await repository.snapshots(tenantId: "a", limit: nil)
        #expect(a.map(\.day) == ["2024-06-09", "2024-06-08"])
        #expect(a.first?.currentScore == 25)
        #expect(try a.first?.score().createdDateTime == DateTimeOffset("2024-06-09T23:00:00Z"))
        #expect(try a.first?.score().controlScores?.first?.passthrough.properties["@vigil.state"] == "partial")
        #expect(try a.first?.profiles().isEmpty == true)
        #expect(try await repository.snapshots(tenantId: "a", limit: 1).count == 1)
        #expect(try await repository.snapshot(tenantId: "a", day: "2024-06-08")?.currentScore == 10)
        #expect(try await repository.snapshot(tenantId: "b", day: "2024-06-08") == nil)
        #expect(try await repository.snapshots(tenantId: "c", limit: nil).isEmpty)
        #expect(try await repository.latestScores() == ["a": 25, "b": 70])

        try await repository.save(try SecureScoreRecord(Self.score("b", "2024-06-02T00:00:00Z", current: 71), remoteProfiles: [profile]))
        let b = try #require(try await repository.snapshots(tenantId: "b", limit: nil).first)
        #expect(try b.profiles().map(\.id) == ["Remote"])
        #expect(try b.profiles().first?.passthrough.properties["@vigil.provider"] == "graph")
        #expect(try await repository.latestScores() == ["a": 25, "b": 71])
    }

    @Test("State updates append in order per tenant and control", arguments: Backend.allCases)
    func states(_ backend: Backend) async throws {
        let repository = try backend.make()
        func update(_ state: String, _ by: String) -> SecureScoreControlStateUpdate {
            var u = SecureScoreControlStateUpdate()
            u.state = state
            u.updatedBy = by
            u.updatedDateTime = DateTimeOffset("2024-06-09T10:00:00Z")
            u.passthrough.explicitNulls.insert("assignedTo")
            return u
        }
        try await repository.appendState(ControlStateRecord(tenantId: "a", controlId: "X", update: update("Reviewed", "u1")))
        try await repository.appendState(ControlStateRecord(tenantId: "b", controlId: "X", update: update("Ignored", "u9")))
        try await repository.appendState(ControlStateRecord(tenantId: "a", controlId: "Y", update: update("Default", "u2")))
        try await repository.appendState(ControlStateRecord(tenantId: "a", controlId: "X", update: update("ThirdParty", "u3")))
        let a = try await repository.states(tenantId: "a")
        #expect(a["X"]?.map(\.state) == ["Reviewed", "ThirdParty"])
        #expect(a["X"]?.map(\.updatedBy) == ["u1", "u3"])
        #expect(a["X"]?.first?.jsonObject["assignedTo"] == .null)
        #expect(a["Y"]?.count == 1)
        #expect(try await repository.states(tenantId: "b")["X"]?.map(\.state) == ["Ignored"])
        #expect(try await repository.states(tenantId: "c").isEmpty)
    }
}

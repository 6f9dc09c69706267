import ArgumentParser
import Foundation
import VigilCore
import VigilEngine

/// `vigil score [show] [--tenant T]`: the tenant's latest snapshot compared with the one before it.
struct ScoreShowCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Print one JSON object: the latest snapshot's totals, the previous one's, the deltas, the controls that moved, and the latest controlScores.")
    @OptionGroup var data: DataOptions
    @Option(help: "The tenant (default: the only tenant of the database).") var tenant: String?

    func run() async throws {
        let (engine, identity) = try await ScoreCommandFailure.engine(data)
        let tenantId = try await ScoreCommandFailure.tenant(tenant, identity: identity)
        let snapshots = try await engine.snapshots(tenantId: tenantId, limit: 2)
        guard let latest = snapshots.first else {
            FileHandle.standardErrorWrite("vigil score: tenant '\(tenantId)' has no snapshot yet; run `vigil score compute`\n")
            throw ExitCode(1)
        }
        print(JSONWriter.string(SecureScoreComparison(latest: latest, previous: snapshots.dropFirst().first).json))
    }
}

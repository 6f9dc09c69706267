import ArgumentParser
import Foundation
import VigilCore
import VigilEngine

/// `vigil score compute [--tenant T]`: takes today's snapshot (replacing one taken earlier today).
struct ScoreComputeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compute",
        abstract: "Compute and store today's secure score of one tenant or all; prints {\"snapshots\":[{tenantId,id,currentScore,maxScore,providerErrors}]}.",
        discussion: "Works while the server runs. Recomputing on the same day replaces that day's snapshot.")
    @OptionGroup var data: DataOptions
    @Option(help: "Only this tenant (default: every tenant).") var tenant: String?
    @Option(help: "Take the snapshot as of this ISO 8601 instant (default: now); ages are measured from it and it names the snapshot's day.")
    var at: String?

    func run() async throws {
        let (engine, identity) = try await ScoreCommandFailure.engine(data)
        var ids: [String]?
        if let tenant { ids = [try await ScoreCommandFailure.tenant(tenant, identity: identity)] }
        var instant = DateTimeOffset.now()
        if let at {
            guard let parsed = DateTimeOffset(at) else {
                FileHandle.standardErrorWrite("vigil score compute: --at '\(at)' is not an ISO 8601 date-time with a zone\n")
                throw ExitCode(2)
            }
            instant = parsed
        }
        let scores = try await engine.compute(tenantIds: ids, at: instant)
        let summaries: [JSONValue] = scores.map { score in
            ["tenantId": score.azureTenantId.map(JSONValue.string) ?? .null, "id": score.id.map(JSONValue.string) ?? .null,
             "currentScore": .double(score.currentScore ?? 0), "maxScore": .double(score.maxScore ?? 0),
             "averageScore": .double(score.averageComparativeScores?.first?.averageScore ?? 0),
             "providerErrors": score.passthrough.properties[SecureScoreCalculator.providerErrorsAnnotation] ?? .array([])]
        }
        print(JSONWriter.string(["snapshots": .array(summaries)]))
    }
}

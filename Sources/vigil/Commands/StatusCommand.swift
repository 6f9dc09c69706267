import ArgumentParser
import Foundation
import VigilCore
import VigilEngine
import VigilStorage

/// `vigil status`: the saved health of every replica's background services.
struct StatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "One JSON line per background component of each replica, as last saved: {\"component\",\"replica\",\"state\",\"lastError\",\"lastErrorAt\",\"lastSuccessAt\",\"consecutiveFailures\",\"updatedAt\"}; exit 1 when one is failing.")
    @OptionGroup var data: DataOptions

    func run() async throws {
        let store = try await data.store()
        let saved: [(replica: String, component: String, state: JSONValue, updatedAt: String)]
        do {
            saved = try await store.health?.all() ?? []
        } catch {
            await store.close()
            throw error
        }
        await store.close()
        var failing = false
        for saved in saved {
            guard case .object(var line) = saved.state else { continue }
            line["component"] = .string(saved.component)
            line["replica"] = .string(saved.replica)
            line["updatedAt"] = .string(saved.updatedAt)
            if line["state"]?.stringValue == "failing" { failing = true }
            print(AlertDocument.line(line))
        }
        if failing { throw ExitCode(1) }
    }
}

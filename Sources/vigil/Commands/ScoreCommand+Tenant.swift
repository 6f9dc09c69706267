import ArgumentParser
import Foundation
import VigilServer

/// What the score commands report on standard error.
enum ScoreCommandFailure: Error, CustomStringConvertible {
    case message(String)

    var description: String {
        switch self { case .message(let text): text }
    }

    /// The named tenant (which must exist), or the database's only tenant.
    static func tenant(_ name: String?, services: VigilServices) async throws -> String {
        let tenants = try await services.identity.tenants().map(\.id)
        if let name {
            guard tenants.contains(name) else {
                FileHandle.standardErrorWrite("vigil score: there is no tenant '\(name)'\n")
                throw ExitCode(2)
            }
            return name
        }
        guard tenants.count == 1 else {
            FileHandle.standardErrorWrite("vigil score: the database has \(tenants.count) tenants; pass --tenant\n")
            throw ExitCode(2)
        }
        return tenants[0]
    }
}

import ArgumentParser
import Foundation
import VigilStorage
import VigilEngine

/// What the score commands report on standard error.
enum ScoreCommandFailure: Error, CustomStringConvertible {
    case message(String)

    var description: String {
        switch self { case .message(let text): text }
    }

    /// The secure score engine of the configured database (the engine alone: no server, no signing keys),
    /// and the database's tenants and apps.
    static func engine(_ data: DataOptions) async throws -> (SecureScoreEngine, any IdentityRepository) {
        let configuration = try data.configuration()
        try configuration.validateProviders()
        let store = try await VigilStore.open(try configuration.storeLocation())
        let remotes = try configuration.providers.filter(\.enabled).map { try RemoteGraphProvider(configuration: $0) }
        guard let engine = try SecureScoreEngine.store(store, configuration: configuration, remotes: remotes) else {
            throw ScoreCommandFailure.message("secure score needs the database")
        }
        return (engine, store.identity)
    }

    /// The named tenant (which must exist), or the database's only tenant.
    static func tenant(_ name: String?, identity: any IdentityRepository) async throws -> String {
        let tenants = try await identity.tenants().map(\.id)
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

import ArgumentParser
import VigilServer
import VigilStorage

/// Options every command that touches the database shares.
struct DataOptions: ParsableArguments {
    @Option(help: "The data folder (database and keys). Default: ./vigil-data, or dataDir in --config.")
    var dataDir: String?

    @Option(help: "A YAML configuration file (every key is documented in the README).")
    var config: String?

    /// The configuration: defaults, then the file, then flags.
    func configuration() throws -> VigilConfiguration {
        var configuration = try config.map { try VigilConfiguration.load(yamlFile: $0) } ?? VigilConfiguration()
        if let dataDir { configuration.dataDir = dataDir }
        return configuration
    }

    /// The tenants, apps and keys in the configured database.
    func identity() throws -> IdentityRepository {
        IdentityRepository(database: try VigilDatabase(path: try configuration().databasePath))
    }
}

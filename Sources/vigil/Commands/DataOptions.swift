import ArgumentParser
import VigilStorage
import VigilEngine

/// Options every command that touches the database shares.
struct DataOptions: ParsableArguments {
    @Option(help: "The data folder (database and keys). Default: ./vigil-data, or dataDir in --config.")
    var dataDir: String?

    @Option(help: ArgumentHelp("A PostgreSQL database shared by several servers, instead of SQLite in the data folder: postgres://user:password@host:5432/db (or database: in --config).",
                               valueName: "url"))
    var database: String?

    @Option(help: "A YAML configuration file (every key is documented in the README).")
    var config: String?

    /// The configuration: defaults, then the file, then flags.
    func configuration() throws -> VigilConfiguration {
        var configuration = try config.map { try VigilConfiguration.load(yamlFile: $0) } ?? VigilConfiguration()
        if let dataDir { configuration.dataDir = dataDir }
        if let database { configuration.database = Secret(database) }
        return configuration
    }

    /// The configured database, opened (and migrated).
    func store() async throws -> VigilStore {
        try await VigilStore.open(try configuration().storeLocation())
    }

    /// The tenants, apps and keys in the configured database.
    func identity() async throws -> any IdentityRepository {
        try await store().identity
    }
}

import ArgumentParser

/// The `vigil` command-line tool.
@main
struct Vigil: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "vigil",
        abstract: "Vigil: a self-hosted security graph broker, wire-compatible with the Microsoft Graph Security API.",
        subcommands: [ServeCommand.self, TenantsCommand.self, AppsCommand.self, KeysCommand.self, StatusCommand.self, ProvidersCommand.self, ExportersCommand.self, IndicatorsCommand.self,
                      IngestCommand.self, ScoreCommand.self,
                      FilterCommand.self,
                      DetectCommand.self, SigmaCommand.self,
                      BenchCommand.self]
    )
}

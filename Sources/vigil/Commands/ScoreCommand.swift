import ArgumentParser

/// `vigil score`: secure score snapshots. Without a subcommand it shows the latest snapshot and what changed.
struct ScoreCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "score", abstract: "Secure score: show the latest snapshot and its changes, or take snapshots.",
        subcommands: [ScoreShowCommand.self, ScoreComputeCommand.self], defaultSubcommand: ScoreShowCommand.self)
}

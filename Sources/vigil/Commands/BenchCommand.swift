import ArgumentParser
import Foundation

/// `vigil bench <scenario>`: runs a benchmark in process and prints one JSON object of figures.
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Run a benchmark scenario and print one JSON object of figures.",
        discussion: "Scenarios: odata (filter parsing and in-memory evaluation). Build with -c release."
    )

    @Argument(help: "The scenario: odata.")
    var scenario: String

    @Option(help: "How many generated alerts to evaluate.")
    var alerts: Int = 200_000

    @Option(help: "Seconds to spend on each measured loop.")
    var seconds: Double = 2

    func run() throws {
        switch scenario {
        case "odata":
            let figures = ODataBench(alertCount: alerts, seconds: seconds).run()
            print(figures.json)
        default:
            FileHandle.standardError.write(Data("vigil bench: unknown scenario '\(scenario)' (known: odata)\n".utf8))
            throw ExitCode(2)
        }
    }
}

import ArgumentParser
import Foundation
import VigilStorage

/// `vigil bench <scenario>`: runs a benchmark in process and prints one JSON object of figures.
struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Run a benchmark scenario and print one JSON object of figures.",
        discussion: """
            Scenarios: odata (filter parsing and in-memory evaluation); alerts (ingestion against plain SQLite \
            or PostgreSQL inserts, the list query in process against hand-written SQL and over HTTP, peak memory); federation \
            (ten loopback providers answering in 20 ms and one that never answers: merged-list latency and the \
            time to the 206); indicators (index 1M mixed indicators, match events of four observables on one \
            core); pipeline (Suricata EVE through intake: parse, match 10,000 indicators, store alerts); notify (100k alert \
            changes through ten subscriptions to a loopback receiver: notifications/s and change-to-delivery latency); \
            cef (CEF, syslog-framed CEF and Splunk HEC formatting of generated alerts on one core); sigma (load \
            and compile every SigmaHQ rule of the shared data, evaluate Windows events on one core). Build with \
            -c release.
            """
    )

    @Argument(help: "The scenario: odata, alerts, federation, indicators, pipeline, notify, cef or sigma.")
    var scenario: String

    @Option(help: "How many generated alerts (odata: evaluated; alerts: ingested) or indicators (indicators) or events (pipeline). cef: formatted. Default 200000 / 1000000 / 1000000 / 500000 / 100000.")
    var alerts: Int?

    @Option(help: "odata, cef: seconds per measured loop. alerts: seconds of HTTP load.")
    var seconds: Double?

    @Option(help: "alerts: ingestion batch size.")
    var batch: Int = 1000

    @Option(help: "alerts: in-process list queries to time. federation: merged lists to time.")
    var queries: Int = 300

    @Option(help: "alerts: ingestion batches in flight at once (concurrent pushing clients).")
    var ingestClients: Int = 2

    @Option(help: "alerts: concurrent HTTP clients.")
    var concurrency: Int = 16

    @Option(help: "alerts: loopback port for the HTTP part.")
    var port: Int = 18_080

    @Option(help: "sigma: the shared data folder with sigma/ (default: VIGIL_TEST_DATA, else ../shared/data).")
    var data: String?

    @Option(help: "sigma: events to evaluate (default 200000).")
    var events: Int?

    @Option(help: "alerts: scratch folder (deleted afterwards).")
    var scratch: String = NSTemporaryDirectory() + "vigil-bench"

    @Option(help: ArgumentHelp("alerts: run on this PostgreSQL database (postgres://user:password@host:5432/db) instead of scratch SQLite files; the bench's tenant and plain table are removed afterwards.",
                               valueName: "url"))
    var database: String?

    func run() async throws {
        switch scenario {
        case "odata":
            print(ODataBench(alertCount: alerts ?? 200_000, seconds: seconds ?? 2).run().json)
        case "indicators":
            print(IndicatorsBench(indicatorCount: alerts ?? 1_000_000, eventCount: 2_000_000).run().json)
        case "pipeline":
            print(try await PipelineBench(eventCount: alerts ?? 500_000, batchSize: 5000, directory: scratch).run().json)
        case "notify":
            let bench = NotifyBench(changes: alerts ?? 100_000, batchSize: batch, directory: scratch)
            print(try await bench.run().json)
        case "cef":
            print(CEFBench(alertCount: alerts ?? 100_000, seconds: seconds ?? 2).run().json)
        case "sigma":
            let folder = data ?? ProcessInfo.processInfo.environment["VIGIL_TEST_DATA"].flatMap { $0.isEmpty ? nil : $0 } ?? "../shared/data"
            print(try SigmaBench(dataDirectory: folder, eventCount: events ?? 200_000).run().json)
        case "federation":
            let bench = FederationBench(requests: queries, directory: scratch)
            print(try await bench.run().json)
        case "alerts":
            let bench = AlertsBench(alertCount: alerts ?? 1_000_000, batchSize: batch, queries: queries,
                                    httpSeconds: seconds ?? 10, concurrency: concurrency, port: port, ingestClients: ingestClients,
                                    directory: scratch, database: database.map(Secret.init))
            print(try await bench.run().json)
        default:
            FileHandle.standardError.write(Data("vigil bench: unknown scenario '\(scenario)' (known: odata, alerts, federation, indicators, pipeline, notify, cef, sigma)\n".utf8))
            throw ExitCode(2)
        }
    }
}

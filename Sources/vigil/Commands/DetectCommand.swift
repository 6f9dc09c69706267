import ArgumentParser
import Foundation
import VigilCore
import VigilDetection
import VigilEngine

/// `vigil detect`: runs Sigma rules over event files offline and prints one NDJSON line per match.
struct DetectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "detect",
        abstract: "Run Sigma rules over event files; print {\"ruleId\",\"title\",\"level\",\"file\",\"eventIndex\"} per match.",
        discussion: """
            Events: JSON objects as a JSON array, {"value":[...]}, NDJSON or one after another (evtx converted \
            to JSON); a directory is searched for .json, .ndjson and .jsonl files. Files are read a chunk at a \
            time, whatever their size. eventIndex counts a file's objects from 0. A malformed part is reported \
            with its line and the rest is read; a document not closed or larger than 64 MiB is reported on its \
            first line and reading resumes on the next. A summary goes to stderr. Exit status 0; 1 when an input \
            or rule directory cannot be read.
            """)

    @Option(name: .customLong("rules"), help: "A directory of Sigma rules (.yml, .yaml; repeatable).")
    var rules: [String] = []

    @Option(help: "Log source product of events that do not show theirs (e.g. linux).") var product: String?
    @Option(help: "Log source category (e.g. process_creation, webserver).") var category: String?
    @Option(help: "Log source service (e.g. auditd).") var service: String?

    @Argument(help: "Event files or directories.")
    var files: [String]

    func validate() throws {
        guard !rules.isEmpty else { throw ValidationError("Give at least one --rules DIR.") }
    }

    func run() throws {
        let hint = SigmaLogSource(product: product, category: category, service: service)
        let hunt: SigmaHunt
        do {
            hunt = try SigmaHunt(ruleDirectories: rules, hint: hint == SigmaLogSource() ? nil : hint)
        } catch {
            FileHandle.standardErrorWrite("vigil detect: \(error.message)\n")
            throw ExitCode(1)
        }
        let summary = hunt.run(files) { match in print(JSONWriter.string(match.json)) }
        for problem in summary.problems { FileHandle.standardErrorWrite("vigil detect: \(problem)\n") }
        FileHandle.standardErrorWrite("vigil detect: \(summary.text)\n")
        if summary.problems.contains(where: { $0.hasPrefix("cannot read") }) { throw ExitCode(1) }
    }
}

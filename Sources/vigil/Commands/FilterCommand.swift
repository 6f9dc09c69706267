import ArgumentParser
import Foundation
import VigilCore

/// `vigil filter`: applies an OData query to exported alerts, offline, exactly as the API does.
struct FilterCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "filter",
        abstract: "Apply an OData query to alerts (NDJSON or a {\"value\":[...]} body) and print the result as NDJSON.",
        discussion: """
            A bad expression or option value exits with status 2 and prints the Graph error body the API \
            would answer with on stderr. Unreadable input exits with status 1.
            """
    )

    @Option(help: "The $filter expression, e.g. \"severity eq 'high' and status eq 'newAlert'\".")
    var filter: String?

    @Option(help: "The $orderby list, e.g. \"createdDateTime desc\".")
    var orderby: String?

    @Option(help: "The $select list of top-level properties.")
    var select: String?

    // Taken as text so that the OData engine, not the argument parser, judges the value.
    @Option(help: "The $top value (1...1000).")
    var top: String?

    @Option(help: "The $skip value (0...500).")
    var skip: String?

    @Argument(help: "The input file, or - for standard input.")
    var file: String = "-"

    func run() throws {
        var parameters: [(name: String, value: String)] = []
        if let filter { parameters.append(("$filter", filter)) }
        if let orderby { parameters.append(("$orderby", orderby)) }
        if let select { parameters.append(("$select", select)) }
        if let top { parameters.append(("$top", top)) }
        if let skip { parameters.append(("$skip", skip)) }
        let query: ODataQuery<Alert>
        do {
            query = try ODataQuery<Alert>.parse(parameters)
        } catch {
            printGraphError(error)
            throw ExitCode(2)
        }
        let alerts: [Alert]
        do {
            let data = try readInput(file)
            alerts = try AlertDocument.read(data)
        } catch {
            FileHandle.standardError.write(Data("vigil filter: \(errorMessage(error))\n".utf8))
            throw ExitCode(1)
        }
        var out = ""
        for alert in query.evaluate(alerts) {
            out += AlertDocument.line(query.project(alert))
            out += "\n"
        }
        FileHandle.standardOutput.write(Data(out.utf8))
    }

    private func readInput(_ path: String) throws -> Data {
        if path == "-" { return FileHandle.standardInput.readDataToEndOfFile() }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw VigilError(.notFound, "cannot read '\(path)'")
        }
        return data
    }
}

/// Prints the Graph error body of an error on stderr, as the API would answer it.
func printGraphError(_ error: VigilError) {
    let body = error.graphBody(requestId: UUID().uuidString.lowercased())
    FileHandle.standardError.write(Data((AlertDocument.line(body.objectValue ?? [:]) + "\n").utf8))
}

/// A human message for any error.
func errorMessage(_ error: any Error) -> String {
    if let e = error as? VigilError { return e.message }
    return "\(error)"
}

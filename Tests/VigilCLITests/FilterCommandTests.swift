import Foundation
import Testing

/// Runs the built `vigil` executable as a user would.
@Suite("vigil filter")
struct FilterCommandTests {
    static let binary: URL = {
        let testBundle = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        var dir = testBundle.deletingLastPathComponent()
        // The test runner sits in .build/<config>/ (or inside an .xctest bundle there).
        for _ in 0..<4 where !FileManager.default.fileExists(atPath: dir.appendingPathComponent("vigil").path) {
            dir = dir.deletingLastPathComponent()
        }
        return dir.appendingPathComponent("vigil")
    }()

    static let example = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Examples/alerts.ndjson")

    struct Output {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    static func run(_ arguments: [String], stdin: String? = nil) throws -> Output {
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        let out = Pipe(), err = Pipe(), input = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = input
        try process.run()
        if let stdin { input.fileHandleForWriting.write(Data(stdin.utf8)) }
        try input.fileHandleForWriting.close()
        let o = out.fileHandleForReading.readDataToEndOfFile()
        let e = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Output(status: process.terminationStatus, stdout: String(decoding: o, as: UTF8.self),
                      stderr: String(decoding: e, as: UTF8.self))
    }

    static func ids(_ ndjson: String) throws -> [String] {
        try ndjson.split(separator: "\n").map { line in
            let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
            return object?["id"] as? String ?? "?"
        }
    }

    @Test func theBinaryWasBuilt() {
        #expect(FileManager.default.isExecutableFile(atPath: Self.binary.path), "\(Self.binary.path)")
    }

    @Test func filtersSortsAndPagesTheBundledExample() throws {
        let r = try Self.run(["filter", "--filter", "severity eq 'high' and status eq 'newAlert'",
                              "--orderby", "createdDateTime desc", "--top", "2", Self.example.path])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(try Self.ids(r.stdout) == ["ex-0007", "ex-0001"])
    }

    @Test func lambdaAndSelectFromStandardInputAsAValueBody() throws {
        let body = #"{"value":[{"id":"1","userStates":[{"userPrincipalName":"a@x"}],"title":"t"},{"id":"2","userStates":[]}]}"#
        let r = try Self.run(["filter", "--filter", "userStates/any(u: u/userPrincipalName eq 'a@x')",
                              "--select", "id,title", "-"], stdin: body)
        #expect(r.status == 0)
        #expect(r.stdout == #"{"id":"1","title":"t"}"# + "\n")
    }

    @Test(arguments: [
        (["--filter", "severity gt 3"], "cannot compare severity"),
        (["--filter", "title eq 'open"], "unterminated string literal"),
        (["--top", "abc"], "'abc' is not a whole number"),
        (["--top", "1001"], "between 1 and 1000"),
        (["--top=-1"], "'-1' is out of range"),
        (["--skip", "501"], "between 0 and 500"),
        (["--orderby", "tags"], "is a collection"),
        (["--select", "nope"], "'nope' is not a property of alert"),
    ])
    func badQueriesExitTwoWithTheGraphErrorBody(arguments: [String], fragment: String) throws {
        let r = try Self.run(["filter"] + arguments + [Self.example.path])
        #expect(r.status == 2)
        #expect(r.stdout.isEmpty)
        let body = try JSONSerialization.jsonObject(with: Data(r.stderr.utf8)) as? [String: Any]
        let error = body?["error"] as? [String: Any]
        #expect(error?["code"] as? String == "BadRequest")
        #expect((error?["message"] as? String)?.contains(fragment) == true, "\(r.stderr)")
        let inner = error?["innerError"] as? [String: Any]
        #expect(inner?["request-id"] is String)
        #expect(inner?["date"] is String)
    }

    @Test func unreadableInputExitsOne() throws {
        let r = try Self.run(["filter", "/nonexistent/alerts.ndjson"])
        #expect(r.status == 1)
        #expect(r.stderr.contains("cannot read '/nonexistent/alerts.ndjson'"))
        let bad = try Self.run(["filter", "-"], stdin: "{\"id\":\"1\"}\n{not json}\n")
        #expect(bad.status == 1)
        #expect(bad.stderr.contains("Line 2: Malformed JSON: expected a property name in double quotes but found 'n' at line 1, column 2"))
    }
}

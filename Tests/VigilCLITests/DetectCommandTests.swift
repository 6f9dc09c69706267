import Foundation
import Testing

/// `vigil detect` and `vigil sigma check`, run as a user would.
@Suite("vigil detect and vigil sigma check")
struct DetectCommandTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("VigilDetectionTests/Fixtures")

    static func path(_ name: String) -> String { fixtures.appendingPathComponent(name).path }

    static func lines(_ ndjson: String) throws -> [[String: Any]] {
        try ndjson.split(separator: "\n").map { try #require(JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]) }
    }

    @Test func printsOneLinePerMatchAndASummary() throws {
        let r = try FilterCommandTests.run(["detect", "--rules", Self.path("rules"), Self.path("events/windows.json")])
        #expect(r.status == 0, "\(r.stderr)")
        let matches = try Self.lines(r.stdout)
        #expect(matches.map { $0["ruleId"] as? String } == ["7d1c6a52-2f5e-4c07-9b3e-5c8f0a1d2e01", "7d1c6a52-2f5e-4c07-9b3e-5c8f0a1d2e02"])
        #expect(matches.map { $0["eventIndex"] as? Int } == [0, 2])
        #expect(matches.map { $0["level"] as? String } == ["high", "medium"])
        #expect(matches.first?["title"] as? String == "PowerShell With An Encoded Command")
        #expect(matches.allSatisfy { $0["file"] as? String == Self.path("events/windows.json") })
        #expect(r.stderr.contains("1 file(s), 3 event(s), 2 match(es) of 2 rule(s); 4 rule(s) compiled, 0 skipped"), "\(r.stderr)")
    }

    @Test("The same events in every shape a file may take give the same matches")
    func everyShapeGivesTheSameMatches() throws {
        // The fixture holds three pretty-printed objects one after another (lines 1-31, 32-57, 58-85).
        let text = try String(contentsOfFile: Self.path("events/windows.json"), encoding: .utf8)
        var pretty: [String] = [], current: [Substring] = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            current.append(line)
            if line == "}" { pretty.append(current.joined(separator: "\n")); current = [] }
        }
        #expect(pretty.count == 3)
        let compact = try pretty.map { object in
            String(decoding: try JSONSerialization.data(withJSONObject: try JSONSerialization.jsonObject(with: Data(object.utf8))), as: UTF8.self)
        }
        let shapes: [(String, String)] = [
            ("concatenated.json", pretty.joined(separator: "\n")),
            ("array.json", "[\n" + pretty.joined(separator: ",\n") + "\n]\n"),
            ("collection.json", #"{"@odata.context":"https://graph.example/$metadata#events","value":["# + compact.joined(separator: ",") + "]}"),
            ("events.ndjson", compact.joined(separator: "\n") + "\n"),
            ("crlf.jsonl", "\u{FEFF}" + compact.joined(separator: "\r\n") + "\r\n"),
            ("damaged.ndjson", compact[0] + "\nnot json\n" + compact[1] + "\n{\"truncated\":\n" + compact[2] + "\n{\"EventID\""),
        ]
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("vigil-detect-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        var paths: [String] = []
        for (name, body) in shapes {
            let url = dir.appendingPathComponent(name)
            try body.write(to: url, atomically: true, encoding: .utf8)
            paths.append(url.path)
        }
        let r = try FilterCommandTests.run(["detect", "--rules", Self.path("rules")] + paths)
        #expect(r.status == 0, "\(r.stderr)")
        let matches = try Self.lines(r.stdout)
        for path in paths {
            let found = matches.filter { $0["file"] as? String == path }
            #expect(found.map { $0["ruleId"] as? String } == ["7d1c6a52-2f5e-4c07-9b3e-5c8f0a1d2e01", "7d1c6a52-2f5e-4c07-9b3e-5c8f0a1d2e02"], "\(path)")
            #expect(found.map { $0["eventIndex"] as? Int } == [0, 2], "\(path)")
        }
        #expect(r.stderr.contains("6 file(s), 18 event(s) (3 malformed), 12 match(es) of 2 rule(s)"), "\(r.stderr)")
        #expect(r.stderr.contains("damaged.ndjson: line 2: malformed JSON"), "\(r.stderr)")
        #expect(r.stderr.contains("damaged.ndjson: line 4: malformed JSON"), "\(r.stderr)")
        #expect(r.stderr.contains("damaged.ndjson: line 6: malformed JSON"), "\(r.stderr)")
    }

    @Test func searchesDirectoriesAndTakesALogSourceHint() throws {
        let r = try FilterCommandTests.run(["detect", "--rules", Self.path("rules"), "--product", "linux", "--service", "auditd",
                                            Self.path("events")])
        #expect(r.status == 0, "\(r.stderr)")
        let matches = try Self.lines(r.stdout)
        // auditd.ndjson is read first; the hint does not change the Windows events, which show their source.
        #expect(matches.map { $0["ruleId"] as? String } == ["7d1c6a52-2f5e-4c07-9b3e-5c8f0a1d2e03",
                                                            "7d1c6a52-2f5e-4c07-9b3e-5c8f0a1d2e01", "7d1c6a52-2f5e-4c07-9b3e-5c8f0a1d2e02"])
        #expect(r.stderr.contains("2 file(s), 5 event(s)"), "\(r.stderr)")
    }

    @Test func unreadableInputsExitOne() throws {
        let missing = try FilterCommandTests.run(["detect", "--rules", Self.path("rules"), "/nonexistent/events.json"])
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("cannot read '/nonexistent/events.json'"))
        let noRules = try FilterCommandTests.run(["detect", "--rules", "/nonexistent/rules", Self.path("events")])
        #expect(noRules.status == 1)
        #expect(noRules.stderr.contains("Cannot read the Sigma rule directory '/nonexistent/rules'"))
    }

    @Test func sigmaCheckListsEveryRuleThatCannotBeCompiled() throws {
        let r = try FilterCommandTests.run(["sigma", "check", Self.path("broken-rules")])
        #expect(r.status == 0, "\(r.stderr)")
        let out = r.stdout
        #expect(out.contains("correlation.yml [7d1c6a52-2f5e-4c07-9b3e-5c8f0a1d2e13]: correlation rule: correlation rules"), "\(out)")
        #expect(out.contains("not_yaml.yml: invalid YAML: the file is not valid YAML"), "\(out)")
        #expect(out.contains("placeholder.yml [7d1c6a52-2f5e-4c07-9b3e-5c8f0a1d2e14]: placeholder:"), "\(out)")
        #expect(out.contains("unknown_modifier.yml [7d1c6a52-2f5e-4c07-9b3e-5c8f0a1d2e12]: unsupported modifier: unknown modifier 'soundslike'"), "\(out)")
        #expect(!out.contains("good.yml"))
        #expect(out.contains("5 rule file(s): 1 compiled, 4 skipped"), "\(out)")

        let json = try FilterCommandTests.run(["sigma", "check", "--json", Self.path("broken-rules")])
        let objects = try Self.lines(json.stdout)
        #expect(objects.count == 5)
        #expect(objects.last?["compiled"] as? Int == 1)
        #expect(objects.last?["skipped"] as? Int == 4)
        #expect((objects.last?["reasons"] as? [String: Int]) == ["correlation rule": 1, "invalid YAML": 1, "placeholder": 1, "unsupported modifier": 1])

        let missing = try FilterCommandTests.run(["sigma", "check", "/nonexistent/rules"])
        #expect(missing.status == 1)
    }
}

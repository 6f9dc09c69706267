import Foundation
import VigilCore
@testable import VigilDetection

/// The SigmaHQ rules and regression cases of the shared data, read once per test run.
enum SigmaHQ {
    static let ruleFolders = ["sigma/rules", "sigma/rules-emerging-threats", "sigma/rules-threat-hunting"]

    /// Every rule file of the three folders, as (path, text).
    static let sources: [SigmaRuleSet.Source] = {
        guard TestData.isAvailable else { return [] }
        var out: [SigmaRuleSet.Source] = []
        for folder in ruleFolders {
            let root = TestData.url(folder)
            guard let walker = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil) else { continue }
            for case let url as URL in walker where url.pathExtension == "yml" {
                guard let data = FileManager.default.contents(atPath: url.path) else { continue }
                out.append(.init(name: url.path, text: String(decoding: data, as: UTF8.self)))
            }
        }
        return out.sorted { $0.name < $1.name }
    }()

    /// All rules compiled into one set.
    static let ruleSet = SigmaRuleSet(sources: sources)

    /// One regression case: the rule it names, the expected number of matching events, and the events.
    struct Case: Sendable, CustomStringConvertible {
        var folder: String
        var ruleId: String
        var expected: Int
        var events: [SigmaEvent]
        var description: String { folder }
    }

    /// Every case of `sigma/regression`.
    static let cases: [Case] = {
        guard TestData.isAvailable else { return [] }
        let root = TestData.url("sigma/regression")
        var out: [Case] = []
        guard let walker = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil) else { return [] }
        for case let url as URL in walker where url.lastPathComponent == "info.yml" {
            let folder = url.deletingLastPathComponent()
            guard let text = try? String(contentsOf: url, encoding: .utf8),
                  let info = try? SigmaNode.documents(text).first,
                  case .sequence(let metadata)? = info["rule_metadata"], let ruleId = metadata.first?["id"]?.text
            else { continue }
            var expected = 1  // the one case whose regression_tests_info is commented out holds one event
            if case .sequence(let tests)? = info["regression_tests_info"], let count = tests.first?["match_count"]?.text {
                expected = Int(count) ?? 1
            }
            var events: [SigmaEvent] = []
            let files = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
            for name in files.sorted() where name != "info.yml" {
                guard let data = FileManager.default.contents(atPath: folder.appendingPathComponent(name).path) else { continue }
                if name.hasSuffix(".json") {
                    for case .success(let document) in JSONDocuments.objects(Array(data)) {
                        events.append(SigmaEvent(json: document.object))
                    }
                } else {
                    // A raw log line: the rule's log source comes from the case's folder (product/service).
                    let parts = folder.path.replacingOccurrences(of: root.path + "/", with: "").split(separator: "/")
                    let hint = SigmaLogSource(product: parts.first.map(String.init), service: parts.dropFirst().first.map(String.init))
                    for line in String(decoding: data, as: UTF8.self).split(separator: "\n") {
                        events.append(SigmaEvent(json: ["message": .string(String(line))], hint: hint))
                    }
                }
            }
            out.append(Case(folder: folder.path.replacingOccurrences(of: root.path + "/", with: ""), ruleId: ruleId,
                            expected: expected, events: events))
        }
        return out.sorted { $0.folder < $1.folder }
    }()
}

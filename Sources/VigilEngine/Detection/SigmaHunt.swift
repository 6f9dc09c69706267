import Foundation
import VigilCore
import VigilDetection

/// Offline hunting (`vigil detect`): Sigma rules from directories run over event files — JSON, NDJSON or
/// concatenated objects (see `JSONDocumentSplitter`), or directories of `.json`, `.ndjson` and `.jsonl`
/// files. Files are read a chunk at a time and each event is evaluated as soon as it is read, so memory
/// does not grow with the files' size.
public struct SigmaHunt {
    /// One rule matching one event.
    public struct Match: Sendable {
        public var rule: SigmaRule
        public var file: String
        /// The event's 0-based position among the file's objects.
        public var eventIndex: Int

        /// `{"ruleId","title","level","file","eventIndex"}`.
        public var json: JSONValue {
            ["ruleId": .string(rule.id), "title": .string(rule.title), "level": rule.level.map { .string($0.rawValue) } ?? .null,
             "file": .string(file), "eventIndex": .int(Int64(eventIndex))]
        }
    }

    /// What a hunt came to.
    public struct Summary: Sendable {
        public var files = 0
        public var events = 0
        public var malformed = 0
        public var matches = 0
        public var matchedRules: Set<String> = []
        public var rulesCompiled = 0
        public var rulesSkipped = 0
        /// Inputs that could not be read, and malformed parts of files (the first ones).
        public var problems: [String] = []

        /// One line for standard error.
        public var text: String {
            "\(files) file(s), \(events) event(s)\(malformed > 0 ? " (\(malformed) malformed)" : ""), \(matches) match(es) of \(matchedRules.count) rule(s); \(rulesCompiled) rule(s) compiled, \(rulesSkipped) skipped"
        }
    }

    public let ruleSet: SigmaRuleSet
    /// The log source to assume for events that do not show theirs.
    public let hint: SigmaLogSource?

    /// Loads the rules of the directories.
    /// - Throws: `VigilError` naming a directory that cannot be read.
    public init(ruleDirectories: [String], hint: SigmaLogSource? = nil) throws(VigilError) {
        ruleSet = try SigmaRuleFiles.load(ruleDirectories).0
        self.hint = hint
    }

    /// The event files of the inputs: files as given, directories searched for `.json`, `.ndjson`, `.jsonl`.
    public static func files(_ inputs: [String]) -> (files: [String], unreadable: [String]) {
        var files: [String] = [], unreadable: [String] = []
        for input in inputs {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: input, isDirectory: &isDirectory) else {
                unreadable.append(input)
                continue
            }
            guard isDirectory.boolValue else { files.append(input); continue }
            guard let walker = FileManager.default.enumerator(atPath: input) else { unreadable.append(input); continue }
            var found: [String] = []
            for case let path as String in walker where ["json", "ndjson", "jsonl"].contains((path as NSString).pathExtension.lowercased()) {
                found.append((input as NSString).appendingPathComponent(path))
            }
            files += found.sorted()
        }
        return (files, unreadable)
    }

    /// Runs the rules over the inputs, reporting each match as it is found.
    /// - Parameters:
    ///   - inputs: files and directories.
    ///   - onMatch: called with every match, in the order of the files and their events.
    /// - Returns: the totals, with the inputs that could not be read and the first malformed parts.
    public func run(_ inputs: [String], onMatch: (Match) -> Void) -> Summary {
        var summary = Summary()
        summary.rulesCompiled = ruleSet.rules.count
        summary.rulesSkipped = ruleSet.skipped.count
        let (files, unreadable) = Self.files(inputs)
        summary.problems += unreadable.map { "cannot read '\($0)'" }
        var evaluator = ruleSet.evaluator()
        for file in files {
            var index = 0
            do {
                try JSONDocumentFile.read(file) { document in
                    switch document {
                    case .success(let found):
                        summary.events += 1
                        for number in evaluator.matches(SigmaEvent(json: found.object, hint: hint)) {
                            let rule = ruleSet.rules[number]
                            summary.matches += 1
                            summary.matchedRules.insert(rule.id)
                            onMatch(Match(rule: rule, file: file, eventIndex: index))
                        }
                        index += 1
                    case .failure(let error):
                        summary.malformed += 1
                        if summary.problems.count < 20 { summary.problems.append("\(file): \(error)") }
                    }
                }
                summary.files += 1
            } catch {
                summary.problems.append(error.message)
            }
        }
        return summary
    }
}

import ArgumentParser
import Foundation
import VigilCore
import VigilDetection
import VigilEngine

/// `vigil sigma check`: compiles a directory of Sigma rules and lists the rules that cannot be used.
struct SigmaCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sigma", abstract: "Work with Sigma rules.", subcommands: [Check.self])

    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List the rules of a directory that cannot be compiled, with the reason, then totals.",
            discussion: "Exit status 0 when the directory was read (whatever the rules); 1 when it cannot be read.")

        @Argument(help: "A directory of Sigma rules (searched recursively for .yml and .yaml).")
        var directory: String

        @Flag(help: "Print NDJSON: one {\"file\",\"id\",\"title\",\"kind\",\"reason\"} per skipped rule, then a totals object.")
        var json = false

        @Flag(help: "Also list the compiled rules that the needle index cannot rule out (evaluated on every event of their log source).")
        var unanchored = false

        func run() throws {
            let ruleSet: SigmaRuleSet
            do {
                ruleSet = try SigmaRuleFiles.load([directory]).0
            } catch {
                FileHandle.standardErrorWrite("vigil sigma check: \(error.message)\n")
                throw ExitCode(1)
            }
            let total = ruleSet.rules.count + ruleSet.skipped.count
            if json {
                for s in ruleSet.skipped {
                    print(JSONWriter.string(["file": .string(s.name), "id": s.id.map(JSONValue.string) ?? .null,
                                             "title": s.title.map(JSONValue.string) ?? .null, "kind": .string(s.error.kind.name),
                                             "reason": .string(s.error.message)]))
                }
                let reasons = Dictionary(uniqueKeysWithValues: ruleSet.skipReasons.map { ($0.kind, JSONValue.int(Int64($0.count))) })
                print(JSONWriter.string(["rules": .int(Int64(total)), "compiled": .int(Int64(ruleSet.rules.count)),
                                         "skipped": .int(Int64(ruleSet.skipped.count)), "reasons": .object(reasons)]))
                return
            }
            for s in ruleSet.skipped {
                print("\(s.name)\(s.id.map { " [\($0)]" } ?? ""): \(s.error)")
            }
            if unanchored {
                for number in ruleSet.unanchoredRules {
                    let rule = ruleSet.rules[number]
                    print("unanchored: \(ruleSet.ruleSources[number]) [\(rule.id)] \(rule.logSource): \(rule.title)")
                }
            }
            print("\(total) rule file(s): \(ruleSet.rules.count) compiled, \(ruleSet.skipped.count) skipped")
            for reason in ruleSet.skipReasons { print("  \(reason.count) \(reason.kind)") }
        }
    }
}

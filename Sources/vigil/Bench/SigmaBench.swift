import Foundation
import VigilCore
import VigilDetection
import VigilServer

/// `vigil bench sigma`: loads every SigmaHQ rule of the shared data (read, parse, compile, timed apart),
/// then evaluates a mix of Windows events on one core with the full rule set: the regression events
/// (about one in ten) among generated ordinary process creations, network connections, file creations
/// and logons. Each event is taken from its parsed JSON (flattened, classified) to the list of matching
/// rules.
struct SigmaBench {
    var dataDirectory: String
    var eventCount: Int

    static let ruleFolders = ["sigma/rules", "sigma/rules-emerging-threats", "sigma/rules-threat-hunting"]

    func run() throws -> BenchFigures {
        var figures = BenchFigures()
        figures.set("scenario", "sigma")
        let root = URL(fileURLWithPath: dataDirectory)

        let t0 = monotonicSeconds()
        let directories = Self.ruleFolders.map { root.appendingPathComponent($0).path }
        let stamps = try SigmaRuleFiles.list(directories)
        var texts: [(String, String)] = []
        for stamp in stamps {
            let data = try Data(contentsOf: URL(fileURLWithPath: stamp.path))
            texts.append((stamp.path, String(decoding: data, as: UTF8.self)))
        }
        let t1 = monotonicSeconds()
        var parsed: [SigmaRule] = []
        var names: [String] = []
        var skipped: [SigmaRuleSet.Skipped] = []
        for (name, text) in texts {
            do {
                parsed.append(try SigmaRuleParser.parse(text))
                names.append(name)
            } catch {
                skipped.append(.init(name: name, error: error))
            }
        }
        let t2 = monotonicSeconds()
        let ruleSet = SigmaRuleSet(rules: parsed, names: names, skipped: skipped)
        let t3 = monotonicSeconds()

        let regression = try regressionEvents(root.appendingPathComponent("sigma/regression"))
        var generator = SigmaBenchEvents()
        var pool: [[String: JSONValue]] = []
        let poolSize = max(regression.count * 10, 5000)
        for n in 0..<poolSize {
            pool.append(n % 10 == 0 && !regression.isEmpty ? regression[(n / 10) % regression.count] : generator.event(n))
        }

        var evaluator = ruleSet.evaluator()
        var matches = 0, matchingEvents = 0
        let cpu0 = threadCPUSeconds()
        let t4 = monotonicSeconds()
        for n in 0..<eventCount {
            let found = evaluator.matches(SigmaEvent(json: pool[n % pool.count]))
            matches += found.count
            if !found.isEmpty { matchingEvents += 1 }
        }
        let seconds = monotonicSeconds() - t4
        let cpuSeconds = threadCPUSeconds() - cpu0

        figures.set("ruleFiles", .int(Int64(texts.count)))
        figures.set("rulesCompiled", .int(Int64(ruleSet.rules.count)))
        figures.set("rulesSkipped", .int(Int64(ruleSet.skipped.count)))
        figures.set("skipReasons", .object(Dictionary(uniqueKeysWithValues: ruleSet.skipReasons.map { ($0.kind, .int(Int64($0.count))) })))
        figures.set("unanchoredRules", .int(Int64(ruleSet.unanchoredRuleCount)))
        figures.set("readSeconds", rounded3(t1 - t0))
        figures.set("parseSeconds", rounded3(t2 - t1))
        figures.set("compileSeconds", rounded3(t3 - t2))
        figures.set("loadAndCompileSeconds", rounded3(t3 - t0))
        figures.set("events", .int(Int64(eventCount)))
        figures.set("distinctEvents", .int(Int64(pool.count)))
        figures.set("regressionEvents", .int(Int64(regression.count)))
        figures.set("cores", .int(1))
        figures.set("eventsPerSecond", rounded(Double(eventCount) / seconds))
        // The same loop per second of this thread's CPU time: what one core does when nothing else runs.
        figures.set("eventsPerCPUSecond", rounded(Double(eventCount) / cpuSeconds))
        figures.set("matches", .int(Int64(matches)))
        figures.set("matchingEvents", .int(Int64(matchingEvents)))
        figures.set("peakRSSBytes", .int(Int64(peakRSSBytes())))
        return figures
    }

    /// CPU time of the calling thread.
    func threadCPUSeconds() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }

    /// The event objects of the regression cases' JSON files.
    func regressionEvents(_ folder: URL) throws -> [[String: JSONValue]] {
        guard let walker = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: nil) else {
            throw VigilError(.badRequest, "Cannot read \(folder.path); give the shared data folder with --data.")
        }
        var files: [URL] = []
        for case let url as URL in walker where url.pathExtension == "json" { files.append(url) }
        var out: [[String: JSONValue]] = []
        for url in files.sorted(by: { $0.path < $1.path }) {
            let data = try Data(contentsOf: url)
            for case .success(let document) in JSONDocuments.objects(Array(data)) { out.append(document.object) }
        }
        return out
    }
}

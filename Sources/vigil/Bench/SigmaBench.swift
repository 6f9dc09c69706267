import Foundation
import VigilCore
import VigilDetection
import VigilServer
import VigilEngine

/// `vigil bench sigma`: loads every SigmaHQ rule of the shared data (read, parse, compile, timed apart),
/// then evaluates on one core with the full rule set, each event taken from its parsed JSON (flattened,
/// classified) to the list of matching rules:
///
/// - the mix: the regression events (about one in ten) among generated ordinary process creations,
///   network connections, file creations and logons;
/// - the regression workload: SigmaHQ's regression events alone, cycled (long command lines, many
///   matches).
struct SigmaBench {
    var dataDirectory: String
    var eventCount: Int
    /// Events of the regression workload.
    var regressionEventCount = 100_000

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

        let mix = measure(ruleSet, pool, count: eventCount)
        let cycled = measure(ruleSet, regression, count: regression.isEmpty ? 0 : regressionEventCount)

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
        figures.set("eventsPerSecond", rounded(Double(eventCount) / mix.seconds))
        // The same loop per second of this thread's CPU time: what one core does when nothing else runs.
        figures.set("eventsPerCPUSecond", rounded(Double(eventCount) / mix.cpuSeconds))
        figures.set("matches", .int(Int64(mix.matches)))
        figures.set("matchingEvents", .int(Int64(mix.matchingEvents)))
        figures.set("regressionWorkloadEvents", .int(Int64(cycled.events)))
        figures.set("regressionEventsPerSecond", rounded(Double(cycled.events) / cycled.seconds))
        figures.set("regressionEventsPerCPUSecond", rounded(Double(cycled.events) / cycled.cpuSeconds))
        figures.set("regressionMatches", .int(Int64(cycled.matches)))
        figures.set("regressionMatchingEvents", .int(Int64(cycled.matchingEvents)))
        figures.set("peakRSSBytes", .int(Int64(peakRSSBytes())))
        return figures
    }

    /// What one timed loop did.
    struct Loop {
        var events = 0
        var seconds = 0.0
        var cpuSeconds = 0.0
        var matches = 0
        var matchingEvents = 0
    }

    /// Evaluates `count` events taken in turn from `pool` with a fresh evaluator, each from its parsed JSON.
    func measure(_ ruleSet: SigmaRuleSet, _ pool: [[String: JSONValue]], count: Int) -> Loop {
        var loop = Loop(events: count)
        guard !pool.isEmpty else { return loop }
        var evaluator = ruleSet.evaluator()
        let cpu0 = threadCPUSeconds()
        let t0 = monotonicSeconds()
        for n in 0..<count {
            let found = evaluator.matches(SigmaEvent(json: pool[n % pool.count]))
            loop.matches += found.count
            if !found.isEmpty { loop.matchingEvents += 1 }
        }
        loop.seconds = monotonicSeconds() - t0
        loop.cpuSeconds = threadCPUSeconds() - cpu0
        return loop
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

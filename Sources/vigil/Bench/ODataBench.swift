import Foundation
import VigilCore

/// `vigil bench odata`: how many typical `$filter` expressions parse and bind per second, and how many
/// alerts a compiled 3-clause filter with one lambda evaluates per second on one core.
struct ODataBench {
    let alertCount: Int
    let seconds: Double

    static let filters = [
        "severity eq 'high' and status eq 'newAlert' and userStates/any(u: u/userPrincipalName eq 'alice@contoso.com')",
        "vendorInformation/provider eq 'ASC' and createdDateTime ge 2023-11-14T00:00:00Z",
        "startswith(title, 'Suspicious') or contains(tolower(description), 'ransomware')",
        "status in ('newAlert', 'inProgress') and confidence gt 50",
        "fileStates/any(f: f/fileHash/hashValue eq 'abc') or hostStates/any(h: h/fqdn eq 'srv-db-02.contoso.local')",
        "not (category eq 'None') and eventDateTime lt 2024-01-01T00:00:00.000Z and assignedTo eq null",
    ]
    static let evaluated = filters[0]
    static let twoClause = "severity eq 'high' and status eq 'newAlert'"

    /// Filters parsed, validated and compiled per second, cycling through `texts` for `seconds`.
    func parseRate(_ texts: [String]) -> Double {
        var parsed = 0
        let start = monotonicSeconds()
        var end = start
        while end - start < seconds {
            for text in texts {
                do {
                    _ = try ODataQuery<Alert>.parseFilter(text)
                    parsed += 1
                } catch {
                    fatalErrorInBench("a benchmark filter failed to parse: \(error)")
                }
            }
            end = monotonicSeconds()
        }
        return Double(parsed) / (end - start)
    }

    func run() -> BenchFigures {
        var figures = BenchFigures()
        figures.set("scenario", "odata")

        // Parse + validate + compile: the mix of six, and the most common shape alone.
        figures.set("filtersParsedPerSecond", rounded(parseRate(Self.filters)))
        figures.set("twoClauseFiltersParsedPerSecond", rounded(parseRate([Self.twoClause])))

        // Evaluate one compiled filter over generated alerts.
        var generator = AlertGenerator(seed: 7)
        let alerts = generator.alerts(count: alertCount)
        let predicate: ODataPredicate<Alert>
        do {
            predicate = try ODataQuery<Alert>.parseFilter(Self.evaluated)
        } catch {
            fatalErrorInBench("the evaluated filter failed to parse: \(error)")
        }
        var evaluatedCount = 0
        var matched = 0
        let evalStart = monotonicSeconds()
        var evalEnd = evalStart
        while evalEnd - evalStart < seconds {
            matched += predicate.count(in: alerts)
            evaluatedCount += alerts.count
            evalEnd = monotonicSeconds()
        }
        figures.set("evaluatedFilter", .string(Self.evaluated))
        figures.set("alertsEvaluatedPerSecond", rounded(Double(evaluatedCount) / (evalEnd - evalStart)))
        figures.set("matchFraction", .double(Double(matched) / Double(max(evaluatedCount, 1))))
        figures.set("alerts", .int(Int64(alertCount)))
        figures.set("peakRSSBytes", .int(Int64(peakRSSBytes())))
        return figures
    }
}

/// Stops a benchmark whose own fixed input is broken (a bug in the benchmark, not user input).
func fatalErrorInBench(_ message: String) -> Never {
    FileHandle.standardErrorWrite("vigil bench: \(message)\n")
    exit(3)
}

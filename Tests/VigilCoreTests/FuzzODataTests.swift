import Testing
import VigilTesting
@testable import VigilCore

/// Seeded random input for the OData query options (`$filter`, `$orderby`, `$select`, `$top`, `$skip`,
/// `$count`): the parser and binder answer with a value or a `VigilError` (400, or 501 for a known but
/// unsupported option), never a trap or a hang; what binds evaluates consistently; parentheses around a
/// filter change nothing up to the nesting limit, and nesting past it is refused. Seed and counts come from
/// `VIGIL_FUZZ_SEED` / `VIGIL_FUZZ_ITERATIONS` (see `FuzzConfiguration`).
extension FuzzHarnesses {
@Suite("Fuzz: OData query options")
struct FuzzODataTests {
    /// Valid filters over `alert`: the evaluator's cases and a few more shapes.
    static let filters: [String] = ODataEvaluatorTests.cases.map(\.0) + [
        "severity eq microsoft.graph.alertSeverity'high'",
        "(severity eq 'high' or severity eq 'medium') and not (status eq 'resolved')",
        "confidence ge -5 and confidence lt 100.25e0",
        "createdDateTime ge 2024-01-01T00:00:00.1234567+05:30",
        "userStates/any(u: u/isVpn eq true and contains(tolower(u/userPrincipalName), 'a'))",
        "status in ('newAlert', 'inProgress', 'resolved') and title ne 'it''s'",
        "true", "false or null eq null", "tags/all(t: startswith(t, 'tier'))",
    ]

    static let orderBys = ["createdDateTime desc, id", "severity", "title asc", "vendorInformation/provider desc",
                           "confidence desc,status asc,eventDateTime", "id"]
    static let selects = ["id,title", "*", "severity, status ,tags", "vendorInformation", "id"]

    static let tokens = [
        " eq ", " ne ", " gt ", " ge ", " lt ", " le ", " and ", " or ", "not ", " in ", "any(", "all(", "/any(x: ",
        "/all(u: ", "tolower(", "toupper(", "contains(", "startswith(", "endswith(", "severity", "status", "title",
        "tags", "userStates", "u/userPrincipalName", "vendorInformation/provider", "confidence", "createdDateTime",
        "2024-02-30T25:61:61Z", "2024-01-01", "9999-12-31T23:59:59.9999999Z", "microsoft.graph.alertSeverity'",
        "'high'", "''", "null", "$it", "$root", "x:", " asc", " desc", "id", "-", "1.5e3", "INF",
    ]

    static let filterMutator = FuzzMutator(seeds: filters, tokens: tokens, brackets: [("(", ")"), ("not (", ")"),
                                                                                    ("tolower(", ")")])
    static let optionMutators: [String: FuzzMutator] = [
        "orderby": FuzzMutator(seeds: orderBys, tokens: tokens),
        "select": FuzzMutator(seeds: selects, tokens: tokens + [",", "*", "/"]),
        "number": FuzzMutator(seeds: ["1", "0", "500", "1000", " 7 ", "-0", "+3"], tokens: ["0", "9", "-", "+", " "]),
        "count": FuzzMutator(seeds: ["true", "false", "TRUE"], tokens: ["e", " "]),
    ]

    /// Checks an error of the parser or binder.
    static func checkError(_ error: VigilError, _ fuzzCase: FuzzCase, prefix: String? = "Invalid $filter: ") {
        #expect(error.code == .badRequest, "code \(error.code) for \(fuzzCase)")
        if let prefix { #expect(error.message.hasPrefix(prefix), "message '\(error.message)' for \(fuzzCase)") }
    }

    @Test("Filters: parse, bind for three entity types, evaluate, and keep the nesting limit")
    func filters() {
        Fuzz.run("odata.filter", iterations: 2000, input: { Self.filterMutator.input(&$0) }) { fuzzCase, random in
            let expression: ODataExpression
            do throws(VigilError) {
                expression = try ODataParser.parseFilter(utf8: fuzzCase.input)
            } catch {
                Self.checkError(error, fuzzCase)
                return
            }
            #expect((try? ODataParser.parseFilter(utf8: fuzzCase.input)) == expression, "parsing twice differs: \(fuzzCase)")
            Self.checkParentheses(expression, fuzzCase, &random)
            Self.checkBinding(fuzzCase)
        }
    }

    /// Parentheses around a filter that parses give the same tree, or the nesting error; 101 always fail.
    static func checkParentheses(_ expression: ODataExpression, _ fuzzCase: FuzzCase, _ random: inout FuzzRandom) {
        let n = random.chance(50) ? random.within(1...4) : random.within(ODataParser.maximumDepth + 1...ODataParser.maximumDepth + 40)
        let wrapped = [UInt8](repeating: UInt8(ascii: "("), count: n) + fuzzCase.input
            + [UInt8](repeating: UInt8(ascii: ")"), count: n)
        do throws(VigilError) {
            let inner = try ODataParser.parseFilter(utf8: wrapped)
            #expect(n <= ODataParser.maximumDepth, "\(n) parentheses were accepted: \(fuzzCase)")
            // Offsets move; the canonical form must not.
            #expect(inner.description == expression.description, "\(n) parentheses changed the tree: \(fuzzCase)")
        } catch {
            #expect(error.message.contains("nesting deeper than") || error.message.contains("the limit is"),
                    "\(n) parentheses: \(error.message): \(fuzzCase)")
        }
    }

    /// Binding for `alert` (then evaluating on a small corpus, three ways that must agree), `tiIndicator`
    /// and the v2 `alert`.
    static func checkBinding(_ fuzzCase: FuzzCase) {
        let text = fuzzCase.text
        do throws(VigilError) {
            let predicate = try ODataQuery<Alert>.parseFilter(text)
            let corpus = ODataEvaluatorTests.corpus
            let filtered = predicate.filter(corpus).map(\.id)
            #expect(filtered == corpus.filter(predicate.matches).map(\.id), "filter and matches disagree: \(fuzzCase)")
            #expect(predicate.count(in: corpus) == filtered.count, "count and filter disagree: \(fuzzCase)")
        } catch {
            checkError(error, fuzzCase)
        }
        do throws(VigilError) {
            _ = try ODataQuery<TiIndicator>.parseFilter(text).matches(TiIndicator())
        } catch {
            checkError(error, fuzzCase)
        }
        do throws(VigilError) {
            _ = try ODataQuery<SecurityAlert>.parseFilter(text).matches(SecurityAlert())
        } catch {
            checkError(error, fuzzCase)
        }
    }

    /// Option names tried, known, unknown, duplicated and unsupported.
    static let optionNames = ["$filter", "$orderby", "$select", "$top", "$skip", "$count", "$skiptoken", "filter",
                              "ORDERBY", "$Top", "skip", "$expand", "$search", "$format", "$frobnicate", "api-version",
                              "$", "", "$filter "]

    /// A random list of query options, as (name, value) lines: the input is their text so that it prints.
    static func options(_ random: inout FuzzRandom) -> [UInt8] {
        var lines: [[UInt8]] = []
        for _ in 0..<random.within(0...5) {
            let name = random.element(of: optionNames) ?? "$top"
            let kind: String
            switch name.lowercased().filter({ $0 != "$" && $0 != " " }) {
            case "filter": kind = "filter"
            case "orderby": kind = "orderby"
            case "select": kind = "select"
            case "count": kind = "count"
            default: kind = "number"
            }
            let mutator = kind == "filter" ? filterMutator : optionMutators[kind] ?? filterMutator
            let value = random.chance(30) ? (random.element(of: mutator.seeds) ?? []) : mutator.input(&random)
            lines.append(Array(name.utf8) + [0x1F] + value.filter { $0 != 0x1E })
        }
        return Array(lines.joined(separator: [0x1E]))
    }

    @Test("Query options: parse, then evaluate, sort, page and project on a small corpus")
    func queryOptions() {
        Fuzz.run("odata.options", iterations: 1500, input: { Self.options(&$0) }) { fuzzCase, _ in
            let pairs = fuzzCase.input.split(separator: 0x1E, omittingEmptySubsequences: false).compactMap { line -> (name: String, value: String)? in
                guard let separator = line.firstIndex(of: 0x1F) else { return nil }
                return (String(decoding: line[..<separator], as: UTF8.self), String(decoding: line[(separator + 1)...], as: UTF8.self))
            }
            let query: ODataQuery<Alert>
            do throws(VigilError) {
                query = try ODataQuery<Alert>.parse(pairs)
            } catch {
                #expect(error.code == .badRequest || error.code == .notImplemented, "code \(error.code): \(fuzzCase)")
                #expect(!error.message.isEmpty, "empty message: \(fuzzCase)")
                return
            }
            let corpus = ODataEvaluatorTests.corpus
            let result = query.evaluate(corpus)
            #expect(result.count <= (query.top ?? corpus.count), "more than $top: \(fuzzCase)")
            let key = query.sortKeyReader()
            for (a, b) in zip(result, result.dropFirst()) {
                #expect(!query.precedes(key(b), key(a)), "result out of order (\(a.id ?? "-"), \(b.id ?? "-")): \(fuzzCase)")
            }
            for item in result {
                let projected = query.project(item)
                if let select = query.select {
                    let extra = projected.keys.filter { !select.contains($0) && !$0.hasPrefix("@") }
                    #expect(extra.isEmpty, "projection beyond $select \(extra): \(fuzzCase)")
                }
            }
        }
    }
}
}

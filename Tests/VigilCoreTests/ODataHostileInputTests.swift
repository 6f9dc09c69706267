import Testing
@testable import VigilCore

/// Hostile and random input: the parser answers with a value or an error, never a trap or a hang.
@Suite("OData hostile and random input")
struct ODataHostileInputTests {
    @Test func aHundredKilobyteFilterIsRejected() {
        let text = "title eq '" + String(repeating: "a", count: 100_000) + "'"
        #expect(throws: VigilError.self) { try ODataQuery<Alert>.parseFilter(text) }
        do { _ = try ODataParser.parseFilter(text) } catch {
            #expect(error.message.contains("the limit is 65536"))
        }
    }

    @Test func nestingIsLimitedToAHundredLevels() throws {
        let ok = String(repeating: "(", count: 100) + "severity eq 'high'" + String(repeating: ")", count: 100)
        #expect(try ODataParser.parseFilter(ok).description == "(eq severity 'high')")
        let deep = String(repeating: "(", count: 101) + "severity eq 'high'" + String(repeating: ")", count: 101)
        #expect(throws: VigilError.self) { try ODataParser.parseFilter(deep) }
        let nots = String(repeating: "not ", count: 5000) + "true"
        do { _ = try ODataParser.parseFilter(nots) } catch { #expect(error.message.contains("nesting deeper than 100")) }
        let calls = String(repeating: "tolower(", count: 200) + "title" + String(repeating: ")", count: 200) + " eq 'x'"
        #expect(throws: VigilError.self) { try ODataParser.parseFilter(calls) }
        let lambdas = (0..<120).map { "historyStates/any(h\($0): " }.joined() + "true" + String(repeating: ")", count: 120)
        #expect(throws: VigilError.self) { try ODataParser.parseFilter(lambdas) }
    }

    @Test func longFlatChainsStayFlat() throws {
        let clauses = (0..<2000).map { "confidence eq \($0)" }
        let predicate = try ODataQuery<Alert>.parseFilter(clauses.joined(separator: " or "))
        var alert = Alert()
        alert.confidence = 1999
        #expect(predicate.matches(alert))
        let tooMany = (0..<4000).map { "confidence eq \($0)" }.joined(separator: " or ")
        #expect(throws: VigilError.self) { try ODataParser.parseFilter(tooMany) }
    }

    @Test func invalidUTF8IsRejected() {
        for bytes: [UInt8] in [[0x74, 0x69, 0xFF], [0xC0, 0xAF], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xE2, 0x82]] {
            do {
                _ = try ODataParser.parseFilter(utf8: Array("title eq '".utf8) + bytes + [39])
                Issue.record("accepted invalid UTF-8 \(bytes)")
            } catch {
                #expect(error.message.contains("not valid UTF-8"))
            }
        }
        #expect(throws: Never.self) { try ODataParser.parseFilter(utf8: Array("title eq 'é😀'".utf8)) }
    }

    @Test func quadraticContainsIsAvoided() throws {
        let predicate = try ODataQuery<Alert>.parseFilter("contains(title, '" + String(repeating: "a", count: 30_000) + "b')")
        var alert = Alert()
        alert.title = String(repeating: "a", count: 1_000_000)
        #expect(!predicate.matches(alert))
        alert.title! += "b"
        #expect(predicate.matches(alert))
    }

    // MARK: - Randomized

    /// A small deterministic random source.
    struct Random {
        var state: UInt64
        mutating func next() -> UInt64 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return state >> 33
        }
        mutating func below(_ n: Int) -> Int { Int(next() % UInt64(n)) }
        mutating func pick<T>(_ items: [T]) -> T { items[below(items.count)] }
    }

    /// Generates a random valid filter together with the canonical form its tree must have.
    static func generate(_ r: inout Random, depth: Int, insideLambda: Bool = false) -> (text: String, tree: String) {
        if depth <= 0 || r.below(3) == 0 {
            switch insideLambda ? r.below(5) : r.below(7) {
            case 0:
                let v = r.pick(["high", "Medium", "low", "informational"])
                let op = r.pick(ComparisonOperator.allCases).rawValue
                return ("severity \(op) '\(v)'", "(\(op) severity '\(v)')")
            case 1:
                let n = r.below(200) - 50
                let op = r.pick(ComparisonOperator.allCases).rawValue
                return ("confidence \(op) \(n)", "(\(op) confidence \(n))")
            case 2:
                let s = r.pick(["a", "it''s", "", "x y", "ünï"])
                let f = r.pick(["contains", "startswith", "endswith", "startsWith"])
                return ("\(f)(title, '\(s)')", "(\(f.lowercased()) title '\(s)')")
            case 3:
                let s = r.pick(["x", "HVA"])
                return ("tags/any(t: t eq '\(s)')", "(any tags t (eq t '\(s)'))")
            case 4:
                return ("createdDateTime gt 2024-01-0\(1 + r.below(9))T00:00:00Z",
                        "(gt createdDateTime 2024-01-0\(0)T00:00:00Z)")
            case 5:
                let inner = generate(&r, depth: 0, insideLambda: true)
                return ("userStates/any(u: u/isVpn eq true and \(inner.text))",
                        "(any userStates u (and (eq u/isVpn true) \(inner.tree)))")
            case 6:
                return ("status in ('newAlert', 'resolved')", "(in status 'newAlert' 'resolved')")
            default:
                return ("vendorInformation/provider ne null", "(ne vendorInformation/provider null)")
            }
        }
        switch r.below(4) {
        case 0:
            let a = generate(&r, depth: depth - 1), b = generate(&r, depth: depth - 1)
            return ("(\(a.text)) and (\(b.text))", "(and \(a.tree) \(b.tree))")
        case 1:
            let a = generate(&r, depth: depth - 1), b = generate(&r, depth: depth - 1)
            return ("(\(a.text)) or (\(b.text))", "(or \(a.tree) \(b.tree))")
        case 2:
            let a = generate(&r, depth: depth - 1)
            return ("not (\(a.text))", "(not \(a.tree))")
        default:
            let a = generate(&r, depth: depth - 1)
            return ("(\(a.text))", a.tree)
        }
    }

    @Test("Random valid filters parse to the tree they were generated from and validate")
    func randomValidFilters() throws {
        var r = Random(state: 0x5EED)
        for _ in 0..<3000 {
            let (text, tree) = Self.generate(&r, depth: 5)
            let ast = try ODataParser.parseFilter(text)
            // Dates are rendered by the parser; compare everything else literally.
            let rendered = ast.description.replacingDates()
            #expect(rendered == tree.replacingDates(), "filter: \(text)")
            _ = try ODataQuery<Alert>.parseFilter(text)
        }
    }

    @Test("Random token soup and random bytes never trap")
    func randomGarbage() {
        var r = Random(state: 42)
        let pieces = ["severity", "eq", "'high'", "(", ")", "and", "or", "not", "/", "any", "all", ":", ",", "u",
                      "userStates", "u/userPrincipalName", "'", "''", "in", "null", "true", "3", "-", "1e5",
                      "2020-01-01T00:00:00Z", "contains", "tolower(", "tags/any(t:", "t", "$it", "\u{0}", "é", " "]
        var outcomes = (ok: 0, errors: 0)
        for _ in 0..<20_000 {
            let text = (0..<r.below(16)).map { _ in r.pick(pieces) }.joined(separator: r.below(2) == 0 ? " " : "")
            do {
                let p = try ODataQuery<Alert>.parseFilter(text)
                _ = p.matches(ODataEvaluatorTests.corpus[0])
                outcomes.ok += 1
            } catch {
                #expect(error.code == .badRequest)
                #expect(error.message.hasPrefix("Invalid $filter: "))
                outcomes.errors += 1
            }
        }
        for _ in 0..<5_000 {
            let bytes = (0..<r.below(40)).map { _ in UInt8(truncatingIfNeeded: r.next()) }
            do { _ = try ODataParser.parseFilter(utf8: bytes) } catch { #expect(error.code == .badRequest) }
        }
        #expect(outcomes.ok > 0 && outcomes.errors > 0)
    }
}

extension String {
    /// Replaces every ISO date-time with a placeholder (the generator does not compute dates).
    func replacingDates() -> String {
        var out = ""
        var rest = Substring(self)
        while let range = rest.firstRange(of: /\d{4}-\d\d-\d\dT[0-9:.]+Z/) {
            out += rest[..<range.lowerBound] + "DATE"
            rest = rest[range.upperBound...]
        }
        return out + rest
    }
}

import Testing
import VigilCore
@testable import VigilDetection

/// The condition grammar (precedence, parentheses, quantifiers) and its evaluation.
@Suite("Sigma conditions")
struct SigmaConditionTests {
    static let parsed: [(String, SigmaCondition)] = [
        ("a", .search("a")),
        ("a and b", .and([.search("a"), .search("b")])),
        ("a and b or c", .or([.and([.search("a"), .search("b")]), .search("c")])),
        ("a or b and c", .or([.search("a"), .and([.search("b"), .search("c")])])),
        ("a or b or c", .or([.search("a"), .search("b"), .search("c")])),
        ("not a and b", .and([.not(.search("a")), .search("b")])),
        ("not (a or b)", .not(.or([.search("a"), .search("b")]))),
        ("not not a", .not(.not(.search("a")))),
        ("(a or b) and c", .and([.or([.search("a"), .search("b")]), .search("c")])),
        ("((a))", .search("a")),
        ("1 of sel*", .of(.atLeast(1), "sel*")),
        ("all of sel_*", .of(.all, "sel_*")),
        ("2 of them", .of(.atLeast(2), "them")),
        ("all of them", .of(.all, "them")),
        ("any of them", .of(.atLeast(1), "them")),
        ("sel and not 1 of filter_*", .and([.search("sel"), .not(.of(.atLeast(1), "filter_*"))])),
        ("selection_img and (selection_cli or 1 of x*)",
         .and([.search("selection_img"), .or([.search("selection_cli"), .of(.atLeast(1), "x*")])])),
        ("A AND B OR NOT C", .or([.and([.search("A"), .search("B")]), .not(.search("C"))])),
        ("sel-1 and sel.2", .and([.search("sel-1"), .search("sel.2")])),
    ]

    @Test(arguments: parsed)
    func parses(_ text: String, _ expected: SigmaCondition) throws {
        #expect(try SigmaConditionParser.parse(text) == expected)
    }

    static let refused: [(String, SigmaRuleError.Kind, String)] = [
        ("", .invalidCondition, "empty"),
        ("a and", .invalidCondition, "ends where"),
        ("(a or b", .invalidCondition, "missing ')'"),
        ("a b", .invalidCondition, "unexpected 'b' at offset 2"),
        ("a )", .invalidCondition, "unexpected ')' at offset 2"),
        ("a and or b", .invalidCondition, "unexpected 'or'"),
        ("x of sel*", .invalidCondition, "expected a number"),
        ("1 of", .invalidCondition, "needs a search name pattern"),
        ("1 of and", .invalidCondition, "needs a search name pattern"),
        ("a $ b", .invalidCondition, "unexpected character '$' at offset 2"),
        ("sel | count() > 5", .unsupportedCondition, "aggregation"),
        ("a near b", .invalidCondition, "unexpected 'near' at offset 2"),
    ]

    @Test(arguments: Self.refused)
    func refuses(_ text: String, _ kind: SigmaRuleError.Kind, _ fragment: String) {
        #expect {
            try SigmaConditionParser.parse(text)
        } throws: { error in
            guard let e = error as? SigmaRuleError else { return false }
            return e.kind == kind && e.message.contains(fragment)
        }
    }

    static let searches = """
        sel_a:
            A: 'x'
        sel_b:
            B: 'y'
        _hidden:
            C: 'z'
        filter:
            D: 'w'
        """

    /// (condition, event fields present, expected)
    static let evaluated: [(String, [String], Bool)] = [
        ("1 of sel_*", ["A"], true),
        ("1 of sel_*", ["C"], false),
        ("all of sel_*", ["A"], false),
        ("all of sel_*", ["A", "B"], true),
        ("1 of them", ["C"], false),       // `them` leaves out names starting with _
        ("1 of them", ["D"], true),
        ("all of them", ["A", "B", "D"], true),
        ("all of them", ["A", "B"], false),
        ("2 of them", ["A", "D"], true),
        ("2 of them", ["A"], false),
        ("sel_a and not filter", ["A"], true),
        ("sel_a and not filter", ["A", "D"], false),
        ("_hidden or sel_b", ["C"], true),
        ("not (sel_a or sel_b)", [], true),
        ("not (sel_a or sel_b)", ["B"], false),
    ]

    @Test(arguments: evaluated)
    func evaluates(_ condition: String, _ present: [String], _ expected: Bool) {
        let values: [String: JSONValue] = ["A": "x", "B": "y", "C": "z", "D": "w"]
        var event: [String: JSONValue] = ["Other": "o"]
        for name in present { event[name] = values[name] }
        #expect(SigmaTesting.matches(Self.searches + "\ncondition: \(condition)", event) == expected)
    }

    @Test("A condition naming an undefined search, or a pattern matching none, is refused")
    func undefinedSearches() {
        for condition in ["sel_c", "1 of nothing*", "sel_a and missing"] {
            let set = SigmaRuleSet(sources: [.init(name: "x", text: SigmaTesting.rule(Self.searches + "\ncondition: \(condition)"))])
            #expect(set.rules.isEmpty, "\(condition)")
            #expect(set.skipped.first?.error.kind == .invalidCondition, "\(condition)")
        }
    }

    @Test("A list of conditions is an or of them")
    func conditionList() {
        let detection = Self.searches + "\ncondition:\n    - sel_a\n    - sel_b"
        #expect(SigmaTesting.matches(detection, ["B": "y"]))
        #expect(!SigmaTesting.matches(detection, ["C": "z"]))
    }
}

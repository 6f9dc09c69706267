import Testing
import VigilCore
@testable import VigilDetection

/// Event fields whose names hold spaces (`Threat Name`, as Windows Defender writes its `EventData`) are read
/// by rules under the Sigma name without the spaces (`ThreatName`), or with underscores for them
/// (`Feature_Name`), as pySigma's Windows pipelines map them.
@Suite("Sigma field names with spaces")
struct SigmaSpacedFieldNameTests {
    /// (the event's field name, the rule's field name).
    static let mapped: [(String, String)] = [
        ("Threat Name", "ThreatName"),
        ("Process Name", "ProcessName"),
        ("Source Name", "SourceName"),
        ("Severity Name", "severityname"),
        ("Security intelligence Version", "SecurityIntelligenceVersion"),
        ("Feature Name", "Feature_Name"),
    ]

    @Test("A field whose name holds spaces is found by the rule's name without them", arguments: Self.mapped)
    func spacesRemoved(_ eventName: String, _ ruleName: String) {
        let rule = "selection:\n    \(ruleName)|contains: 'mimikatz'\ncondition: selection"
        #expect(SigmaTesting.matches(rule, [eventName: "HackTool:Win32/Mimikatz.D"]))
        #expect(!SigmaTesting.matches(rule, [eventName: "Virus:DOS/EICAR_Test_File"]))
    }

    @Test("Only the spaces are dropped: other names stay apart")
    func otherNamesStayApart() {
        let rule = "selection:\n    ThreatName: 'x'\ncondition: selection"
        #expect(!SigmaTesting.matches(rule, ["Threat Names": "x"]))
        #expect(!SigmaTesting.matches(rule, ["Threat-Name": "x"]))
        #expect(!SigmaTesting.matches(rule, ["Threat ID": "x"]))
        #expect(!SigmaTesting.matches(rule, ["Threat_Name": "x"]))
    }

    @Test("A rule naming the field with its spaces still finds it, and the exact name wins")
    func exactNameStillFound() {
        #expect(SigmaTesting.matches("selection:\n    'Threat Name': 'x'\ncondition: selection", ["Threat Name": "x"]))
        let both = "selection:\n    ThreatName: 'a'\nother:\n    'Threat Name': 'b'\ncondition: selection and other"
        #expect(SigmaTesting.matches(both, ["Threat Name": "b", "ThreatName": "a"]))
        #expect(!SigmaTesting.matches(both, ["Threat Name": "a"]))
    }

    @Test("Winlogbeat's event_data keys with spaces are found too")
    func winlogbeat() {
        let set = SigmaRuleSet(sources: [.init(name: "inline", text: """
            title: AMSI detection
            id: 00000000-0000-0000-0000-0000000000a1
            logsource:
                product: windows
                service: windefend
            detection:
                selection:
                    EventID: 1116
                    SourceName: 'AMSI'
                    ThreatName|startswith: 'Trojan:'
                condition: selection
            """)])
        #expect(set.skipped.isEmpty, "\(set.skipped)")
        var evaluator = set.evaluator()
        let event = SigmaEvent(json: ["winlog": ["channel": "Microsoft-Windows-Windows Defender/Operational", "event_id": 1116,
                                                 "event_data": ["Source Name": "AMSI", "Threat Name": "Trojan:Win32/AmsiTamper.A!ams"]]])
        #expect(event.logSource.services == ["windefend"])
        #expect(evaluator.matches(event) == [0])
        #expect(evaluator.matchesWithoutIndex(event) == [0])
    }
}

import Foundation
import Testing
import VigilCore
@testable import VigilDetection

/// Windows Defender events (`Microsoft-Windows-Windows Defender/Operational`, whose `EventData` names hold
/// spaces) against the full SigmaHQ rule set: each fires exactly the `windefend` rules it should.
@Suite("Sigma on Windows Defender events")
struct SigmaWindowsDefenderTests {
    static let threat = "57b649ef-ff42-4fb0-8bf6-62da243a1708"  // win_defender_threat: 1006/1015/1116/1117
    static let amsi = "ea9bf0fa-edec-4fb8-8b78-b119f2528186"  // win_defender_malware_detected_amsi_source
    static let lsass = "a0a278fe-2c0e-4de2-ac3c-c68b08a9ba98"  // win_defender_asr_lsass_access
    static let psexecWMI = "97b9ce1e-c5ab-11ea-87d0-0242ac130003"  // win_defender_asr_psexec_wmi
    static let realTimeErrors = "dd80db93-6ec2-4f4c-a017-ad40da6ffe81"  // win_defender_real_time_protection_errors

    /// One event of `Fixtures/windows-defender-events.json` (by record id) and the rules it must fire.
    struct Case: Sendable, CustomStringConvertible {
        var record: Int
        var what: String
        var rules: Set<String>
        var description: String { "\(record): \(what)" }
    }

    static let cases: [Case] = [
        Case(record: 1001, what: "1116 Mimikatz seen through AMSI in PowerShell", rules: [threat, amsi]),
        Case(record: 1002, what: "1117 EICAR quarantined by real-time protection (not AMSI)", rules: [threat]),
        Case(record: 1003, what: "1121 ASR blocks a dumper in Temp reading lsass", rules: [lsass]),
        Case(record: 1004, what: "1121 ASR blocks svchost reading lsass: filtered by ProcessName", rules: []),
        Case(record: 1005, what: "1121 ASR blocks a process creation by WmiPrvSE", rules: [psexecWMI]),
        Case(record: 1006, what: "3002 Network Inspection System failing for missing updates: filtered by Feature_Name", rules: []),
        Case(record: 1007, what: "3002 another real-time protection feature failing", rules: [realTimeErrors]),
        Case(record: 1008, what: "1116 through AMSI in pwsh, Winlogbeat shape", rules: [threat, amsi]),
    ]

    static let events: [Int: SigmaEvent] = {
        let url = TestData.fixtures.appendingPathComponent("windows-defender-events.json")
        guard let data = FileManager.default.contents(atPath: url.path) else { return [:] }
        var out: [Int: SigmaEvent] = [:]
        for case .success(let document) in JSONDocuments.objects(Array(data)) {
            let event = SigmaEvent(json: document.object)
            if let record = event.text("EventRecordID").flatMap({ Int($0) }) { out[record] = event }
        }
        return out
    }()

    @Test("The fixture's events are Windows Defender events (service windefend)")
    func fixtureEvents() {
        #expect(Self.events.count == Self.cases.count)
        for event in Self.events.values {
            #expect(event.logSource.product == "windows")
            #expect(event.logSource.services == ["windefend"])
        }
    }

    @Test("Each Windows Defender event fires exactly the SigmaHQ rules it should",
          .enabled(if: TestData.isAvailable, TestData.unavailableReason), arguments: Self.cases)
    func firesExpectedRules(_ c: Case) throws {
        let event = try #require(Self.events[c.record])
        let set = SigmaHQ.ruleSet
        for id in c.rules { #expect(set.rules.contains { $0.id == id }, "rule \(id) is compiled") }
        var evaluator = set.evaluator()
        let matched = evaluator.matches(event)
        #expect(matched == evaluator.matchesWithoutIndex(event), "the index and the direct evaluation agree")
        #expect(Set(matched.map { set.rules[$0].id }) == c.rules,
                "\(c): \(matched.map { "\(set.rules[$0].id) \(set.rules[$0].title)" })")
    }
}

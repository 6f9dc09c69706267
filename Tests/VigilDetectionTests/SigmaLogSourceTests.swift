import Testing
import VigilCore
@testable import VigilDetection

/// Which log sources an event belongs to, and the field names rules see.
@Suite("Sigma log sources and event fields")
struct SigmaLogSourceTests {
    static func evtx(channel: String, id: Int64, provider: String = "P", data: [String: JSONValue]) -> [String: JSONValue] {
        ["Event": ["System": ["Provider": ["#attributes": ["Name": .string(provider)]], "EventID": .int(id),
                              "Channel": .string(channel), "Computer": "host1.corp", "EventRecordID": 7],
                   "EventData": .object(data)]]
    }

    static let sysmon = "Microsoft-Windows-Sysmon/Operational"

    static let sysmonCases: [(Int64, [String])] = [
        (1, ["process_creation"]), (3, ["network_connection"]), (5, ["process_termination"]), (6, ["driver_load"]),
        (7, ["image_load"]), (8, ["create_remote_thread"]), (9, ["raw_access_thread"]), (10, ["process_access"]),
        (11, ["file_event"]), (12, ["registry_add", "registry_delete", "registry_event"]),
        (13, ["registry_set", "registry_event"]), (14, ["registry_rename", "registry_event"]), (15, ["create_stream_hash"]),
        (17, ["pipe_created"]), (18, ["pipe_created"]), (19, ["wmi_event"]), (20, ["wmi_event"]), (21, ["wmi_event"]),
        (22, ["dns_query"]), (23, ["file_delete"]), (24, ["clipboard_change"]), (25, ["process_tampering"]),
        (26, ["file_delete", "file_delete_detected"]), (27, ["file_block_executable"]), (100, []),
    ]

    @Test(arguments: Self.sysmonCases)
    func sysmonCategories(_ id: Int64, _ categories: [String]) {
        let event = SigmaEvent(json: Self.evtx(channel: Self.sysmon, id: id, data: ["Image": "x"]))
        #expect(event.logSource == EventLogSource(product: "windows", categories: categories, services: ["sysmon"]))
    }

    @Test("Sysmon 12's EventType tells registry_add from registry_delete")
    func registryEventType() {
        let add = SigmaEvent(json: Self.evtx(channel: Self.sysmon, id: 12, data: ["EventType": "CreateKey"]))
        #expect(add.logSource.categories == ["registry_add", "registry_event"])
        let delete = SigmaEvent(json: Self.evtx(channel: Self.sysmon, id: 12, data: ["EventType": "DeleteValue"]))
        #expect(delete.logSource.categories == ["registry_delete", "registry_event"])
    }

    static let channelCases: [(String, Int64, String, [String])] = [
        ("Security", 4624, "security", []), ("System", 7045, "system", []), ("Application", 1000, "application", []),
        ("Microsoft-Windows-PowerShell/Operational", 4104, "powershell", ["ps_script"]),
        ("Microsoft-Windows-PowerShell/Operational", 4103, "powershell", ["ps_module"]),
        ("Windows PowerShell", 400, "powershell-classic", ["ps_classic_start"]),
        ("Microsoft-Windows-TaskScheduler/Operational", 106, "taskscheduler", []),
        ("Microsoft-Windows-Windows Defender/Operational", 1116, "windefend", []),
        ("Microsoft-Windows-CodeIntegrity/Operational", 3033, "codeintegrity-operational", []),
        ("Microsoft-Windows-DNS Client Events/Operational", 3008, "dns-client", []),
        ("Microsoft-Windows-Bits-Client/Operational", 16403, "bits-client", []),
        ("Microsoft-Windows-Kerberos/Operational", 1, "kerberos", []),
    ]

    @Test(arguments: Self.channelCases)
    func channelServices(_ channel: String, _ id: Int64, _ service: String, _ categories: [String]) {
        let event = SigmaEvent(json: Self.evtx(channel: channel, id: id, data: [:]))
        #expect(event.logSource == EventLogSource(product: "windows", categories: categories, services: [service]))
    }

    @Test("Security 4688 is process_creation with Sysmon's field names")
    func securityProcessCreation() {
        let event = SigmaEvent(json: Self.evtx(channel: "Security", id: 4688, data: [
            "NewProcessName": #"C:\Windows\System32\cmd.exe"#, "ParentProcessName": #"C:\Windows\explorer.exe"#,
            "CommandLine": "cmd /c whoami", "SubjectUserName": "alice", "SubjectDomainName": "CORP", "ProcessId": "0x1a4",
            "NewProcessId": "0x2b0", "MandatoryLabel": "S-1-16-12288", "SubjectLogonId": "0x3e7",
        ]))
        #expect(event.logSource == EventLogSource(product: "windows", categories: ["process_creation"], services: ["security"]))
        #expect(event.text("Image") == #"C:\Windows\System32\cmd.exe"#)
        #expect(event.text("ParentImage") == #"C:\Windows\explorer.exe"#)
        #expect(event.text("CommandLine") == "cmd /c whoami")
        #expect(event.text("User") == #"CORP\alice"#)
        #expect(event.text("ParentProcessId") == "0x1a4")
        #expect(event.text("IntegrityLevel") == "High")
        #expect(event.text("LogonId") == "0x3e7")
        #expect(event.text("Provider_Name") == "P")
        #expect(event.text("Computer") == "host1.corp")
    }

    @Test("Flat Windows JSON, Winlogbeat and evtx Data lists give the same names")
    func windowsShapes() {
        let flat = SigmaEvent(json: ["EventID": 1, "Channel": .string(Self.sysmon), "Image": "a.exe", "ProviderName": "Sysmon"])
        #expect(flat.logSource.categories == ["process_creation"])
        #expect(flat.text("Image") == "a.exe")
        #expect(flat.text("Provider_Name") == "Sysmon")
        let beat = SigmaEvent(json: ["winlog": ["channel": "Security", "event_id": 4624, "computer_name": "h",
                                                "event_data": ["TargetUserName": "bob"]], "@timestamp": "t"])
        #expect(beat.logSource.services == ["security"])
        #expect(beat.text("EventID") == "4624")
        #expect(beat.text("TargetUserName") == "bob")
        #expect(beat.text("Computer") == "h")
        let list: [String: JSONValue] = ["Event": ["System": ["EventID": ["#text": "7045", "#attributes": ["Qualifiers": "16384"]],
                                                               "Channel": "System"],
                                                   "EventData": ["Data": [["#attributes": ["Name": "ServiceName"], "#text": "evil"],
                                                                          ["#attributes": ["Name": "ImagePath"], "#text": #"C:\x.exe"#]]]]]
        let system = SigmaEvent(json: list)
        #expect(system.text("EventID") == "7045")
        #expect(system.text("ServiceName") == "evil")
        #expect(system.text("ImagePath") == #"C:\x.exe"#)
        #expect(system.logSource.services == ["system"])
    }

    @Test("Other events take their log source from the request's hint, overridden by their own logsource object")
    func hints() {
        let auditd = SigmaEvent(json: ["type": "EXECVE", "a0": "wget", "nested": ["x": 1]],
                                hint: SigmaLogSource(product: "Linux", service: "auditd"))
        #expect(auditd.logSource == EventLogSource(product: "linux", services: ["auditd"]))
        #expect(auditd.text("nested.x") == "1")
        let own = SigmaEvent(json: ["logsource": ["product": "linux", "category": "process_creation"], "Image": "/bin/sh"],
                             hint: SigmaLogSource(category: "webserver"))
        #expect(own.logSource == EventLogSource(product: "linux", categories: ["process_creation"]))
        #expect(own.fields.map(\.name) == ["Image"])
        let zeek = SigmaEvent(SecurityEvent(source: "zeek", type: "dns", time: nil, fields: ["query": "a.example"], observables: []))
        #expect(zeek.logSource == EventLogSource(product: "zeek", services: ["dns"]))
    }

    @Test("A rule applies when each part of its logsource is among the event's")
    func ruleSelection() {
        let set = SigmaRuleSet(sources: [
            .init(name: "pc", text: rule("windows", category: "process_creation", id: "pc")),
            .init(name: "sec", text: rule("windows", service: "security", id: "sec")),
            .init(name: "win", text: rule("windows", id: "win")),
            .init(name: "lin", text: rule("linux", category: "process_creation", id: "lin")),
        ])
        #expect(set.skipped.isEmpty)
        var evaluator = set.evaluator()
        func ids(_ event: SigmaEvent) -> [String] { evaluator.matches(event).map { set.rules[$0].id } }
        let sysmon = SigmaEvent(json: Self.evtx(channel: Self.sysmon, id: 1, data: ["Marker": "m"]))
        #expect(ids(sysmon) == ["pc", "win"])
        let security = SigmaEvent(json: Self.evtx(channel: "Security", id: 4688, data: ["Marker": "m", "NewProcessName": "x"]))
        #expect(ids(security) == ["pc", "sec", "win"])
        let logon = SigmaEvent(json: Self.evtx(channel: "Security", id: 4624, data: ["Marker": "m"]))
        #expect(ids(logon) == ["sec", "win"])
        let linux = SigmaEvent(json: ["Marker": "m"], hint: SigmaLogSource(product: "linux", category: "process_creation"))
        #expect(ids(linux) == ["lin"])
        #expect(ids(SigmaEvent(json: ["Marker": "m"])) == [])
    }

    func rule(_ product: String, category: String? = nil, service: String? = nil, id: String) -> String {
        """
        title: \(id)
        id: \(id)
        logsource:
            product: \(product)
        \(category.map { "    category: \($0)" } ?? "")
        \(service.map { "    service: \($0)" } ?? "")
        detection:
            sel:
                Marker: m
            condition: sel
        """
    }
}

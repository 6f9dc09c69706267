import Foundation
import VigilCore

/// Ordinary Windows events for `vigil bench sigma`, in the evtx-as-JSON shape: Sysmon process creations,
/// network connections and file creations of everyday programs, and Security logons.
struct SigmaBenchEvents {
    var rng = SeededRandom(seed: 7)

    static let programs: [(image: String, commandLine: String, parent: String)] = [
        (#"C:\Program Files\Google\Chrome\Application\chrome.exe"#, #""C:\Program Files\Google\Chrome\Application\chrome.exe" --type=renderer --lang=en-US --field-trial-handle=1844"#, #"C:\Windows\explorer.exe"#),
        (#"C:\Windows\System32\svchost.exe"#, #"C:\Windows\system32\svchost.exe -k netsvcs -p -s Schedule"#, #"C:\Windows\System32\services.exe"#),
        (#"C:\Program Files\Microsoft Office\root\Office16\WINWORD.EXE"#, #""C:\Program Files\Microsoft Office\root\Office16\WINWORD.EXE" /n "C:\Users\alice\Documents\report.docx""#, #"C:\Windows\explorer.exe"#),
        (#"C:\Windows\System32\notepad.exe"#, #""C:\Windows\System32\notepad.exe" C:\Users\bob\Desktop\todo.txt"#, #"C:\Windows\explorer.exe"#),
        (#"C:\Windows\System32\conhost.exe"#, #"\??\C:\Windows\system32\conhost.exe 0xffffffff -ForceV1"#, #"C:\Windows\System32\cmd.exe"#),
        (#"C:\Program Files\Git\cmd\git.exe"#, #"git.exe status --porcelain"#, #"C:\Program Files\Microsoft VS Code\Code.exe"#),
        (#"C:\Windows\System32\taskhostw.exe"#, #"taskhostw.exe {222A245B-E637-4AE9-A93F-A59CA119A75E}"#, #"C:\Windows\System32\svchost.exe"#),
        (#"C:\Program Files\Mozilla Firefox\firefox.exe"#, #""C:\Program Files\Mozilla Firefox\firefox.exe" -contentproc --channel=1234 -childID 5"#, #"C:\Program Files\Mozilla Firefox\firefox.exe"#),
    ]

    static let domains = ["www.microsoft.com", "update.googleapis.com", "login.live.com", "github.com", "cdn.office.net"]

    /// The n-th generated event.
    mutating func event(_ n: Int) -> [String: JSONValue] {
        let pick = Int(rng.next() % UInt64(Self.programs.count))
        let program = Self.programs[pick]
        let host = "WS-\(1000 + Int(rng.next() % 200)).corp.example"
        let time = "2026-03-01T10:\(String(format: "%02d", n / 60 % 60)):\(String(format: "%02d", n % 60)).000000Z"
        switch n % 10 {
        case 0, 1, 2, 3:
            return sysmon(1, n, host, time, [
                "Image": .string(program.image), "CommandLine": .string(program.commandLine),
                "ParentImage": .string(program.parent), "User": "CORP\\alice", "IntegrityLevel": "Medium",
                "ProcessId": .int(Int64(1000 + n % 50_000)), "ParentProcessId": 812, "CurrentDirectory": "C:\\Users\\alice\\",
                "Hashes": .string("SHA256=\(String(format: "%016llx", rng.next()))\(String(format: "%016llx", rng.next()))\(String(format: "%016llx", rng.next()))\(String(format: "%016llx", rng.next()))"),
                "OriginalFileName": .string((program.image.split(separator: "\\").last).map(String.init) ?? ""),
                "Company": "Microsoft Corporation", "Product": "Microsoft® Windows® Operating System",
            ])
        case 4, 5, 6:
            // Browsers and services connect out; editors and Office do not (rules flag those).
            let client = Self.programs[[0, 1, 7][n % 3]]
            return sysmon(3, n, host, time, [
                "Image": .string(client.image), "User": "CORP\\alice", "Protocol": "tcp", "Initiated": "true",
                "SourceIp": .string("10.1.\(n % 250).\(n % 200 + 1)"), "SourcePort": .string(String(49152 + n % 16_000)),
                "DestinationIp": .string("52.\(n % 200).\(n % 100).\(n % 250 + 1)"), "DestinationPort": "443",
                "DestinationHostname": .string(Self.domains[n % Self.domains.count]),
            ])
        case 7, 8:
            return sysmon(11, n, host, time, [
                "Image": .string(program.image), "User": "CORP\\alice",
                "TargetFilename": .string("C:\\Users\\alice\\AppData\\Local\\Temp\\tmp\(n % 9999).tmp"),
            ])
        default:
            return security(4624, n, host, time, [
                "TargetUserName": "alice", "TargetDomainName": "CORP", "LogonType": "2", "IpAddress": "-",
                "LogonProcessName": "User32", "AuthenticationPackageName": "Negotiate", "WorkstationName": .string(host),
            ])
        }
    }

    private func sysmon(_ id: Int64, _ n: Int, _ host: String, _ time: String, _ data: [String: JSONValue]) -> [String: JSONValue] {
        wrap(id, n, host, time, provider: "Microsoft-Windows-Sysmon", channel: "Microsoft-Windows-Sysmon/Operational", data)
    }

    private func security(_ id: Int64, _ n: Int, _ host: String, _ time: String, _ data: [String: JSONValue]) -> [String: JSONValue] {
        wrap(id, n, host, time, provider: "Microsoft-Windows-Security-Auditing", channel: "Security", data)
    }

    private func wrap(_ id: Int64, _ n: Int, _ host: String, _ time: String, provider: String, channel: String,
                      _ data: [String: JSONValue]) -> [String: JSONValue] {
        var eventData = data
        eventData["UtcTime"] = .string(time)
        eventData["RuleName"] = "-"
        let system: JSONValue = [
            "Provider": ["#attributes": ["Name": .string(provider)]], "EventID": .int(id),
            "TimeCreated": ["#attributes": ["SystemTime": .string(time)]], "EventRecordID": .int(Int64(n)),
            "Channel": .string(channel), "Computer": .string(host), "Level": 4, "Task": .int(id), "Keywords": "0x8000000000000000",
        ]
        return ["Event": ["System": system, "EventData": .object(eventData)]]
    }
}

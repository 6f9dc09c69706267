/// Generates realistic, deterministic alerts (about 1–3 KB of JSON each) for benchmarks and tests.
public struct AlertGenerator: Sendable {
    private var random: SeededRandom

    /// Creates a generator; the same seed gives the same alerts.
    public init(seed: UInt64 = 42) { random = SeededRandom(seed: seed) }

    private mutating func next() -> UInt64 { random.next() }

    private mutating func pick<T>(_ items: [T]) -> T { items[Int(next() % UInt64(items.count))] }
    private mutating func number(_ range: ClosedRange<Int>) -> Int {
        range.lowerBound + Int(next() % UInt64(range.count))
    }

    static let products: [(vendor: String, provider: String)] = [
        ("Microsoft", "Microsoft Defender ATP"), ("Microsoft", "ASC"), ("Microsoft", "MCAS"), ("Microsoft", "IPC"),
        ("OISF", "Suricata"), ("Wazuh", "Wazuh"), ("CrowdStrike", "Falcon"), ("Palo Alto Networks", "PAN-OS"),
    ]
    static let titles = [
        "Suspicious PowerShell command line", "Credential dumping activity detected", "Ransomware behavior detected",
        "Connection to a known command-and-control server", "Unusual sign-in from an unfamiliar location",
        "Malware detected in downloaded file", "Lateral movement using remote services", "Brute force attempt",
        "Suspicious DNS query for a newly registered domain", "Privilege escalation via service creation",
    ]
    static let categories = ["Malware", "CredentialAccess", "Ransomware", "CommandAndControl", "InitialAccess",
                             "LateralMovement", "PrivilegeEscalation", "Discovery", "Exfiltration", "None"]
    static let severities: [AlertSeverity] = [.informational, .low, .medium, .high, .high, .medium, .low]
    static let statuses: [AlertStatus] = [.newAlert, .newAlert, .inProgress, .resolved, .dismissed]
    static let users = ["alice", "bob", "carol", "dave", "erin", "frank", "grace", "heidi", "ivan", "judy"]
    static let hosts = ["desktop-1a2b3c", "laptop-hr-07", "srv-db-02", "srv-web-11", "kiosk-lobby", "build-agent-3"]

    /// One alert; `index` makes its ids unique and its times increase.
    public mutating func alert(index: Int, tenantId: String = "00000000-0000-0000-0000-000000000001") -> Alert {
        var a = Alert()
        let product = pick(Self.products)
        let created = DateTimeOffset(secondsSinceEpoch: 1_700_000_000 + Int64(index) * 7 + Int64(number(0...6)),
                                     nanoseconds: Int32(number(0...9_999_999)) * 100)
        a.id = "da\(637_229_984_903_196_572 + index)_\(-Int(next() % 2_000_000_000))"
        a.azureTenantId = tenantId
        a.title = pick(Self.titles)
        a.description = "\(a.title ?? "") on \(pick(Self.hosts)). The activity matched detection logic \(number(1000...9999)) and was correlated with \(number(1...20)) related events."
        a.category = pick(Self.categories)
        a.severity = pick(Self.severities)
        a.status = pick(Self.statuses)
        a.confidence = Int32(number(1...100))
        a.createdDateTime = created
        a.eventDateTime = created.adding(seconds: -Int64(number(1...600)))
        a.lastModifiedDateTime = created.adding(seconds: Int64(number(0...3600)))
        a.assignedTo = number(0...3) == 0 ? "\(pick(Self.users))@contoso.com" : nil
        a.tags = number(0...2) == 0 ? [] : ["HVA", "tier\(number(0...2))"]
        a.comments = []
        a.vendorInformation = {
            var v = SecurityVendorInformation()
            v.vendor = product.vendor
            v.provider = product.provider
            v.providerVersion = "\(number(1...9)).\(number(0...20))"
            return v
        }()
        a.userStates = (0..<number(1...2)).map { _ in
            var u = UserSecurityState()
            let name = pick(Self.users)
            u.accountName = name
            u.domainName = "CONTOSO"
            u.userPrincipalName = "\(name)@contoso.com"
            u.logonType = pick([LogonType.interactive, .network, .remoteInteractive])
            u.logonIp = "10.\(number(0...255)).\(number(0...255)).\(number(1...254))"
            u.emailRole = .unknown
            return u
        }
        a.hostStates = [{
            var h = HostSecurityState()
            h.fqdn = pick(Self.hosts) + ".contoso.local"
            h.netBiosName = h.fqdn?.split(separator: ".").first.map(String.init)
            h.os = pick(["Windows10", "Windows11", "WindowsServer2019", "Ubuntu 22.04"])
            h.privateIpAddress = "10.\(number(0...255)).\(number(0...255)).\(number(1...254))"
            h.isAzureAdJoined = number(0...1) == 1
            h.riskScore = pick(["Low", "Medium", "High"])
            return h
        }()]
        a.networkConnections = (0..<number(0...2)).map { _ in
            var n = NetworkConnection()
            n.sourceAddress = "10.\(number(0...255)).\(number(0...255)).\(number(1...254))"
            n.sourcePort = String(number(1024...65535))
            n.destinationAddress = "\(number(1...223)).\(number(0...255)).\(number(0...255)).\(number(1...254))"
            n.destinationPort = pick(["443", "80", "53", "445", "3389", "8080"])
            n.destinationDomain = pick(["example.net", "cdn.example.org", "update.example.com", "xn--80ak6aa92e.com"])
            n.protocol = pick([SecurityNetworkProtocol.tcp, .udp])
            n.direction = .outbound
            n.status = pick([ConnectionStatus.succeeded, .blocked, .attempted])
            return n
        }
        a.fileStates = (0..<number(0...1)).map { _ in
            var f = FileSecurityState()
            f.name = pick(["invoice.pdf.exe", "mimikatz.exe", "payload.dll", "update.ps1"])
            f.path = "C:\\Users\\\(pick(Self.users))\\Downloads"
            var hash = FileHash()
            hash.hashType = .sha256
            hash.hashValue = (0..<4).map { _ in String(next(), radix: 16) }.joined()
            f.fileHash = hash
            return f
        }
        a.processes = (0..<number(0...1)).map { _ in
            var p = Process()
            p.name = pick(["powershell.exe", "cmd.exe", "rundll32.exe", "wmic.exe"])
            p.commandLine = "\(p.name ?? "") -NoProfile -EncodedCommand \(String(next(), radix: 36))"
            p.processId = Int32(number(100...65000))
            p.parentProcessName = "explorer.exe"
            p.createdDateTime = a.eventDateTime
            return p
        }
        a.recommendedActions = ["Isolate the device", "Reset the user's credentials"]
        a.sourceMaterials = ["https://security.example.com/alert/\(a.id ?? "")"]
        return a
    }

    /// `count` alerts with consecutive indexes starting at `start`.
    public mutating func alerts(count: Int, start: Int = 0) -> [Alert] {
        (start..<(start + count)).map { alert(index: $0) }
    }
}

/// A small deterministic random generator (SplitMix64) for generated test and benchmark data.
public struct SeededRandom: Sendable {
    private var state: UInt64

    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

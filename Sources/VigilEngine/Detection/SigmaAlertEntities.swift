import VigilCore
import VigilDetection

/// Fills a Sigma alert's entities from the matched event's fields (Sysmon and Security names, with the
/// common names of Linux and web logs): the host, users, the process, the network connection, the file
/// and the registry key, each only when the event has it.
enum SigmaAlertEntities {
    static func fill(_ alert: inout Alert, from event: SigmaEvent) {
        if let computer = first(event, "Computer", "ComputerName", "hostname", "host", "Hostname") {
            var host = HostSecurityState()
            if computer.contains(".") { host.fqdn = computer }
            host.netBiosName = String(computer.split(separator: ".").first ?? Substring(computer))
            alert.hostStates = [host]
        }
        let users = self.users(event)
        if !users.isEmpty { alert.userStates = users }
        if let image = first(event, "Image", "NewProcessName", "exe", "process.executable") {
            var process = Process()
            process.path = image
            process.name = baseName(image)
            process.commandLine = first(event, "CommandLine", "cmdline", "process.command_line")
            process.parentProcessName = first(event, "ParentImage", "ParentProcessName").map(baseName)
            process.processId = first(event, "ProcessId", "NewProcessId", "pid").flatMap(number)
            process.parentProcessId = first(event, "ParentProcessId", "ppid").flatMap(number)
            process.accountName = first(event, "User")
            if let level = first(event, "IntegrityLevel")?.lowercased(),
               ["untrusted", "low", "medium", "high", "system"].contains(level) {
                process.integrityLevel = ProcessIntegrityLevel(rawValue: level)
            }
            process.fileHash = hash(event.text("Hashes"))
            alert.processes = [process]
        }
        if let connection = connection(event) { alert.networkConnections = [connection] }
        if let path = first(event, "TargetFilename", "ImageLoaded") {
            var file = FileSecurityState()
            file.path = path
            file.name = baseName(path)
            if event.text("ImageLoaded") != nil { file.fileHash = hash(event.text("Hashes")) }
            alert.fileStates = [file]
        }
        if let key = event.text("TargetObject") {
            var registry = RegistryKeyState()
            registry.key = key
            registry.valueData = event.text("Details")
            if let type = event.text("EventType")?.lowercased() {
                registry.operation = type == "createkey" ? "create" : type.hasPrefix("delete") ? "delete" : type == "setvalue" ? "modify" : nil
            }
            alert.registryKeyStates = [registry]
        }
    }

    private static func users(_ event: SigmaEvent) -> [UserSecurityState] {
        var out: [UserSecurityState] = []
        func add(_ account: String?, domain: String?) {
            guard let account, !account.isEmpty, account != "-" else { return }
            var user = UserSecurityState()
            if domain == nil, let slash = account.firstIndex(of: "\\") {
                user.domainName = String(account[..<slash])
                user.accountName = String(account[account.index(after: slash)...])
            } else {
                user.accountName = account
                if let domain, !domain.isEmpty, domain != "-" { user.domainName = domain }
            }
            if user.accountName?.contains("@") == true { user.userPrincipalName = user.accountName }
            guard !out.contains(where: { $0.accountName == user.accountName && $0.domainName == user.domainName }) else { return }
            out.append(user)
        }
        add(event.text("User"), domain: nil)
        add(event.text("SubjectUserName"), domain: event.text("SubjectDomainName"))
        add(event.text("TargetUserName"), domain: event.text("TargetDomainName"))
        add(first(event, "user", "username", "userName", "cs-username"), domain: nil)
        return out
    }

    private static func connection(_ event: SigmaEvent) -> NetworkConnection? {
        let source = first(event, "SourceIp", "src_ip", "c-ip", "IpAddress")
        let destination = first(event, "DestinationIp", "dst_ip", "dest_ip", "s-ip")
        let domain = first(event, "DestinationHostname", "QueryName", "cs-host", "query")
        let url = first(event, "c-uri", "cs-uri", "url")
        guard source != nil || destination != nil || domain != nil else { return nil }
        var connection = NetworkConnection()
        connection.sourceAddress = source
        connection.sourcePort = first(event, "SourcePort", "src_port")
        connection.destinationAddress = destination
        connection.destinationPort = first(event, "DestinationPort", "dst_port", "dest_port")
        connection.destinationDomain = domain
        if let url, url.contains("://") { connection.destinationUrl = url }
        if let proto = event.text("Protocol")?.lowercased(), ["tcp", "udp", "icmp"].contains(proto) {
            connection.protocol = SecurityNetworkProtocol(rawValue: proto)
        }
        if let initiated = event.text("Initiated")?.lowercased() {
            connection.direction = initiated == "true" ? "outbound" : "inbound"
        }
        connection.applicationName = event.text("Image").map(baseName)
        return connection
    }

    private static func first(_ event: SigmaEvent, _ names: String...) -> String? {
        for name in names { if let v = event.text(name), !v.isEmpty { return v } }
        return nil
    }

    private static func baseName(_ path: String) -> String {
        String(path.split(whereSeparator: { $0 == "\\" || $0 == "/" }).last ?? Substring(path))
    }

    /// A process id written in decimal or as `0x…` hex (Security log).
    private static func number(_ text: String) -> Int32? {
        let lower = text.lowercased()
        if lower.hasPrefix("0x") { return Int32(lower.dropFirst(2), radix: 16) }
        return Int32(text)
    }

    /// The strongest hash of Sysmon's `Hashes` (`SHA1=…,MD5=…,SHA256=…,IMPHASH=…`).
    private static func hash(_ text: String?) -> FileHash? {
        guard let text else { return nil }
        var found: [String: String] = [:]
        for part in text.split(separator: ",") {
            let pair = part.split(separator: "=", maxSplits: 1)
            if pair.count == 2 { found[pair[0].uppercased()] = String(pair[1]) }
        }
        for (name, type) in [("SHA256", "sha256"), ("SHA1", "sha1"), ("MD5", "md5")] {
            if let value = found[name] {
                var hash = FileHash()
                hash.hashType = FileHashType(rawValue: type)
                hash.hashValue = value.lowercased()
                return hash
            }
        }
        return nil
    }
}

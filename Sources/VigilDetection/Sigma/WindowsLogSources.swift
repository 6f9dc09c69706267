/// Which Sigma log sources a Windows event belongs to, from its channel and event id.
///
/// Sysmon event ids map to categories (`process_creation` = 1, …); Security 4688 is `process_creation`
/// too (its fields are renamed to Sysmon's, see `WindowsEventFields`); PowerShell script block (4104)
/// and module (4103) logging are `ps_script` and `ps_module`; every channel is a service (`security`,
/// `sysmon`, `powershell`, …).
enum WindowsLogSources {
    /// Sysmon event id → categories.
    static let sysmonCategories: [Int: [String]] = [
        1: ["process_creation"], 2: ["file_change"], 3: ["network_connection"], 4: ["sysmon_status"],
        5: ["process_termination"], 6: ["driver_load"], 7: ["image_load"], 8: ["create_remote_thread"],
        9: ["raw_access_thread"], 10: ["process_access"], 11: ["file_event"],
        12: ["registry_add", "registry_delete", "registry_event"], 13: ["registry_set", "registry_event"],
        14: ["registry_rename", "registry_event"], 15: ["create_stream_hash"], 16: ["sysmon_status"],
        17: ["pipe_created"], 18: ["pipe_created"], 19: ["wmi_event"], 20: ["wmi_event"], 21: ["wmi_event"],
        22: ["dns_query"], 23: ["file_delete"], 24: ["clipboard_change"], 25: ["process_tampering"],
        26: ["file_delete", "file_delete_detected"], 27: ["file_block_executable"], 28: ["file_block_shredding"],
        29: ["file_executable_detected"], 255: ["sysmon_error"],
    ]

    /// Lowercased channel → Sigma service, where the name is not simply derived from the channel.
    static let channelServices: [String: String] = [
        "security": "security", "system": "system", "application": "application",
        "microsoft-windows-sysmon/operational": "sysmon",
        "microsoft-windows-powershell/operational": "powershell", "powershellcore/operational": "powershell",
        "windows powershell": "powershell-classic",
        "microsoft-windows-taskscheduler/operational": "taskscheduler",
        "microsoft-windows-wmi-activity/operational": "wmi",
        "dns server": "dns-server", "microsoft-windows-dns-server/analytical": "dns-server-analytic",
        "microsoft-windows-driverframeworks-usermode/operational": "driver-framework",
        "microsoft-windows-ntlm/operational": "ntlm",
        "microsoft-windows-dhcp-server/operational": "dhcp",
        "microsoft-windows-applocker/msi and script": "applocker", "microsoft-windows-applocker/exe and dll": "applocker",
        "microsoft-windows-applocker/packaged app-deployment": "applocker",
        "microsoft-windows-applocker/packaged app-execution": "applocker",
        "msexchange management": "msexchange-management",
        "microsoft-windows-printservice/admin": "printservice-admin",
        "microsoft-windows-printservice/operational": "printservice-operational",
        "microsoft-windows-codeintegrity/operational": "codeintegrity-operational",
        "microsoft-windows-smbclient/security": "smbclient-security",
        "microsoft-windows-smbclient/connectivity": "smbclient-connectivity",
        "microsoft-windows-smbserver/connectivity": "smbserver-connectivity",
        "microsoft-windows-windows firewall with advanced security/firewall": "firewall-as",
        "microsoft-windows-bits-client/operational": "bits-client",
        "microsoft-windows-windows defender/operational": "windefend",
        "microsoft-windows-terminalservices-localsessionmanager/operational": "terminalservices-localsessionmanager",
        "microsoft-servicebus-client": "microsoft-servicebus-client",
        "microsoft-windows-ldap-client/debug": "ldap_debug",
        "microsoft-windows-security-mitigations/kernelmode": "security-mitigations",
        "microsoft-windows-security-mitigations/usermode": "security-mitigations",
        "microsoft-windows-diagnosis-scripted/operational": "diagnosis-scripted",
        "microsoft-windows-shell-core/operational": "shell-core",
        "openssh/operational": "openssh",
        "microsoft-windows-bitlocker/bitlocker management": "bitlocker",
        "microsoft-windows-vhdmp-operational": "vhdmp",
        "microsoft-windows-appxdeploymentserver/operational": "appxdeployment-server",
        "microsoft-windows-lsa/operational": "lsa-server",
        "microsoft-windows-appxpackaging/operational": "appxpackaging-om",
        "microsoft-windows-dns client events/operational": "dns-client",
        "microsoft-windows-appmodel-runtime/admin": "appmodel-runtime",
        "microsoft-windows-capi2/operational": "capi2",
        "microsoft-windows-certificateservicesclient-lifecycle-system/operational": "certificateservicesclient-lifecycle-system",
        "microsoft-windows-kernel-shimengine/operational": "kernel-shimengine",
        "microsoft-windows-kernel-shimengine/diagnostic": "kernel-shimengine",
        "microsoft-iis-configuration/operational": "iis-configuration",
    ]

    /// The service of a channel: from the table, else the channel lowercased without its
    /// `Microsoft-Windows-` prefix and `/Operational` suffix (`Microsoft-Windows-Kerberos/Operational` →
    /// `kerberos`).
    static func service(channel: String) -> String {
        let lower = channel.lowercased()
        if let known = channelServices[lower] { return known }
        var name = Substring(lower)
        if name.hasPrefix("microsoft-windows-") { name = name.dropFirst("microsoft-windows-".count) }
        if name.hasSuffix("/operational") { name = name.dropLast("/operational".count) }
        return String(name)
    }

    /// The categories of an event.
    /// - Parameters:
    ///   - channel: the channel (any case).
    ///   - eventID: the event id.
    ///   - registryEventType: Sysmon 12's `EventType` (`CreateKey`, `DeleteKey`, `DeleteValue`), which
    ///     tells `registry_add` from `registry_delete`; both apply when it is absent.
    static func categories(channel: String, eventID: Int, registryEventType: String?) -> [String] {
        switch channel.lowercased() {
        case "microsoft-windows-sysmon/operational":
            guard let categories = sysmonCategories[eventID] else { return [] }
            if eventID == 12, let type = registryEventType?.lowercased() {
                if type == "createkey" { return ["registry_add", "registry_event"] }
                if type.hasPrefix("delete") { return ["registry_delete", "registry_event"] }
            }
            return categories
        case "security":
            return eventID == 4688 ? ["process_creation"] : []
        case "microsoft-windows-powershell/operational", "powershellcore/operational":
            switch eventID {
            case 4104: return ["ps_script"]
            case 4103: return ["ps_module"]
            default: return []
            }
        case "windows powershell":
            switch eventID {
            case 400: return ["ps_classic_start"]
            case 600: return ["ps_classic_provider_start"]
            case 800: return ["ps_classic_script"]
            default: return []
            }
        default:
            return []
        }
    }
}

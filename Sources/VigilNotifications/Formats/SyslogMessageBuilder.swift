import VigilCore

/// Builds RFC 5424 syslog messages: `<PRI>1 TIMESTAMP HOSTNAME APP-NAME PROCID MSGID - MSG`. Pure.
///
/// PRI is facility × 8 + severity. TIMESTAMP is UTC with milliseconds (RFC 5424 allows at most six
/// fraction digits). HOSTNAME (≤ 255), APP-NAME (≤ 48), PROCID (≤ 128) and MSGID (≤ 32) are printable
/// US-ASCII without spaces: other bytes are replaced by `_`, longer values are cut, and an empty one is
/// written as the nil value `-`. There is no structured data (`-`). MSG is the UTF-8 text as given, without
/// a byte order mark (CEF receivers expect the message to start with `CEF:`); line breaks in it become spaces
/// so that one message stays one line for receivers that split on line ends.
public struct SyslogMessageBuilder: Sendable, Equatable {
    /// Facility 0–23 (16 is `local0`).
    public var facility: Int
    /// HOSTNAME field, already sanitized.
    public let hostname: String
    /// APP-NAME field, already sanitized.
    public let appName: String
    /// PROCID field, already sanitized.
    public let procId: String

    /// - Parameters:
    ///   - facility: 0–23; values outside are clamped.
    ///   - hostname: the sending host's name.
    ///   - appName: the application, `vigil` by default.
    ///   - procId: the process id, or `nil` for `-`.
    public init(facility: Int, hostname: String, appName: String = "vigil", procId: String? = nil) {
        self.facility = min(max(facility, 0), 23)
        self.hostname = Self.field(hostname, limit: 255)
        self.appName = Self.field(appName, limit: 48)
        self.procId = Self.field(procId ?? "", limit: 128)
    }

    /// The syslog severity (0 emergency … 7 debug) of a Graph alert severity: high 2 (critical), medium 4
    /// (warning), low 5 (notice), informational and anything else 6 (informational).
    public static func severity(_ severity: AlertSeverity?) -> Int {
        switch CEFFormatter.severity(severity) {
        case 8: 2
        case 5: 4
        case 3: 5
        default: 6
        }
    }

    /// Appends one message.
    /// - Parameters:
    ///   - severity: syslog severity 0–7 (clamped).
    ///   - time: the TIMESTAMP.
    ///   - messageId: the MSGID (sanitized here).
    ///   - message: the MSG bytes (UTF-8).
    ///   - out: the buffer to append to.
    public func write(severity: Int, time: DateTimeOffset, messageId: String, message: [UInt8], to out: inout [UInt8]) {
        writeHeader(severity: severity, time: time, messageId: messageId, to: &out)
        for byte in message { out.append(byte == 0x0A || byte == 0x0D ? 0x20 : byte) }
    }

    /// Appends everything before MSG, up to and including the space after the nil STRUCTURED-DATA; the
    /// caller appends MSG (without line breaks).
    public func writeHeader(severity: Int, time: DateTimeOffset, messageId: String, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "<"))
        out.append(contentsOf: String(facility * 8 + min(max(severity, 0), 7)).utf8)
        out.append(contentsOf: ">1 ".utf8)
        DateTimeOffset(secondsSinceEpoch: time.secondsSinceEpoch, nanoseconds: time.nanoseconds, fractionDigits: 3)
            .write(to: &out)
        out.append(0x20)
        out.append(contentsOf: hostname.utf8)
        out.append(0x20)
        out.append(contentsOf: appName.utf8)
        out.append(0x20)
        out.append(contentsOf: procId.utf8)
        out.append(0x20)
        out.append(contentsOf: Self.field(messageId, limit: 32).utf8)
        out.append(contentsOf: " - ".utf8)
    }

    /// The message as text (see ``write(severity:time:messageId:message:to:)``).
    public func line(severity: Int, time: DateTimeOffset, messageId: String, message: String) -> String {
        var out: [UInt8] = []
        write(severity: severity, time: time, messageId: messageId, message: Array(message.utf8), to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// A header field: printable US-ASCII (33–126) only, at most `limit` bytes, `-` when empty.
    static func field(_ text: String, limit: Int) -> String {
        var bytes: [UInt8] = []
        for byte in text.utf8.prefix(limit) { bytes.append((33...126).contains(byte) ? byte : UInt8(ascii: "_")) }
        return bytes.isEmpty ? "-" : String(decoding: bytes, as: UTF8.self)
    }

    /// The facility number of a name (`kern`, `user`, …, `local0`–`local7`) or a number `0`–`23`.
    public static func facility(named text: String) -> Int? {
        if let number = Int(text) { return (0...23).contains(number) ? number : nil }
        return facilityNames.firstIndex(of: text.lowercased())
    }

    /// Facility names in number order (RFC 5424 §6.2.1; 13 is log audit, 14 log alert).
    public static let facilityNames = ["kern", "user", "mail", "daemon", "auth", "syslog", "lpr", "news", "uucp",
                                       "cron", "authpriv", "ftp", "ntp", "audit", "alert", "clock", "local0",
                                       "local1", "local2", "local3", "local4", "local5", "local6", "local7"]
}

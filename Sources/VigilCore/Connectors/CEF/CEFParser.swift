/// One ArcSight Common Event Format message, as read: the seven header fields, the extension's
/// `key=value` pairs and, when the message came inside a syslog line, the syslog host and time.
///
/// `CEF:Version|Device Vendor|Device Product|Device Version|Device Event Class ID|Name|Severity|Extension`
///
/// Header fields are unescaped (`\|` → `|`, `\\` → `\`); extension values are unescaped (`\=` → `=`,
/// `\\` → `\`, `\n` → line feed, `\r` → carriage return). Any other backslash sequence is kept as written.
public struct CEFMessage: Sendable, Equatable {
    /// The CEF version of the header (`CEF:0`, `CEF:1`).
    public var version: Int
    /// The Device Vendor header field.
    public var deviceVendor: String
    /// The Device Product header field.
    public var deviceProduct: String
    /// The Device Version header field.
    public var deviceVersion: String
    /// The Device Event Class ID (signature id) header field.
    public var signatureId: String
    /// The Name header field.
    public var name: String
    /// The Severity header field as written: `0`–`10`, or `Low`, `Medium`, `High`, `Very-High`, `Unknown`.
    public var severity: String
    /// The extension's pairs, keys as written and values unescaped. `csNLabel` (and the other `…Label`
    /// keys) are kept as their own pairs next to the values they name. When a key appears twice, the last
    /// value wins.
    public var extensions: [String: String]
    /// The host of the syslog line the message came in (RFC 3164 or RFC 5424), when there was one.
    public var syslogHost: String?
    /// The time of the syslog line, when it has one with a year: RFC 5424 and ISO 8601 timestamps, and
    /// `Mmm dd yyyy hh:mm:ss`. The RFC 3164 `Mmm dd hh:mm:ss` has no year and gives `nil`.
    public var syslogTime: DateTimeOffset?

    public init(version: Int, deviceVendor: String, deviceProduct: String, deviceVersion: String,
                signatureId: String, name: String, severity: String, extensions: [String: String],
                syslogHost: String? = nil, syslogTime: DateTimeOffset? = nil)
    {
        self.version = version
        self.deviceVendor = deviceVendor
        self.deviceProduct = deviceProduct
        self.deviceVersion = deviceVersion
        self.signatureId = signatureId
        self.name = name
        self.severity = severity
        self.extensions = extensions
        self.syslogHost = syslogHost
        self.syslogTime = syslogTime
    }

    /// Parses one CEF message, bare or after a syslog header.
    ///
    /// The message starts at the first `CEF:` in the text; what comes before it is read as an RFC 5424
    /// header (`<PRI>1 TIMESTAMP HOST APP PROCID MSGID SD `) or an RFC 3164 one (`<PRI>Mmm dd hh:mm:ss
    /// HOST `, the `<PRI>` optional) for ``syslogHost`` and ``syslogTime``, and ignored when it is neither.
    /// Text in the extension before its first `key=` is ignored.
    ///
    /// - Parameter text: one line, surrounding whitespace allowed.
    /// - Returns: the message.
    /// - Throws: a ``ConnectorError`` without a line number when there is no `CEF:` header, the header has
    ///   fewer than seven `|`-separated fields, or its version is not a number.
    public static func parse(_ text: String) throws(ConnectorError) -> CEFMessage {
        try parse(bytes: Array(text.utf8)[...])
    }

    /// Parses one CEF message from UTF-8 bytes (see ``parse(_:)``).
    static func parse(bytes line: ArraySlice<UInt8>) throws(ConnectorError) -> CEFMessage {
        let trimmed = CEFBytes.trimmed(line)
        guard let start = CEFBytes.firstIndex(of: Array("CEF:".utf8), in: trimmed) else {
            throw ConnectorError(line: nil, trimmed.isEmpty ? "empty line, not a CEF message"
                                            : "not a CEF message: no 'CEF:' header found")
        }
        let headerStart = start + 4
        var fields: [String] = []
        var fieldStart = headerStart
        var index = headerStart
        var extensionStart: Int?
        while index < trimmed.endIndex {
            let byte = trimmed[index]
            if byte == CEFBytes.backslash {
                index += 2
                continue
            }
            if byte == CEFBytes.pipe {
                fields.append(unescapeHeader(trimmed[fieldStart..<index]))
                fieldStart = index + 1
                if fields.count == 7 {
                    extensionStart = fieldStart
                    break
                }
            }
            index += 1
        }
        if extensionStart == nil {
            // The seventh field (Severity) may end the line without a closing `|`.
            fields.append(unescapeHeader(trimmed[fieldStart..<trimmed.endIndex]))
            guard fields.count == 7 else {
                throw ConnectorError(line: nil, "CEF header has \(fields.count) of the 7 '|'-separated fields "
                    + "(Version|Device Vendor|Device Product|Device Version|Device Event Class ID|Name|Severity)")
            }
        }
        let versionText = fields[0].cefTrimmed
        guard let version = Int(versionText), version >= 0 else {
            throw ConnectorError(line: nil, "CEF version is not a number: \"\(fields[0])\"")
        }
        let extensionBytes = extensionStart.map { trimmed[$0..<trimmed.endIndex] } ?? []
        let syslog = CEFSyslogPrefix(String(decoding: trimmed[trimmed.startIndex..<start], as: UTF8.self))
        return CEFMessage(version: version, deviceVendor: fields[1], deviceProduct: fields[2],
                          deviceVersion: fields[3], signatureId: fields[4], name: fields[5],
                          severity: fields[6].cefTrimmed, extensions: parseExtension(extensionBytes),
                          syslogHost: syslog.host, syslogTime: syslog.time)
    }

    // MARK: - Extension

    /// The `key=value` pairs of an extension. A key is a run of letters, digits, `_`, `.`, `-`, `[` and
    /// `]` at the start or after a space, followed by an unescaped `=`; its value runs to the spaces before
    /// the next key, trailing spaces and tabs dropped.
    static func parseExtension(_ bytes: ArraySlice<UInt8>) -> [String: String] {
        var keys: [(start: Int, equals: Int)] = []
        var index = bytes.startIndex
        while index < bytes.endIndex {
            let byte = bytes[index]
            if byte == CEFBytes.backslash {
                index += 2
                continue
            }
            if byte == CEFBytes.equals {
                var keyStart = index
                while keyStart > bytes.startIndex, isKeyByte(bytes[keyStart - 1]) { keyStart -= 1 }
                if keyStart < index, keyStart == bytes.startIndex || bytes[keyStart - 1] == CEFBytes.space {
                    keys.append((keyStart, index))
                }
            }
            index += 1
        }
        var pairs: [String: String] = [:]
        for (position, key) in keys.enumerated() {
            let valueEnd = position + 1 < keys.count ? keys[position + 1].start : bytes.endIndex
            var end = valueEnd
            while end > key.equals + 1, bytes[end - 1] == CEFBytes.space || bytes[end - 1] == CEFBytes.tab { end -= 1 }
            let name = String(decoding: bytes[key.start..<key.equals], as: UTF8.self)
            pairs[name] = unescapeExtension(bytes[(key.equals + 1)..<end])
        }
        return pairs
    }

    private static func isKeyByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
             UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "_"), UInt8(ascii: "."), UInt8(ascii: "-"),
             UInt8(ascii: "["), UInt8(ascii: "]"):
            true
        default:
            false
        }
    }

    // MARK: - Escapes

    /// A header field with `\|` and `\\` unescaped.
    static func unescapeHeader(_ bytes: ArraySlice<UInt8>) -> String {
        unescape(bytes) { next in
            switch next {
            case CEFBytes.pipe: CEFBytes.pipe
            case CEFBytes.backslash: CEFBytes.backslash
            default: nil
            }
        }
    }

    /// An extension value with `\=`, `\\`, `\n` and `\r` unescaped.
    static func unescapeExtension(_ bytes: ArraySlice<UInt8>) -> String {
        unescape(bytes) { next in
            switch next {
            case CEFBytes.equals: CEFBytes.equals
            case CEFBytes.backslash: CEFBytes.backslash
            case UInt8(ascii: "n"): 0x0A
            case UInt8(ascii: "r"): 0x0D
            default: nil
            }
        }
    }

    /// Replaces each `\x` the table knows by its byte; keeps other backslashes (and a final one) as written.
    private static func unescape(_ bytes: ArraySlice<UInt8>, _ table: (UInt8) -> UInt8?) -> String {
        guard bytes.contains(CEFBytes.backslash) else { return String(decoding: bytes, as: UTF8.self) }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var index = bytes.startIndex
        while index < bytes.endIndex {
            let byte = bytes[index]
            if byte == CEFBytes.backslash, index + 1 < bytes.endIndex, let replacement = table(bytes[index + 1]) {
                out.append(replacement)
                index += 2
            } else {
                out.append(byte)
                index += 1
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}

// MARK: - Syslog

/// The host and time of the syslog header before a CEF message.
struct CEFSyslogPrefix {
    var host: String?
    var time: DateTimeOffset?

    init(_ text: String) {
        var rest = Substring(text)
        if rest.hasPrefix("<"), let close = rest.firstIndex(of: ">") {
            let priority = rest[rest.index(after: rest.startIndex)..<close]
            if (1...3).contains(priority.count), priority.allSatisfy(\.isCEFDigit) {
                rest = rest[rest.index(after: close)...]
            }
        }
        let tokens = rest.split(separator: " ", omittingEmptySubsequences: true)
        guard let first = tokens.first else { return }
        var hostIndex: Int
        if first.count <= 2, first.allSatisfy(\.isCEFDigit), tokens.count > 1 {
            // RFC 5424: VERSION TIMESTAMP HOSTNAME APP-NAME PROCID MSGID STRUCTURED-DATA
            time = tokens[1] == "-" ? nil : DateTimeOffset(tokens[1])
            hostIndex = 2
        } else if let iso = DateTimeOffset(first) {
            time = iso
            hostIndex = 1
        } else if CEFTime.month(first) != nil, tokens.count >= 3 {
            // RFC 3164: Mmm dd hh:mm:ss, or with a year: Mmm dd yyyy hh:mm:ss
            if tokens.count >= 4, tokens[2].count == 4, tokens[2].allSatisfy(\.isCEFDigit) {
                time = CEFTime.parse(tokens[0...3].joined(separator: " "))
                hostIndex = 4
            } else {
                hostIndex = 3
            }
        } else {
            return
        }
        guard hostIndex < tokens.count else { return }
        let name = tokens[hostIndex]
        guard name != "-", !name.hasSuffix(":") else { return }
        host = String(name)
    }
}

// MARK: - Times

/// CEF time values (`rt`, `start`, `end`): milliseconds since the epoch, ISO 8601, or
/// `MMM dd yyyy HH:mm:ss[.SSS][ zone]`.
enum CEFTime {
    /// Reads a CEF time.
    ///
    /// All digits: milliseconds since the epoch, as the CEF specification says — except ten digits or
    /// fewer, which are read as seconds (a millisecond count that short would be before May 1970).
    /// ISO 8601 text needs its zone. Month-name text needs a year; its zone may be `UTC`, `GMT`, `Z` or a
    /// numeric offset (`+01:00`, `-0500`), and without a zone it is read as UTC. Named zones (`CET`,
    /// `EST`) are ambiguous and give `nil`, as does text without a year.
    static func parse(_ text: String) -> DateTimeOffset? {
        let value = text.cefTrimmed
        guard !value.isEmpty else { return nil }
        if value.allSatisfy(\.isCEFDigit) {
            guard value.count <= 15, let number = Int64(value) else { return nil }
            if value.count <= 10 { return DateTimeOffset(secondsSinceEpoch: number, fractionDigits: 0) }
            let nanoseconds = Int32(number % 1000) * 1_000_000
            return DateTimeOffset(secondsSinceEpoch: number / 1000, nanoseconds: nanoseconds, fractionDigits: 3)
        }
        if let iso = DateTimeOffset(value) { return iso }
        let tokens = value.split(separator: " ", omittingEmptySubsequences: true)
        guard tokens.count == 4 || tokens.count == 5, let month = month(tokens[0]),
              let day = Int64(tokens[1]), tokens[2].count == 4, let year = Int64(tokens[2]),
              day >= 1, day <= daysIn(month: month, year: year),
              let (seconds, nanoseconds, digits) = clock(tokens[3])
        else { return nil }
        var offset: Int64 = 0
        if tokens.count == 5 {
            guard let zone = zoneOffset(tokens[4]) else { return nil }
            offset = zone
        }
        let days = daysFromCivil(year: year, month: month, day: day)
        return DateTimeOffset(secondsSinceEpoch: days * 86_400 + seconds - offset, nanoseconds: nanoseconds,
                              fractionDigits: digits)
    }

    /// The month number of a three-letter English month name, any case.
    static func month(_ text: Substring) -> Int64? {
        let names = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
        guard text.count == 3, let index = names.firstIndex(of: text.lowercased()) else { return nil }
        return Int64(index + 1)
    }

    /// `HH:mm:ss[.fraction]` as seconds of the day, nanoseconds and the number of fraction digits.
    private static func clock(_ text: Substring) -> (Int64, Int32, Int)? {
        let parts = text.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        let hms = parts[0].split(separator: ":", omittingEmptySubsequences: false)
        guard hms.count == 3, hms.allSatisfy({ $0.count == 2 && $0.allSatisfy(\.isCEFDigit) }),
              let hour = Int64(hms[0]), let minute = Int64(hms[1]), let second = Int64(hms[2]),
              hour < 24, minute < 60, second < 61
        else { return nil }
        var nanoseconds: Int32 = 0
        var digits = 0
        if parts.count == 2 {
            let fraction = parts[1]
            guard (1...9).contains(fraction.count), fraction.allSatisfy(\.isCEFDigit),
                  let number = Int32(fraction) else { return nil }
            digits = fraction.count
            nanoseconds = number
            for _ in digits..<9 { nanoseconds *= 10 }
        }
        return (hour * 3600 + minute * 60 + second, nanoseconds, digits)
    }

    /// The offset from UTC in seconds of `UTC`, `GMT`, `Z`, `±hh`, `±hhmm` or `±hh:mm`.
    private static func zoneOffset(_ text: Substring) -> Int64? {
        if ["utc", "gmt", "z"].contains(text.lowercased()) { return 0 }
        guard let sign = text.first, sign == "+" || sign == "-" else { return nil }
        let digits = text.dropFirst().filter { $0 != ":" }
        guard digits.count == 2 || digits.count == 4, digits.allSatisfy(\.isCEFDigit),
              let hours = Int64(digits.prefix(2)), let minutes = digits.count == 4 ? Int64(digits.suffix(2)) : 0,
              hours < 24, minutes < 60
        else { return nil }
        let offset = hours * 3600 + minutes * 60
        return sign == "-" ? -offset : offset
    }

    /// The number of days in a month of a year.
    private static func daysIn(month: Int64, year: Int64) -> Int64 {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date.
    private static func daysFromCivil(year: Int64, month: Int64, day: Int64) -> Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let monthIndex = (month + 9) % 12
        let dayOfYear = (153 * monthIndex + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }
}

// MARK: - Bytes

enum CEFBytes {
    static let backslash = UInt8(ascii: "\\")
    static let pipe = UInt8(ascii: "|")
    static let equals = UInt8(ascii: "=")
    static let space = UInt8(ascii: " ")
    static let tab = UInt8(ascii: "\t")

    /// The bytes without leading and trailing spaces, tabs, carriage returns and line feeds.
    static func trimmed(_ bytes: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
        func isBlank(_ byte: UInt8) -> Bool { byte == space || byte == tab || byte == 0x0A || byte == 0x0D }
        var start = bytes.startIndex
        var end = bytes.endIndex
        while start < end, isBlank(bytes[start]) { start += 1 }
        while end > start, isBlank(bytes[end - 1]) { end -= 1 }
        return bytes[start..<end]
    }

    /// Where `needle` first occurs in `bytes`.
    static func firstIndex(of needle: [UInt8], in bytes: ArraySlice<UInt8>) -> Int? {
        guard !needle.isEmpty, bytes.count >= needle.count else { return nil }
        var index = bytes.startIndex
        while index + needle.count <= bytes.endIndex {
            if bytes[index..<(index + needle.count)].elementsEqual(needle) { return index }
            index += 1
        }
        return nil
    }
}

extension StringProtocol {
    /// The text without leading and trailing spaces and tabs.
    var cefTrimmed: String {
        let characters = Substring(self)
        guard let first = characters.firstIndex(where: { $0 != " " && $0 != "\t" }),
              let last = characters.lastIndex(where: { $0 != " " && $0 != "\t" })
        else { return "" }
        return String(characters[first...last])
    }
}

extension Character {
    /// Whether the character is one of the ASCII digits `0`–`9`.
    var isCEFDigit: Bool { isASCII && isNumber }
}

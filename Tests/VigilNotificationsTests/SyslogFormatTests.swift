import Testing
import VigilCore
@testable import VigilNotifications

@Suite("RFC 5424 messages and octet counting")
struct SyslogFormatTests {
    static let time = DateTimeOffset(secondsSinceEpoch: 1_700_000_000, nanoseconds: 123_456_700)

    @Test("Line shape: PRI, version 1, UTC timestamp with milliseconds, host, app, nil PROCID, MSGID, nil SD, MSG")
    func lineShape() {
        let builder = SyslogMessageBuilder(facility: 16, hostname: "vigil-01.example")
        #expect(builder.line(severity: 2, time: Self.time, messageId: "created", message: "CEF:0|a|b|c|d|e|8|")
            == "<130>1 2023-11-14T22:13:20.123Z vigil-01.example vigil - created - CEF:0|a|b|c|d|e|8|")
        let auth = SyslogMessageBuilder(facility: 4, hostname: "h", procId: "4242")
        #expect(auth.line(severity: 6, time: Self.time, messageId: "updated", message: "x")
            == "<38>1 2023-11-14T22:13:20.123Z h vigil 4242 updated - x")
    }

    @Test("Header fields: non-printable and space bytes replaced, lengths cut to the RFC limits, empty is '-'")
    func headerFields() {
        let builder = SyslogMessageBuilder(facility: 99, hostname: String(repeating: "h", count: 300),
                                           appName: "my app é", procId: "")
        #expect(builder.facility == 23)
        #expect(builder.hostname == String(repeating: "h", count: 255))
        #expect(builder.appName == "my_app___")  // the space and both bytes of é replaced
        #expect(builder.procId == "-")
        let line = builder.line(severity: 9, time: Self.time, messageId: String(repeating: "m", count: 40), message: "a\nb\rc")
        #expect(line == "<191>1 2023-11-14T22:13:20.123Z \(String(repeating: "h", count: 255)) my_app___ - \(String(repeating: "m", count: 32)) - a b c")
        let empty = SyslogMessageBuilder(facility: 1, hostname: "")
        #expect(empty.line(severity: 5, time: Self.time, messageId: "", message: "m") == "<13>1 2023-11-14T22:13:20.123Z - vigil - - - m")
    }

    @Test("Severity of alert severities", arguments: [(AlertSeverity.high, 2), (.medium, 4), (.low, 5), (.informational, 6), (.unknown, 6)])
    func severity(_ severity: AlertSeverity, _ expected: Int) {
        #expect(SyslogMessageBuilder.severity(severity) == expected)
    }

    @Test("Facility names and numbers")
    func facilities() {
        #expect(SyslogMessageBuilder.facility(named: "local0") == 16)
        #expect(SyslogMessageBuilder.facility(named: "LOCAL7") == 23)
        #expect(SyslogMessageBuilder.facility(named: "auth") == 4)
        #expect(SyslogMessageBuilder.facility(named: "authpriv") == 10)
        #expect(SyslogMessageBuilder.facility(named: "13") == 13)
        #expect(SyslogMessageBuilder.facility(named: "24") == nil)
        #expect(SyslogMessageBuilder.facility(named: "local8") == nil)
    }

    @Test("An encoded CEF message is RFC 5424 around the CEF line, and CEFParser reads host, time and fields")
    func encodedCEF() throws {
        var alert = CEFFormatterTests.sample()
        alert.severity = .medium
        let encoder = SyslogEncoder(builder: SyslogMessageBuilder(facility: 16, hostname: "vigil-test"), payload: .cef)
        let text = String(decoding: encoder.message(exported(alert)), as: UTF8.self)
        #expect(text == "<132>1 2023-11-14T22:13:20.123Z vigil-test vigil - created - " + CEFFormatter.line(alert))
        let message = try CEFMessage.parse(text)
        #expect(message.syslogHost == "vigil-test")
        #expect(message.syslogTime == DateTimeOffset("2023-11-14T22:13:20.123Z"))
        #expect(message.severity == "5")
        #expect(message.extensions["externalId"] == "a-1")
    }

    @Test("An encoded JSON message carries the alert's Graph JSON with the tenant, change type and sequence")
    func encodedJSON() throws {
        let alert = CEFFormatterTests.sample()
        let encoder = SyslogEncoder(builder: SyslogMessageBuilder(facility: 16, hostname: "h"), payload: .json)
        let text = String(decoding: encoder.message(exported(alert, sequence: 42)), as: UTF8.self)
        let prefix = "<130>1 2023-11-14T22:13:20.123Z h vigil - created - "
        #expect(text.hasPrefix(prefix))
        let json = try JSONParser.parse(Array(text.utf8.dropFirst(prefix.utf8.count)))
        #expect(json["id"]?.stringValue == "a-1")
        #expect(json["title"]?.stringValue == "Brute force")
        #expect(json["@vigil.tenantId"]?.stringValue == ExportFixture.tenant)
        #expect(json["@vigil.changeType"]?.stringValue == "created")
        #expect(json["@vigil.sequence"] == .int(42))
        #expect(Alert(json: json)?.networkConnections == alert.networkConnections)
    }

    @Test("Octet counting: frames of byte length, decoded back across split reads")
    func octetCounting() throws {
        var stream: [UInt8] = []
        let messages = ["<1>1 - - - - - a", "<2>1 - - - - - 漢字", String(repeating: "x", count: 1000)]
        for message in messages { OctetCounting.frame(Array(message.utf8), to: &stream) }
        #expect(stream.starts(with: Array("16 <1>1 - - - - - a21 <2>1".utf8)))
        var buffer: [UInt8] = []
        var decoded: [String] = []
        for chunk in stride(from: 0, to: stream.count, by: 7) {
            buffer += stream[chunk..<min(chunk + 7, stream.count)]
            decoded += try OctetCounting.decode(&buffer).map { String(decoding: $0, as: UTF8.self) }
        }
        #expect(decoded == messages)
        #expect(buffer.isEmpty)
    }

    @Test("Octet counting: a frame that does not start with a length is malformed")
    func malformed() throws {
        var buffer = Array("12x <1>".utf8)
        #expect(throws: OctetCounting.MalformedFrame(offset: 0)) { try OctetCounting.decode(&buffer) }
        var leadingZero = Array("05 <1>1 ".utf8)
        #expect(throws: OctetCounting.MalformedFrame.self) { try OctetCounting.decode(&leadingZero) }
        var partial = Array("123".utf8)
        #expect(try OctetCounting.decode(&partial).isEmpty)
        #expect(partial == Array("123".utf8))
    }
}

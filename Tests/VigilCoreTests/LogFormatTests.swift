import Testing
import VigilCore

/// One list of product formats serves every intake path, each with its connector.
@Suite("Log formats")
struct LogFormatTests {
    @Test("Each format reads a line with its own connector and counts it under its name")
    func formatsAndConnectors() throws {
        let connectors: [LogFormat: any LineConnector.Type] = [.suricata: SuricataConnector.self, .wazuh: WazuhConnector.self,
                                                               .cef: CEFConnector.self]
        for (format, connector) in connectors { #expect(connector.source == format.rawValue) }
        #expect(ZeekConnector.source == LogFormat.zeek.rawValue)
        let cef = Array("CEF:0|Vendor|Product|1.0|100|Port scan|7|src=10.0.0.1".utf8)
        guard case .success = LogFormat.cef.read(line: cef, lineNumber: 1) else {
            Issue.record("a CEF line was not read as CEF")
            return
        }
        // A Suricata line is not CEF: the format decides the connector (no default that means another one).
        guard case .failure(let error) = LogFormat.cef.read(line: Array(#"{"event_type":"alert"}"#.utf8), lineNumber: 4) else {
            Issue.record("JSON was read as CEF")
            return
        }
        #expect(error.line == 4)
        #expect(LogFormat.zeek.readsWhole(Array("#separator \\x09\n".utf8)))
        #expect(!LogFormat.suricata.readsWhole(Array("#separator \\x09\n".utf8)))
    }

    @Test("A format is named in any case; an unknown one is refused with the known list")
    func named() throws {
        #expect(try LogFormat(named: "Suricata") == .suricata)
        do {
            _ = try LogFormat(named: "syslog", field: "sources[x].format")
            Issue.record("an unknown format was accepted")
        } catch {
            #expect(error.message == "'sources[x].format' is 'syslog', not one of suricata, zeek, wazuh, cef.")
        }
    }
}

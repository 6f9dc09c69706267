import Foundation
import Testing
import VigilCore
import VigilStorage
@testable import VigilNotifications

@Suite("Exporter configuration")
struct ExporterConfigurationTests {
    static func decode(_ json: String) throws -> ExporterConfiguration {
        try JSONDecoder().decode(ExporterConfiguration.self, from: Data(json.utf8))
    }

    static func message(_ json: String) throws -> String? {
        do {
            try decode(json).validate()
            return nil
        } catch let error as VigilError {
            return error.message
        }
    }

    @Test("Valid entries of each type, with defaults filled in")
    func valid() throws {
        let splunk = try Self.decode(#"{"name":"soc","type":"splunk","url":"https://splunk.example:8088","token":"t0k3n","filter":"severity eq 'high'"}"#)
        try splunk.validate()
        #expect(splunk.batchSize == 100)
        #expect(splunk.destination == "https://splunk.example:8088")
        let syslog = try Self.decode(#"{"name":"siem","type":"syslog","transport":"tls","host":"10.0.0.5","format":"json","facility":"auth"}"#)
        try syslog.validate()
        #expect(syslog.resolvedPort == 6514)
        #expect(syslog.resolvedFacility == 4)
        #expect(syslog.destination == "tls://10.0.0.5:6514 (json)")
        let file = try Self.decode(#"{"name":"archive","type":"file","path":"/tmp/a.jsonl"}"#)
        try file.validate()
        #expect(file.maxBytes == 104_857_600)
        #expect(file.maxFiles == 5)
        #expect(try Self.decode(#"{"name":"s","type":"syslog","host":"h"}"#).destination == "tcp://h:514 (cef)")
    }

    @Test("Invalid entries name the exporter and the key", arguments: [
        (#"{"name":"x","type":"kafka"}"#, "Exporter 'x': 'type' must be one of syslog, splunk, file, not 'kafka'."),
        (#"{"name":"x"}"#, "Exporter 'x': 'type' is required (one of syslog, splunk, file)."),
        (#"{"type":"file","path":"/tmp/a"}"#, "Exporter: 'name' is required."),
        (#"{"name":"x","type":"splunk","token":"t"}"#, "Exporter 'x': 'url' is required for type splunk."),
        (#"{"name":"x","type":"splunk","url":"ftp://h","token":"t"}"#, "Exporter 'x': 'url' must be an http(s) URL, not 'ftp://h'."),
        (#"{"name":"x","type":"splunk","url":"https://h"}"#, "Exporter 'x': 'token' or 'tokenFile' is required for type splunk."),
        (#"{"name":"x","type":"syslog","transport":"sctp","host":"h"}"#, "Exporter 'x': 'transport' must be udp, tcp or tls, not 'sctp'."),
        (#"{"name":"x","type":"syslog"}"#, "Exporter 'x': 'host' is required for type syslog."),
        (#"{"name":"x","type":"syslog","host":"h","format":"leef"}"#, "Exporter 'x': 'format' must be cef or json, not 'leef'."),
        (#"{"name":"x","type":"file"}"#, "Exporter 'x': 'path' is required for type file."),
        (#"{"name":"x","type":"file","path":"/a","maxBytes":10}"#, "Exporter 'x': 'maxBytes' must be at least 1024."),
        (#"{"name":"x","type":"file","path":"/a","batchSize":0}"#, "Exporter 'x': 'batchSize' must be 1–10000."),
        (#"{"name":"x","type":"file","path":"/a","caFile":"/nonexistent/ca.pem"}"#, "Exporter 'x': cannot read 'caFile' '/nonexistent/ca.pem'."),
    ])
    func invalid(_ json: String, _ expected: String) throws {
        #expect(try Self.message(json) == expected)
    }

    @Test("A filter that does not parse or names an unknown property is rejected at start")
    func badFilter() throws {
        let unknown = try #require(try Self.message(#"{"name":"f","type":"file","path":"/a","filter":"colour eq 'red'"}"#))
        #expect(unknown.hasPrefix("Exporter 'f': 'filter' is not a valid $filter: "))
        #expect(unknown.contains("colour"))
        let syntax = try #require(try Self.message(#"{"name":"f","type":"file","path":"/a","filter":"severity eq"}"#))
        #expect(syntax.hasPrefix("Exporter 'f': 'filter' is not a valid $filter: "))
    }

    @Test("Names must be unique")
    func uniqueNames() throws {
        let a = try Self.decode(#"{"name":"a","type":"file","path":"/x"}"#)
        #expect(throws: VigilError.self) { try ExporterConfiguration.validate([a, a]) }
        try ExporterConfiguration.validate([a])
    }

    @Test("The token: literal, ${ENV} or tokenFile; never in the destination or a description")
    func token() throws {
        let literal = try Self.decode(#"{"name":"s","type":"splunk","url":"https://h:8088","token":"abc-123"}"#)
        #expect(try literal.resolvedToken().revealed == "abc-123")
        #expect(!literal.destination.contains("abc-123"))
        #expect(!"\(literal)".contains("abc-123"))
        let env = try Self.decode(#"{"name":"s","type":"splunk","url":"https://h:8088","token":"${HEC_TOKEN}"}"#)
        #expect(try env.resolvedToken(environment: ["HEC_TOKEN": "from-env"]).revealed == "from-env")
        #expect(throws: VigilError.self) { try env.resolvedToken(environment: [:]) }
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("hec-\(UUID().uuidString)").path
        try "from-file\n".write(toFile: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: file) }  // test scratch; a leftover file is harmless
        let fromFile = try Self.decode(#"{"name":"s","type":"splunk","url":"https://h:8088","tokenFile":"\#(file)"}"#)
        try fromFile.validate()
        #expect(try fromFile.resolvedToken().revealed == "from-file")
    }
}

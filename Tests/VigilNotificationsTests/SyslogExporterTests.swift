import Foundation
import NIOCore
import Testing
import VigilCore
import VigilTesting
import VigilStorage
@testable import VigilNotifications

@Suite("Syslog exporter", .serialized)
struct SyslogExporterTests {
    static func syslog(_ name: String, transport: String, port: Int, format: String = "cef",
                       _ configure: (inout ExporterConfiguration) -> Void = { _ in }) -> ExporterConfiguration {
        ExportFixture.configuration(name, kind: "syslog") {
            $0.transport = transport
            $0.host = "127.0.0.1"
            $0.port = port
            $0.format = format
            configure(&$0)
        }
    }

    /// The CEF `externalId`s of RFC 5424 frames, after checking each frame's header.
    static func externalIds(_ frames: [String]) throws -> [String] {
        try frames.map { frame in
            #expect(frame.hasPrefix("<1"))
            #expect(frame.contains(">1 "))
            let message = try CEFMessage.parse(frame)
            #expect(message.syslogHost == "vigil-test")
            return message.extensions["externalId"] ?? ""
        }
    }

    @Test("TCP: octet-counted RFC 5424 frames carrying CEF; every alert arrives once, in feed order; state saved")
    func tcp() async throws {
        let fixture = try ExportFixture()
        defer { fixture.remove() }
        let receiver = try await SyslogReceiver(tcpOn: 0)
        let alerts = ExportFixture.alerts(23)
        try await fixture.ingest(alerts)
        let service = try fixture.service(Self.syslog("siem-tcp", transport: "tcp", port: receiver.port) { $0.batchSize = 5 })
        let ids = try await running(service) { () async throws -> [String] in
            #expect(try await eventually { try receiver.frames().count >= 23 })
            // Later changes wake the exporter through the change signal.
            try await fixture.ingest(ExportFixture.alerts(2, start: 23))
            #expect(try await eventually { try receiver.frames().count >= 25 })
            #expect(try await eventually { try await fixture.state("siem-tcp").cursor == fixture.feed.lastSequence(tenantId: nil) })
            return try Self.externalIds(receiver.frames())
        }
        #expect(ids == (0..<25).map { "alert-\($0)" })
        let state = try await fixture.state("siem-tcp")
        #expect(state.exported == 25)
        #expect(state.lastSuccessAt != nil)
        #expect(state.lastError == nil)
        #expect(receiver.connections.count == 1)
        try await receiver.close()
    }

    @Test("TCP: a receiver that is down is retried with back-off, the error is recorded, nothing is lost")
    func tcpReceiverDown() async throws {
        let fixture = try ExportFixture()
        defer { fixture.remove() }
        // A port that was free a moment ago and nobody listens on.
        let probe = try await SyslogReceiver(tcpOn: 0)
        let port = probe.port
        try await probe.close()
        try await fixture.ingest(ExportFixture.alerts(4))
        let service = try fixture.service(Self.syslog("siem-down", transport: "tcp", port: port))
        try await running(service) { () async throws in
            #expect(try await eventually { try await fixture.state("siem-down").lastError != nil })
            let failed = try await fixture.state("siem-down")
            #expect(failed.cursor == 0)
            #expect(failed.exported == 0)
            #expect(failed.lastError?.contains("syslog tcp://127.0.0.1:\(port)") == true)
            #expect(failed.lastErrorAt != nil)
            let receiver = try await SyslogReceiver(tcpOn: port)
            #expect(try await eventually { try receiver.frames().count >= 4 })
            #expect(try await eventually { try await fixture.state("siem-down").exported == 4 })
            #expect(try Self.externalIds(receiver.frames()) == (0..<4).map { "alert-\($0)" })
            try await receiver.close()
        }
    }

    @Test("UDP: one RFC 5424 message per datagram carrying the alert's JSON")
    func udp() async throws {
        let fixture = try ExportFixture()
        defer { fixture.remove() }
        let receiver = try await SyslogReceiver(udp: ())
        try await fixture.ingest(ExportFixture.alerts(3))
        let service = try fixture.service(Self.syslog("siem-udp", transport: "udp", port: receiver.port, format: "json") {
            $0.facility = "auth"
        })
        try await running(service) { () async throws in
            #expect(try await eventually { receiver.datagrams.count >= 3 })
            #expect(try await eventually { try await fixture.state("siem-udp").exported == 3 })
        }
        let messages = receiver.datagrams.all.map { String(decoding: $0, as: UTF8.self) }
        #expect(messages.count == 3)
        // high → critical (2), medium → warning (4), low → notice (5); facility auth (4).
        #expect(messages.map { String($0.prefix(4)) } == ["<34>", "<36>", "<37>"])
        for (n, message) in messages.enumerated() {
            let fields = message.split(separator: " ", maxSplits: 7, omittingEmptySubsequences: false)
            #expect(fields.count == 8)
            #expect(fields[0].hasSuffix(">1"))
            #expect(fields[2] == "vigil-test")
            #expect(fields[3] == "vigil")
            #expect(fields[5] == "created")
            #expect(fields[6] == "-")
            let json = try JSONParser.parse(Array(fields[7].utf8))
            #expect(json["id"]?.stringValue == "alert-\(n)")
            #expect(json["@vigil.tenantId"]?.stringValue == ExportFixture.tenant)
        }
        try await receiver.close()
    }

    @Test("TLS: verified against the CA file; refused without it; accepted with insecureSkipVerify")
    func tls() async throws {
        let fixture = try ExportFixture()
        defer { fixture.remove() }
        let receiver = try await SyslogReceiver(tcpOn: 0, tls: SyslogReceiver.tlsContext())
        try await fixture.ingest(ExportFixture.alerts(6))

        let verified = try fixture.service(Self.syslog("siem-tls", transport: "tls", port: receiver.port) {
            $0.caFile = fixturePath("receiver-cert.pem")
        })
        try await running(verified) { () async throws in
            #expect(try await eventually { try receiver.frames().count >= 6 })
            #expect(try await eventually { try await fixture.state("siem-tls").exported == 6 })
        }
        #expect(try Self.externalIds(receiver.frames()) == (0..<6).map { "alert-\($0)" })

        // The system trust store does not know the self-signed receiver: nothing is sent, the error is recorded.
        let untrusted = try fixture.service(Self.syslog("siem-tls-untrusted", transport: "tls", port: receiver.port))
        try await running(untrusted) { () async throws in
            #expect(try await eventually { try await fixture.state("siem-tls-untrusted").lastError != nil })
        }
        let refused = try await fixture.state("siem-tls-untrusted")
        #expect(refused.exported == 0)
        #expect(refused.cursor == 0)
        #expect(refused.lastError?.contains("tls://127.0.0.1") == true)
        #expect(try receiver.frames().count == 6)

        let insecure = try fixture.service(Self.syslog("siem-tls-insecure", transport: "tls", port: receiver.port) {
            $0.insecureSkipVerify = true
        })
        try await running(insecure) { () async throws in
            #expect(try await eventually { try receiver.frames().count >= 12 })
            #expect(try await eventually { try await fixture.state("siem-tls-insecure").exported == 6 })
        }
        try await receiver.close()
    }
}

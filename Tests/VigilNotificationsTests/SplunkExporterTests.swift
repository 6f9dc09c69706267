import Foundation
import Testing
import VigilCore
import VigilTesting
import VigilStorage
@testable import VigilNotifications

@Suite("Splunk HEC exporter", .serialized)
struct SplunkExporterTests {
    static func splunk(_ name: String, port: Int, token: String, _ configure: (inout ExporterConfiguration) -> Void = { _ in })
        -> ExporterConfiguration
    {
        ExportFixture.configuration(name, kind: "splunk") {
            $0.url = "http://127.0.0.1:\(port)"
            $0.token = Secret(token)
            $0.index = "security"
            $0.timeoutSeconds = 5
            configure(&$0)
        }
    }

    @Test("Token header, batches of batchSize events, a 503 retried with the same batch, every alert accepted once")
    func batchesAndRetry() async throws {
        let fixture = try ExportFixture()
        defer { fixture.remove() }
        let collector = try await FakeCollector.start(token: "hec-token", script: [503])
        try await fixture.ingest(ExportFixture.alerts(5))
        let service = try fixture.service(Self.splunk("soc-splunk", port: collector.port, token: "hec-token") { $0.batchSize = 2 })
        try await running(service) { () async throws in
            #expect(try await eventually { try await fixture.state("soc-splunk").exported == 5 })
        }
        let requests = collector.requests.all
        #expect(requests.map(\.status) == [503, 200, 200, 200])
        #expect(requests.allSatisfy { $0.method == "POST" && $0.uri == "/services/collector/event" })
        #expect(requests.allSatisfy { $0.authorization == "Splunk hec-token" && $0.contentType == "application/json" })
        // The retry after the 503 carries exactly the batch that was refused.
        #expect(requests[0].body == requests[1].body)
        #expect(collector.acceptedEventIds() == (0..<5).map { "alert-\($0)" })
        let events = String(decoding: requests[1].body, as: UTF8.self).split(separator: "\n")
        #expect(events.count == 2)
        let first = try JSONParser.parse(Array(events[0].utf8))
        #expect(first["host"]?.stringValue == "vigil-test")
        #expect(first["source"]?.stringValue == "vigil")
        #expect(first["sourcetype"]?.stringValue == "vigil:alert")
        #expect(first["index"]?.stringValue == "security")
        // The first alert's own event time, in epoch seconds with milliseconds.
        let eventTime = try #require(ExportFixture.alerts(1)[0].eventDateTime)
        let millis = String(format: "%03d", Int(eventTime.nanoseconds / 1_000_000))
        #expect(events[0].hasPrefix("{\"time\":\(eventTime.secondsSinceEpoch).\(millis),"))
        #expect(first["event"]?["@vigil.tenantId"]?.stringValue == ExportFixture.tenant)
        let state = try await fixture.state("soc-splunk")
        #expect(state.cursor == (try await fixture.feed.lastSequence(tenantId: nil)))
        #expect(state.lastError?.contains("HTTP 503 (Server is busy)") == true)
        let succeeded = try #require(state.lastSuccessAt)
        let failed = try #require(state.lastErrorAt)
        #expect(succeeded >= failed)
        try await collector.close()
    }

    @Test("A rejected token is recorded, retried with back-off, and never skipped: the cursor stays")
    func rejectedToken() async throws {
        let fixture = try ExportFixture()
        defer { fixture.remove() }
        let collector = try await FakeCollector.start(token: "right-token")
        try await fixture.ingest(ExportFixture.alerts(3))
        let service = try fixture.service(Self.splunk("bad-token", port: collector.port, token: "wrong-token"))
        try await running(service) { () async throws in
            #expect(try await eventually { collector.requests.count >= 3 })
        }
        #expect(collector.requests.all.allSatisfy { $0.status == 403 })
        let state = try await fixture.state("bad-token")
        #expect(state.cursor == 0)
        #expect(state.exported == 0)
        #expect(state.lastSuccessAt == nil)
        #expect(state.lastError == "splunk http://127.0.0.1:\(collector.port)/services/collector/event: HTTP 403 (Invalid token); check the exporter's token")
        #expect(state.lastError?.contains("wrong-token") == false)
        try await collector.close()
    }
}

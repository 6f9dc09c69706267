import Foundation
import Testing
import VigilCore
import VigilStorage
@testable import VigilServer
@testable import VigilEngine

@Suite("Ingestion stores the request's own JSON where the model would write the same")
struct IngestStoredBodyTests {
    @Test("NDJSON lines stored as sent equal the model-written alerts, property for property")
    func equivalence() async throws {
        var generator = AlertGenerator(seed: 99)
        var alerts = generator.alerts(count: 300)
        // Alerts without the properties ingestion fills, and one with an offset date (model path).
        alerts[0].createdDateTime = nil
        alerts[0].eventDateTime = nil
        alerts[0].lastModifiedDateTime = nil
        alerts[1].azureTenantId = nil
        var lines: [String] = alerts.map { JSONWriter.string($0.json) }
        lines.append(#"{"id":"offset","title":"t","severity":"high","status":"newAlert","vendorInformation":{"provider":"P","vendor":"V"},"createdDateTime":"2024-01-01T02:00:00+02:00"}"#)
        // Enumeration members in another case, at the top and nested: the model spells them anew.
        lines.append(#"{"id":"casing","title":"t","severity":"HIGH","status":"newAlert","vendorInformation":{"provider":"P","vendor":"V"},"createdDateTime":"2024-01-01T02:00:00Z"}"#)
        lines.append(#"{"id":"nested","title":"t","severity":"high","status":"newAlert","vendorInformation":{"provider":"P","vendor":"V"},"networkConnections":[{"protocol":"TCP"}],"createdDateTime":"2024-01-01T02:00:00Z"}"#)
        let now = DateTimeOffset(secondsSinceEpoch: 1_700_000_000)
        let ndjson = try await AlertIngestion.read(Array(lines.joined(separator: "\n").utf8), tenantId: "t", now: now, maxItems: 5000)
        let collection = try await AlertIngestion.read(Array((#"{"value":["# + lines.joined(separator: ",") + "]}").utf8),
                                                     tenantId: "t", now: now, maxItems: 5000)
        #expect(ndjson.rejected.isEmpty, "\(ndjson.rejected)")
        #expect(ndjson.accepted.count == lines.count)
        #expect(collection.accepted.allSatisfy { $0.body == nil })
        let fast = ndjson.accepted.filter { $0.body != nil }.count
        #expect(fast >= 290, "only \(fast) of \(lines.count) lines took the fast path")
        #expect(ndjson.accepted.first { $0.alert.id == "offset" }?.body == nil)
        #expect(ndjson.accepted.first { $0.alert.id == "casing" }?.body == nil)
        #expect(ndjson.accepted.first { $0.alert.id == "nested" }?.body == nil)

        let path = FileManager.default.temporaryDirectory.appendingPathComponent("vigil-body-\(UUID().uuidString).sqlite").path
        let store = SQLiteAlertRepository(database: try VigilDatabase(path: path))
        _ = try await store.ingest(tenantId: "fast", alerts: ndjson.accepted.map(\.alert), bodies: ndjson.accepted.map(\.body), at: now)
        _ = try await store.ingest(tenantId: "model", alerts: collection.accepted.map(\.alert), at: now)
        let request = AlertListRequest(filter: nil, orderBy: [], top: 1000)
        let stored = try await store.list(tenantId: "fast", request: request).items
        let written = try await store.list(tenantId: "model", request: request).items
        #expect(stored.count == lines.count)
        #expect(stored.count == written.count)
        for (a, b) in zip(stored, written) {
            let left = try JSONParser.parse(a.body), right = try JSONParser.parse(b.body)
            #expect(left.jsonEquals(right), "\(String(decoding: a.body, as: UTF8.self))")
            #expect(try a.decode() == b.decode())
        }
    }
}

@Suite("Ingestion line limits")
struct IngestLineLimitTests {
    @Test("An NDJSON alert line over the limit is rejected on its own with its line number; the others are read")
    func alertLines() async throws {
        let ok = sampleAlert("ok-1"), long = sampleAlert("long", extra: #","description":"\#(String(repeating: "x", count: 3000))""#)
        let body = Array([ok, long, sampleAlert("ok-2")].joined(separator: "\n").utf8)
        let batch = try await AlertIngestion.read(body, tenantId: "t", now: .now(), maxItems: 10, maxLineBytes: 2048)
        #expect(batch.accepted.map(\.alert.id) == ["ok-1", "ok-2"])
        #expect(batch.rejected.count == 1)
        #expect(batch.rejected.first?.index == 1)
        #expect(batch.rejected.first?.reason.contains("Line 2: the line is") == true)
        #expect(batch.rejected.first?.reason.contains("over the limit of 2048 bytes per line") == true)
        // Within the default limit, the same line is read.
        #expect(try await AlertIngestion.read(body, tenantId: "t", now: .now(), maxItems: 10).accepted.count == 3)
    }

    @Test("A product-format line over the limit is reported as malformed with its number; the others are read")
    func productLines() async throws {
        let line = #"{"timestamp":"2024-03-01T10:00:00.000000+0000","event_type":"dns","src_ip":"10.0.0.5","dest_ip":"10.0.0.53","dns":{"type":"query","rrname":"a.example"}}"#
        let long = #"{"timestamp":"2024-03-01T10:00:00.000000+0000","event_type":"dns","src_ip":"10.0.0.5","pad":"\#(String(repeating: "y", count: 5000))"}"#
        for format in LogFormat.allCases {
            let records = await EventPipeline.read(format: format, body: Array([line, long, line].joined(separator: "\r\n").utf8),
                                                   path: "dns", maxLineBytes: 1024)
            #expect(records.count == 3, "\(format)")
            guard case .failure(let error) = records[1] else { Issue.record("\(format): the long line was read"); continue }
            #expect(error.line == 2)
            #expect(error.message.contains("over the limit of 1024 bytes per line"), "\(format): \(error.message)")
        }
    }
}

import Foundation
import Testing
import VigilCore
import VigilTesting
import VigilStorage
@testable import VigilNotifications

@Suite("File exporter, cursors and filters", .serialized)
struct FileExporterTests {
    static func lines(_ path: String) throws -> [JSONValue] {
        guard FileManager.default.fileExists(atPath: path) else { return [] }
        let text = try String(contentsOfFile: path, encoding: .utf8)
        return try text.split(separator: "\n").map { try JSONParser.parse(Array($0.utf8)) }
    }

    static func ids(_ path: String) throws -> [String] {
        try lines(path).map { $0["id"]?.stringValue ?? "" }
    }

    static func file(_ name: String, path: String, _ configure: (inout ExporterConfiguration) -> Void = { _ in }) -> ExporterConfiguration {
        ExportFixture.configuration(name, kind: "file") {
            $0.path = path
            configure(&$0)
        }
    }

    @Test("Rotation by size: path, path.1 … path.N hold a gap-free, ordered suffix; older files are dropped")
    func rotation() async throws {
        let fixture = try ExportFixture()
        defer { fixture.remove() }
        let path = fixture.directory + "/out/alerts.jsonl"
        let items = ExportFixture.alerts(60).enumerated().map { exported($1, sequence: Int64($0 + 1)) }
        let largest = items.map { item -> Int in
            var line: [UInt8] = []
            AlertJSONFormatter.write(item, to: &line)
            return line.count + 1
        }.max() ?? 0
        let maxBytes = largest * 3  // three to nine lines per file: three files cannot hold all 60
        let destination = FileDestination(path: path, maxBytes: maxBytes, maxFiles: 2)
        for chunk in stride(from: 0, to: items.count, by: 4) {
            try await destination.send(Array(items[chunk..<min(chunk + 4, items.count)]))
        }
        await destination.close()
        let files = [path + ".2", path + ".1", path]
        for file in files {
            #expect(FileManager.default.fileExists(atPath: file))
            let size = try #require(try FileManager.default.attributesOfItem(atPath: file)[.size] as? Int)
            #expect(size <= maxBytes)
            #expect(try Self.lines(file).count >= 1)
        }
        #expect(!FileManager.default.fileExists(atPath: path + ".3"))
        let kept = try files.flatMap { try Self.ids($0) }
        #expect(kept.count < 60)
        #expect(kept == (60 - kept.count..<60).map { "alert-\($0)" })
        // Every line is a whole alert with its sequence annotation.
        let sequences = try files.flatMap { try Self.lines($0) }.compactMap { value -> Int64? in
            if case .int(let n)? = value["@vigil.sequence"] { n } else { nil }
        }
        #expect(sequences == (Int64(61 - kept.count)...60).map { $0 })
    }

    @Test("Resume after restart: nothing lost, nothing before the cursor sent again")
    func resume() async throws {
        let fixture = try ExportFixture()
        defer { fixture.remove() }
        let path = fixture.directory + "/alerts.jsonl"
        try await fixture.ingest(ExportFixture.alerts(3))
        let first = try fixture.service(Self.file("archive", path: path))
        try await running(first) { () async throws in
            #expect(try await eventually { try await fixture.state("archive").cursor == 3 })
        }
        #expect(try Self.ids(path) == ["alert-0", "alert-1", "alert-2"])

        // While stopped: two new alerts and an update of one already sent.
        try await fixture.ingest(ExportFixture.alerts(2, start: 3))
        var changed = ExportFixture.alerts(1)[0]
        changed.title = "Changed while the exporter was down"
        try await fixture.ingest([changed])
        let last = try await fixture.feed.lastSequence(tenantId: nil)
        #expect(last == 6)

        let second = try fixture.service(Self.file("archive", path: path))
        try await running(second) { () async throws in
            #expect(try await eventually { try await fixture.state("archive").cursor == last })
        }
        let lines = try Self.lines(path)
        #expect(lines.map { $0["id"]?.stringValue } == ["alert-0", "alert-1", "alert-2", "alert-3", "alert-4", "alert-0"])
        #expect(lines.map { $0["@vigil.sequence"] } == (1...6).map { .int($0) })
        #expect(lines.map { $0["@vigil.changeType"]?.stringValue } == ["created", "created", "created", "created", "created", "updated"])
        #expect(lines[5]["title"]?.stringValue == "Changed while the exporter was down")
        let state = try await fixture.state("archive")
        #expect(state.exported == 6)
        #expect(state.lastError == nil)
    }

    @Test("A filtered exporter sends only matching alerts, and its cursor still passes the others")
    func filtered() async throws {
        let fixture = try ExportFixture()
        defer { fixture.remove() }
        let path = fixture.directory + "/high.jsonl"
        try await fixture.ingest(ExportFixture.alerts(12))  // severities cycle high, medium, low, informational
        let service = try fixture.service(Self.file("high-only", path: path) {
            $0.filter = "severity eq 'high'"
            $0.batchSize = 5
        })
        try await running(service) { () async throws in
            #expect(try await eventually { try await fixture.state("high-only").cursor == 12 })
        }
        #expect(try Self.ids(path) == ["alert-0", "alert-4", "alert-8"])
        let state = try await fixture.state("high-only")
        #expect(state.exported == 3)
        let status = ExporterStatus(configuration: Self.file("high-only", path: path) { $0.filter = "severity eq 'high'" },
                                    state: state, lastSequence: 15)
        #expect(status.lag == 3)
        #expect(status.json["filter"]?.stringValue == "severity eq 'high'")
        #expect(status.json["exported"] == .int(3))
    }

    @Test("A tenant-scoped exporter sends only that tenant's alerts; one without a tenant sends all")
    func tenantScope() async throws {
        let fixture = try ExportFixture()
        defer { fixture.remove() }
        try await fixture.ingest(ExportFixture.alerts(2))
        try await fixture.ingest(ExportFixture.alerts(2, start: 100), tenant: ExportFixture.otherTenant)
        let scopedPath = fixture.directory + "/scoped.jsonl"
        let allPath = fixture.directory + "/all.jsonl"
        let scoped = try fixture.service(Self.file("scoped", path: scopedPath) { $0.tenant = ExportFixture.otherTenant })
        let all = try fixture.service(Self.file("all", path: allPath))
        try await running(scoped) { () async throws in
            try await running(all) { () async throws in
                #expect(try await eventually { try await fixture.state("all").cursor == 4 })
                #expect(try await eventually { try await fixture.state("scoped").cursor == 4 })
            }
        }
        #expect(try Self.ids(scopedPath) == ["alert-100", "alert-101"])
        #expect(try Self.lines(scopedPath).allSatisfy { $0["@vigil.tenantId"]?.stringValue == ExportFixture.otherTenant })
        #expect(try Self.ids(allPath) == ["alert-0", "alert-1", "alert-100", "alert-101"])
        let statuses = try await ExporterStatus.load([Self.file("scoped", path: scopedPath) { $0.tenant = ExportFixture.otherTenant },
                                                      Self.file("all", path: allPath), Self.file("never-ran", path: allPath)],
                                                     feed: fixture.feed, states: fixture.states)
        #expect(statuses.map(\.lag) == [0, 0, 4])
        #expect(statuses.map(\.state.exported) == [2, 4, 0])
        #expect(statuses[2].json["lastSuccessAt"] == .null)
    }

    @Test("A destination that fails keeps the batch: retried until accepted, in order, error recorded")
    func failingDestination() async throws {
        let fixture = try ExportFixture()
        defer { fixture.remove() }
        try await fixture.ingest(ExportFixture.alerts(4))
        let destination = FlakyDestination(failures: 3)
        let service = try fixture.service(Self.file("flaky", path: "/unused") { $0.batchSize = 3 }, destination: destination)
        try await running(service) { () async throws in
            #expect(try await eventually { try await fixture.state("flaky").exported == 4 })
        }
        #expect(destination.attempts.all == [3, 3, 3, 3, 1])
        #expect(destination.accepted.all == (0..<4).map { "alert-\($0)" })
        let state = try await fixture.state("flaky")
        #expect(state.lastError == "refused 3")
        #expect(state.cursor == 4)
    }
}

/// Refuses the first `failures` batches, then accepts.
final class FlakyDestination: ExportDestination {
    let failures: Int
    let attempts = Collected<Int>()
    let accepted = Collected<String>()

    init(failures: Int) { self.failures = failures }

    func send(_ items: [ExportedAlert]) async throws(ExportFailure) {
        attempts.append(items.count)
        let attempt = attempts.count
        if attempt <= failures { throw ExportFailure("refused \(attempt)") }
        accepted.append(contentsOf: items.map { $0.alert.id ?? "" })
    }

    func close() async {}
}

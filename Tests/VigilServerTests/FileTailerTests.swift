import Foundation
import Testing
import VigilCore
import VigilStorage
@testable import VigilServer
@testable import VigilEngine

@Suite("File tailing")
struct FileTailerTests {
    static func alertLine(_ n: Int) -> String {
        #"{"timestamp":"2024-03-01T10:00:\#(String(format: "%02d", n)).000000+0000","flow_id":\#(1000 + n),"event_type":"alert","src_ip":"10.0.0.5","src_port":1,"dest_ip":"203.0.113.1","dest_port":80,"proto":"TCP","alert":{"gid":1,"signature_id":\#(n),"rev":1,"signature":"Signature \#(n)","category":"Test","severity":2}}"# + "\n"
    }

    static func append(_ text: String, to path: String) throws {
        let handle = try #require(FileHandle(forWritingAtPath: path))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(text.utf8))
        try handle.close()
    }

    @Test("Follows appends, partial lines, rotation, truncation and restarts without losing or repeating a line")
    func rotationAndRestart() async throws {
        let server = try await TestServer.make()
        let database = try #require(server.services.database)
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("vigil-tail-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let path = dir.appendingPathComponent("eve.json").path
        let source = FileSourceConfiguration(name: "sensor-1", format: "suricata", path: path, tenant: server.tenantA)
        func tailer() -> FileTailer {
            FileTailer(source: source, cursors: SQLiteTailCursorRepository(database: database), pipeline: server.services.pipeline)
        }
        func storedAlerts() async throws -> Int { try await server.services.alerts.count(tenantId: server.tenantA) }

        #expect(try await tailer().poll() == 0)  // no file yet
        try (Self.alertLine(1) + Self.alertLine(2) + Self.alertLine(3)).write(toFile: path, atomically: false, encoding: .utf8)
        #expect(try await tailer().poll() == 3)

        // A line still being written waits for its newline.
        let four = Self.alertLine(4)
        try Self.append(Self.alertLine(5) + String(four.dropLast(20)), to: path)
        #expect(try await tailer().poll() == 1)
        try Self.append(String(four.suffix(20)), to: path)

        // Rotation: the rest of the old file, then the new one from its start.
        try Self.append(Self.alertLine(6), to: path)
        try FileManager.default.moveItem(atPath: path, toPath: path + ".1")
        try (Self.alertLine(7) + Self.alertLine(8)).write(toFile: path, atomically: false, encoding: .utf8)
        #expect(try await tailer().poll() == 4)

        // A restart (a new tailer on the same database) repeats nothing and continues.
        #expect(try await tailer().poll() == 0)
        try Self.append(Self.alertLine(9), to: path)
        #expect(try await tailer().poll() == 1)

        // Truncation: read again from the start.
        try Self.alertLine(10).write(toFile: path, atomically: false, encoding: .utf8)
        #expect(try await tailer().poll() == 1)

        #expect(try await storedAlerts() == 10)
        let status = server.services.pipeline.status(tenantId: server.tenantA)["sensor-1"]
        #expect(status?.records == 10)
        #expect(status?.alerts == 10)
        #expect(status?.malformed == 0)
    }
}

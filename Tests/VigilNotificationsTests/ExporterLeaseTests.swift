import Foundation
import Synchronization
import Testing
import VigilCore
import VigilTesting
import VigilStorage
@testable import VigilNotifications

/// Exporters on replicas sharing a database: only the holder of `exporter:<name>` sends, another continues
/// from the saved cursor when it stops, and a holder that lost its lease sends nothing more.
@Suite("Exporter leases")
struct ExporterLeaseTests {
    /// Records the alert ids it was sent.
    final class Recording: ExportDestination {
        let sent = Collected<String>()
        func send(_ items: [ExportedAlert]) async throws(ExportFailure) {
            sent.append(contentsOf: items.map { $0.alert.id ?? "" })
        }
        func close() async {}
    }

    /// A clock the test moves.
    final class TestClock: Sendable {
        private let now = Mutex(DateTimeOffset(secondsSinceEpoch: 1_800_000_000))
        var value: DateTimeOffset { now.withLock { $0 } }
        func advance(seconds: Int64) { now.withLock { $0 = DateTimeOffset(secondsSinceEpoch: $0.secondsSinceEpoch + seconds) } }
    }

    static func service(_ fixture: ExportFixture, holder: String, leases: any WorkLeaseRepository,
                        destination: Recording) throws -> ExporterService {
        let configuration = ExportFixture.configuration("archive", kind: "file") { $0.path = fixture.directory + "/unused.jsonl" }
        return try ExporterService(configuration: configuration, feed: fixture.feed, states: fixture.states,
                                   signal: fixture.signal, destination: destination, logger: quietLogger, leases: leases,
                                   holder: holder, leaseTTL: .seconds(30))
    }

    @Test("Only the lease holder sends; when it stops, the other replica continues after the saved cursor")
    func oneHolderAtATime() async throws {
        let fixture = try ExportFixture()
        defer { fixture.remove() }
        let leases = InMemoryWorkLeaseRepository()
        let first = Recording(), second = Recording()
        let a = try Self.service(fixture, holder: "a", leases: leases, destination: first)
        let b = try Self.service(fixture, holder: "b", leases: leases, destination: second)
        try await fixture.ingest(ExportFixture.alerts(30))
        let taskA = Task { try await a.run() }
        #expect(try await eventually { try await leases.lease(a.leaseName)?.holder == "a" })
        let taskB = Task { try await b.run() }
        #expect(try await eventually { try await fixture.state("archive").exported == 30 })
        try await fixture.ingest(ExportFixture.alerts(10, start: 30))
        #expect(try await eventually { try await fixture.state("archive").exported == 40 })
        #expect(first.sent.all == (0..<40).map { "alert-\($0)" })
        #expect(second.sent.count == 0)

        // A graceful stop releases the lease: the standby takes over and goes on after the saved cursor.
        taskA.cancel()
        try await taskA.value
        // Released ("") — or already taken by the standby, which polls while A stops.
        #expect(try await ["", "b"].contains(leases.lease(a.leaseName)?.holder ?? "none"))
        try await fixture.ingest(ExportFixture.alerts(5, start: 40))
        #expect(try await eventually { try await fixture.state("archive").exported == 45 })
        #expect(second.sent.all == (40..<45).map { "alert-\($0)" })
        #expect(first.sent.count == 40)
        #expect(try await leases.lease(b.leaseName)?.holder == "b")
        taskB.cancel()
        try await taskB.value
    }

    @Test("A holder whose lease lapsed and was taken sends nothing more, and resumes once it holds the lease again")
    func lostLeaseStopsSending() async throws {
        let fixture = try ExportFixture()
        defer { fixture.remove() }
        let clock = TestClock()
        let leases = InMemoryWorkLeaseRepository(now: { clock.value })
        let destination = Recording()
        let a = try Self.service(fixture, holder: "a", leases: leases, destination: destination)
        try await fixture.ingest(ExportFixture.alerts(3))
        let task = Task { try await a.run() }
        #expect(try await eventually { try await fixture.state("archive").exported == 3 })

        // The holder stalls past its lease (the clock jumps) and another replica takes the exporter.
        var stolen = false
        for _ in 0..<10 where !stolen {
            clock.advance(seconds: 60)
            stolen = try await leases.claim(a.leaseName, holder: "thief", ttl: .seconds(3600)) != nil
        }
        #expect(stolen)
        try await fixture.ingest(ExportFixture.alerts(4, start: 3))
        // The old holder checks its lease before each send: it must not send these (give it several polls).
        try await Task.sleep(for: .seconds(2))
        #expect(destination.sent.count == 3)
        #expect(try await fixture.state("archive").exported == 3)

        // The thief gives the exporter back; the first replica takes it again and exports the rest once.
        #expect(try await leases.release(a.leaseName, holder: "thief"))
        #expect(try await eventually { try await fixture.state("archive").exported == 7 })
        #expect(destination.sent.all == (0..<7).map { "alert-\($0)" })
        task.cancel()
        try await task.value
    }
}

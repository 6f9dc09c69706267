import Foundation
import Logging
import Synchronization
import Testing
import VigilCore
import VigilTesting
import VigilStorage
@testable import VigilNotifications

/// A real SQLite database in a temporary folder, the alert store writing to its change feed, and helpers
/// to run exporters against it.
struct ExportFixture {
    let directory: String
    let database: VigilDatabase
    let signal = ChangeSignal()
    let alerts: SQLiteAlertRepository
    let feed: SQLiteAlertChangeFeed
    let states: SQLiteExporterStateRepository
    static let tenant = "11111111-1111-1111-1111-111111111111"
    static let otherTenant = "22222222-2222-2222-2222-222222222222"

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("vigil-export-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        database = try VigilDatabase(path: directory + "/vigil.sqlite")
        alerts = SQLiteAlertRepository(database: database, signal: signal)
        feed = SQLiteAlertChangeFeed(database: database)
        states = SQLiteExporterStateRepository(database: database)
    }

    /// Generated alerts with ids `alert-<start>` …, their severities cycling high, medium, low, informational.
    static func alerts(_ count: Int, start: Int = 0) -> [Alert] {
        var generator = AlertGenerator(seed: UInt64(start + 1))
        let severities: [AlertSeverity] = [.high, .medium, .low, .informational]
        return (0..<count).map { n in
            var alert = generator.alert(index: start + n, tenantId: tenant)
            alert.id = "alert-\(start + n)"
            alert.severity = severities[(start + n) % severities.count]
            return alert
        }
    }

    /// Stores alerts for a tenant (one transaction, one change each).
    func ingest(_ alerts: [Alert], tenant: String = ExportFixture.tenant) async throws {
        _ = try await self.alerts.ingest(tenantId: tenant, alerts: alerts, at: .now())
    }

    /// An exporter service on this database.
    func service(_ configuration: ExporterConfiguration, destination: (any ExportDestination)? = nil) throws -> ExporterService {
        try configuration.validate()
        return try ExporterService(configuration: configuration, feed: feed, states: states, signal: signal,
                                   destination: destination ?? ExporterFactory.destination(for: configuration),
                                   logger: quietLogger)
    }

    /// A configuration with fast polls and retries.
    static func configuration(_ name: String, kind: String, _ configure: (inout ExporterConfiguration) -> Void) -> ExporterConfiguration {
        var configuration = ExporterConfiguration(name: name, kind: kind)
        configuration.pollSeconds = 0.2
        configuration.retryInitialSeconds = 0.05
        configuration.retryMaxSeconds = 0.2
        configuration.hostname = "vigil-test"
        configure(&configuration)
        return configuration
    }

    func state(_ name: String) async throws -> ExporterState {
        try await states.state(name: name) ?? ExporterState()
    }

    func remove() {
        do {
            try FileManager.default.removeItem(atPath: directory)
        } catch {
            Issue.record("could not remove the test folder \(directory): \(error)")
        }
    }
}

/// Runs a service until `body` returns, then cancels it and waits for it to stop.
func running<T>(_ service: ExporterService, _ body: () async throws -> T) async throws -> T {
    let task = Task { try await service.run() }
    do {
        let result = try await body()
        task.cancel()
        try await task.value
        return result
    } catch {
        task.cancel()
        _ = await task.result
        throw error
    }
}

let quietLogger: Logger = {
    var logger = Logger(label: "vigil-notifications-tests")
    logger.logLevel = .critical
    return logger
}()

/// Test fixtures next to this file.
func fixturePath(_ name: String) -> String {
    URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures").appendingPathComponent(name).path
}

/// An exported alert for formatter tests.
func exported(_ alert: Alert, sequence: Int64 = 7, tenant: String = ExportFixture.tenant,
              changedAt: DateTimeOffset = DateTimeOffset(secondsSinceEpoch: 1_700_000_000, nanoseconds: 123_456_700)) -> ExportedAlert
{
    ExportedAlert(change: AlertChange(sequence: sequence, tenantId: tenant, alertId: alert.id ?? "", provider: "p",
                                      changeType: .created, changedAt: changedAt),
                  alert: alert)
}

/// Collects values from event-loop handlers; guarded by its mutex.
final class Collected<Value: Sendable>: Sendable {
    private let values = Mutex<[Value]>([])
    func append(_ value: Value) { values.withLock { $0.append(value) } }
    func append(contentsOf more: [Value]) { values.withLock { $0.append(contentsOf: more) } }
    var all: [Value] { values.withLock { $0 } }
    var count: Int { values.withLock { $0.count } }
}

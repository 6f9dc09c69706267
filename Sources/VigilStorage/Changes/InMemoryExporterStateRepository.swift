import VigilCore

/// Exporter cursors and health in memory, for tests: the same contract as the SQL stores.
public actor InMemoryExporterStateRepository: ExporterStateRepository {
    private var states: [String: ExporterState] = [:]

    public init() {}

    public func state(name: String) async throws -> ExporterState? {
        states[name]
    }

    public func save(name: String, _ state: ExporterState) async throws {
        states[name] = state
    }

    public func all() async throws -> [String: ExporterState] {
        states
    }
}

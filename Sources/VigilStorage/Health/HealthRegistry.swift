import Logging
import Synchronization
import VigilCore

/// The health of this process's background components: each records its successes and failures here
/// (besides logging them). `/health` reports them, and, with a repository, every change of state is saved so
/// `vigil status` and other replicas see it. A component is `failing` from a failure until its next success.
public final class HealthRegistry: Sendable {
    /// One component's state.
    public struct Component: Sendable, Equatable {
        public var name: String
        public var failing: Bool
        public var lastError: String?
        public var lastErrorAt: DateTimeOffset?
        public var lastSuccessAt: DateTimeOffset?
        /// Failures since the last success.
        public var consecutiveFailures: Int

        /// The state as JSON (`state` is `ok` or `failing`).
        public var json: JSONValue {
            ["state": .string(failing ? "failing" : "ok"), "lastError": lastError.map(JSONValue.string) ?? .null,
             "lastErrorAt": lastErrorAt.map { .string($0.iso8601) } ?? .null,
             "lastSuccessAt": lastSuccessAt.map { .string($0.iso8601) } ?? .null,
             "consecutiveFailures": .int(Int64(consecutiveFailures))]
        }
    }

    private let components = Mutex<[String: Component]>([:])
    private let repository: (any ComponentHealthRepository)?
    private let replica: String
    private let logger: Logger

    /// - Parameters:
    ///   - repository: where changes of state are saved (none: this process only).
    ///   - replica: the name this process saves its states under.
    public init(repository: (any ComponentHealthRepository)? = nil, replica: String = WorkLeaseHolder.id,
                logger: Logger = Logger(label: "vigil.health")) {
        self.repository = repository
        self.replica = replica
        self.logger = logger
    }

    /// Records a success of `name` (saved when it was failing, or is new).
    public func succeeded(_ name: String, at now: DateTimeOffset = .now()) async {
        let changed = components.withLock { all -> Component? in
            var component = all[name] ?? Component(name: name, failing: true, consecutiveFailures: 0)
            let wasFailing = component.failing
            component.failing = false
            component.consecutiveFailures = 0
            component.lastSuccessAt = now
            all[name] = component
            return wasFailing ? component : nil
        }
        if let changed { await save(changed, at: now) }
    }

    /// Records a failure of `name`: `what` failed, and the error as it may be shown (a `VigilError`'s message;
    /// for other errors only their type, since driver errors can carry SQL — the log has the whole error).
    public func failed(_ name: String, _ what: String, error: any Error, at now: DateTimeOffset = .now()) async {
        await failed(name, "\(what): \(Self.describe(error))", at: now)
    }

    /// An error as `/health` may show it.
    public static func describe(_ error: any Error) -> String {
        if let error = error as? VigilError { return error.message }
        return "\(type(of: error)) (see the log)"
    }

    /// Records a failure of `name` with what went wrong (no secrets: the caller gives a message fit to show).
    public func failed(_ name: String, _ error: String, at now: DateTimeOffset = .now()) async {
        let component = components.withLock { all -> Component in
            var component = all[name] ?? Component(name: name, failing: true, consecutiveFailures: 0)
            component.failing = true
            component.consecutiveFailures += 1
            component.lastError = error
            component.lastErrorAt = now
            all[name] = component
            return component
        }
        await save(component, at: now)
    }

    /// Every component recorded so far, by name.
    public var all: [Component] {
        components.withLock { $0.values.sorted { $0.name < $1.name } }
    }

    /// Whether any component is failing.
    public var anyFailing: Bool { components.withLock { $0.values.contains { $0.failing } } }

    private func save(_ component: Component, at now: DateTimeOffset) async {
        guard let repository else { return }
        do {
            try await repository.save(replica: replica, component: component.name, state: component.json, at: now)
        } catch {
            // The state stays in memory (and in /health); only other processes miss it.
            logger.warning("cannot save the health of \(component.name): \(error)")
        }
    }
}

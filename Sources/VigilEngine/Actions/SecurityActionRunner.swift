import Logging
import ServiceLifecycle
import VigilCore
import VigilStorage

/// Carries security actions through their lifecycle: starts new ones with their handler, follows running
/// ones, handles cancellations, and gives up on actions unfinished after `giveUpAfterHours`. Wakes when an
/// action is created or cancelled.
public final class SecurityActionRunner: Service {
    let repository: any SecurityActionRepository
    let routing: ActionRouting
    let signal: ChangeSignal
    let settings: ActionSettings
    let logger: Logger
    let clock: @Sendable () -> DateTimeOffset
    /// Where a failed round shows (`actions.runner`).
    let health: HealthRegistry?
    /// The app id stamped on states the runner writes.
    public static let runnerAppId = "vigil"

    public init(repository: any SecurityActionRepository, routing: ActionRouting, signal: ChangeSignal, settings: ActionSettings,
                logger: Logger = Logger(label: "vigil.actions"), clock: @escaping @Sendable () -> DateTimeOffset = { .now() },
                health: HealthRegistry? = nil)
    {
        self.health = health
        self.repository = repository
        self.routing = routing
        self.signal = signal
        self.settings = settings
        self.logger = logger
        self.clock = clock
    }

    public func run() async throws {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                var handled = 0
                do {
                    handled = try await self.runOnce()
                    await self.health?.succeeded("actions.runner")
                } catch {
                    self.logger.error("security action round failed; retrying in a second: \(error)")
                    await self.health?.failed("actions.runner", "a round failed", error: error)
                }
                if handled == 0 {
                    var wait = 1.0
                    do {
                        if let due = try await self.repository.nextDue() {
                            wait = min(wait, max(0.005, due - self.clock().epochSeconds))
                        }
                    } catch {
                        self.logger.error("cannot read the security action schedule: \(error)")
                    }
                    await self.signal.wait(timeout: .milliseconds(Int64(wait * 1000)))
                }
            }
        }
    }

    /// One round over the due actions; returns how many were handled.
    @discardableResult
    public func runOnce() async throws -> Int {
        let due = try await repository.claimDue(now: clock().epochSeconds, lease: 120, limit: 32)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for record in due { group.addTask { try await self.process(record) } }
            try await group.waitForAll()
        }
        return due.count
    }

    func process(_ original: SecurityActionRecord) async throws {
        var record = original
        let now = clock()
        let cancelHandled = record.cancelRequested
        do {
            guard let phase = record.action.phase, !phase.isFinished else {
                record.nextRunAt = nil
                try await repository.save(record, cancelHandled: true, now: now.epochSeconds)
                return
            }
            if record.cancelRequested {
                try await cancel(&record, phase: phase, now: now)
            } else if let created = record.action.createdDateTime,
                      now.epochSeconds - created.epochSeconds > settings.giveUpAfterHours * 3600 {
                try fail(&record, code: 504, "Not finished \(settings.giveUpAfterHours) hours after it was requested; Vigil gave up.", now: now)
            } else if let handler = routing.handler(record.handler) {
                let outcome = phase == .notStarted ? await handler.start(record) : await handler.poll(record)
                try apply(outcome, to: &record, now: now)
            } else {
                try fail(&record, code: 404, "Its target '\(record.handler)' is no longer configured.", now: now,
                         throughRunning: false)
            }
        } catch {
            logger.error("security action \(record.id) could not move on: \(error)")
            record = original
            record.nextRunAt = now.epochSeconds + settings.pollIntervalSeconds
        }
        try await repository.save(record, cancelHandled: cancelHandled, now: clock().epochSeconds)
    }

    func apply(_ outcome: ActionOutcome, to record: inout SecurityActionRecord, now: DateTimeOffset) throws(VigilError) {
        record.attempts += 1
        record.action.passthrough.properties["@vigil.lastError"] = nil
        switch outcome {
        case .completed:
            if record.action.phase == .notStarted { try transition(&record, .running, now: now) }
            try transition(&record, .completed, now: now)
            record.nextRunAt = nil
        case .failed(let code, let message):
            try fail(&record, code: code, message, now: now)
        case .running(let remoteId, let after):
            if record.action.phase == .notStarted { try transition(&record, .running, now: now) }
            if let remoteId { record.remoteId = remoteId }
            record.nextRunAt = now.epochSeconds + after
        case .retry(let after, let message):
            record.action.passthrough.properties["@vigil.lastError"] = .string(message)
            record.nextRunAt = now.epochSeconds + after
        }
    }

    func cancel(_ record: inout SecurityActionRecord, phase: SecurityAction.Phase, now: DateTimeOffset) async throws {
        if phase == .notStarted {
            try fail(&record, code: 499, "Cancelled before it started.", now: now, throughRunning: false)
            return
        }
        guard let handler = routing.handler(record.handler), let outcome = await handler.cancel(record) else {
            record.action.passthrough.properties["@vigil.lastError"] = .string("Cancellation is not supported by its target; the action goes on.")
            record.nextRunAt = now.epochSeconds + settings.pollIntervalSeconds
            return
        }
        try apply(outcome, to: &record, now: now)
    }

    /// Fails the action; one that had not started passes through `running` when a handler tried it
    /// (`throughRunning`), or fails directly when it never reached one.
    func fail(_ record: inout SecurityActionRecord, code: Int32, _ message: String, now: DateTimeOffset,
              throughRunning: Bool = true) throws(VigilError) {
        if throughRunning, record.action.phase == .notStarted { try transition(&record, .running, now: now) }
        try record.action.transition(to: .failed, appId: Self.runnerAppId, user: nil, at: now,
                                     error: ResultInfo(code: code, message: message))
        record.nextRunAt = nil
    }

    func transition(_ record: inout SecurityActionRecord, _ phase: SecurityAction.Phase, now: DateTimeOffset) throws(VigilError) {
        try record.action.transition(to: phase, appId: Self.runnerAppId, user: nil, at: now)
    }
}

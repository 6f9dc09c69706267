import Foundation
import Synchronization

/// Wakes consumers of the change feed and the outbox as soon as a write commits, so they need not poll
/// fast to deliver quickly. A missed signal costs only latency: consumers also wake on a timeout.
public final class ChangeSignal: Sendable {
    private enum Waiter {
        /// `wait` started; the continuation is not stored yet.
        case expecting
        /// Notified before the continuation was stored.
        case notified
        case waiting(CheckedContinuation<Void, Never>)
    }

    private let waiters = Mutex<[UUID: Waiter]>([:])

    public init() {}

    /// Wakes every current waiter.
    public func notify() {
        let ready = waiters.withLock { waiters -> [CheckedContinuation<Void, Never>] in
            var ready: [CheckedContinuation<Void, Never>] = []
            for (id, waiter) in waiters {
                switch waiter {
                case .expecting: waiters[id] = .notified
                case .notified: break
                case .waiting(let continuation):
                    ready.append(continuation)
                    waiters[id] = .notified
                }
            }
            return ready
        }
        for continuation in ready { continuation.resume() }
    }

    /// Returns at the next `notify()`, after `timeout`, or when the task is cancelled, whichever comes first.
    public func wait(timeout: Duration) async {
        let id = UUID()
        waiters.withLock { $0[id] = .expecting }
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await self.suspend(id) }
            group.addTask {
                // Cancellation only ends the wait early, which is what the caller asked for.
                try? await Task.sleep(for: timeout)
            }
            await group.next()
            group.cancelAll()
        }
        finish(id)
    }

    private func suspend(_ id: UUID) async {
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let resumeNow = waiters.withLock { waiters -> Bool in
                    guard case .expecting = waiters[id] else { return true }
                    waiters[id] = .waiting(continuation)
                    return false
                }
                if resumeNow { continuation.resume() }
            }
        } onCancel: {
            finish(id)
        }
    }

    /// Forgets the waiter, resuming it if it is still suspended.
    private func finish(_ id: UUID) {
        let waiter = waiters.withLock { $0.removeValue(forKey: id) }
        if case .waiting(let continuation) = waiter { continuation.resume() }
    }
}

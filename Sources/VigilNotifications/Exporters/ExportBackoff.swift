/// The waits between delivery attempts of one exporter: exponential from `initial`, capped at `maximum`,
/// reset by a success. A failure the destination will not recover from by itself (a rejected token, a
/// malformed request) waits the cap at once. Pure: it returns durations and never sleeps.
public struct ExportBackoff: Sendable, Equatable {
    /// The wait after the first failure.
    public let initial: Duration
    /// The longest wait.
    public let maximum: Duration
    /// Failures since the last success.
    public private(set) var failures = 0

    public init(initial: Duration, maximum: Duration) {
        self.initial = initial
        self.maximum = max(maximum, initial)
    }

    /// Records a failure and returns how long to wait before the next attempt.
    /// - Parameter retryable: `false` when only a change of configuration can help.
    public mutating func failed(retryable: Bool = true) -> Duration {
        failures += 1
        guard retryable else { return maximum }
        var wait = initial
        for _ in 1..<min(failures, 64) {
            wait = wait * 2
            if wait >= maximum { return maximum }
        }
        return min(wait, maximum)
    }

    /// Records a success: the next failure waits `initial` again.
    public mutating func succeeded() {
        failures = 0
    }
}

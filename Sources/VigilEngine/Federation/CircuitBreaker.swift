/// A per-provider circuit breaker: after `threshold` consecutive failures the provider is skipped for
/// `coolDown` seconds; then one probe call is let through, which closes the circuit on success or opens it
/// again on failure. Pure state machine; the caller supplies the (monotonic) time.
public struct CircuitBreaker: Sendable, Equatable {
    public enum State: Sendable, Equatable {
        /// Calls go through; `failures` consecutive failures so far.
        case closed(failures: Int)
        /// Calls are skipped until `until`.
        case open(until: Double)
        /// One probe call is in flight; others are skipped until it ends.
        case halfOpen
    }

    public private(set) var state: State = .closed(failures: 0)
    public let threshold: Int
    public let coolDown: Double

    public init(threshold: Int, coolDown: Double) {
        self.threshold = max(1, threshold)
        self.coolDown = coolDown
    }

    /// Whether a call may go out now. Leaving the cool-down turns the circuit half-open and admits this
    /// one call as the probe.
    public mutating func admit(now: Double) -> Bool {
        switch state {
        case .closed: return true
        case .halfOpen: return false
        case .open(let until):
            guard now >= until else { return false }
            state = .halfOpen
            return true
        }
    }

    /// Records the outcome of an admitted call.
    public mutating func record(success: Bool, now: Double) {
        if success {
            state = .closed(failures: 0)
            return
        }
        switch state {
        case .closed(let failures):
            state = failures + 1 >= threshold ? .open(until: now + coolDown) : .closed(failures: failures + 1)
        case .halfOpen, .open:
            state = .open(until: now + coolDown)
        }
    }
}

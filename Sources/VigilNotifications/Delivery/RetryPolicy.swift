/// When to try a failed notification again: exponential backoff with jitter, within a window counted from
/// the moment the notification was written; after the window it is dead-lettered. Pure: the caller gives
/// the time and the random number.
public struct RetryPolicy: Sendable, Equatable {
    /// Seconds before the first retry.
    public var initialDelay: Double
    /// Largest delay between two attempts.
    public var maxDelay: Double
    /// Seconds after creation during which attempts continue.
    public var window: Double
    /// Relative spread of each delay (0.2: ±20%).
    public var jitter: Double

    public init(initialDelay: Double = 10, maxDelay: Double = 900, window: Double = 4 * 3600, jitter: Double = 0.2) {
        self.initialDelay = initialDelay
        self.maxDelay = maxDelay
        self.window = window
        self.jitter = jitter
    }

    /// The delay after the `attempts`-th failure, before jitter.
    public func baseDelay(attempts: Int) -> Double {
        let exponent = Double(max(0, min(attempts - 1, 60)))
        return min(maxDelay, initialDelay * Double.pow2(exponent))
    }

    /// When to attempt again after a failure, or `nil` to dead-letter.
    ///
    /// - Parameters:
    ///   - attempts: attempts made so far, this failed one included (1 after the first failure).
    ///   - createdAt: when the notification was written.
    ///   - now: the time of the failure.
    ///   - random: a number in 0..<1 choosing the jitter.
    /// - Returns: the next attempt time, never after the end of the window; `nil` once the window is over.
    public func nextAttempt(attempts: Int, createdAt: Double, now: Double, random: Double) -> Double? {
        let end = createdAt + window
        guard now < end else { return nil }
        let spread = 1 - jitter + 2 * jitter * min(max(random, 0), 1)
        return min(now + baseDelay(attempts: attempts) * spread, end)
    }
}

extension Double {
    static func pow2(_ exponent: Double) -> Double {
        var value = 1.0
        for _ in 0..<Int(exponent) { value *= 2 }
        return value
    }
}

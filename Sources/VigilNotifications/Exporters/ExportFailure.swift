/// Why a destination did not accept a batch. The message is shown in `lastError`: it names what failed and
/// never carries a token.
public struct ExportFailure: Error, Sendable, Equatable, CustomStringConvertible {
    /// What happened, for `lastError`.
    public var message: String
    /// Whether trying again soon may succeed (a timeout, 5xx, 429, a refused connection); `false` when the
    /// destination rejected the request itself (4xx other than 429) and the configuration must change.
    public var retryable: Bool

    public init(_ message: String, retryable: Bool = true) {
        self.message = message
        self.retryable = retryable
    }

    public var description: String { message }
}

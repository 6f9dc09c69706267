import Synchronization

/// A value that tests share between tasks and `@Sendable` closures (a manual clock, a fake's answers).
public final class Shared<T: Sendable>: Sendable {
    private let value: Mutex<T>

    public init(_ value: T) { self.value = Mutex(value) }

    /// Reads or changes the value under its lock.
    public func withLock<R>(_ body: (inout T) -> R) -> R { value.withLock { body(&$0) } }
}

import Synchronization

/// How often a `re` value's evaluation was limited: ICU was given only the first
/// `SigmaRegex.icuLengthLimit` UTF-16 units of a longer value. Shared by every copy of one compiled
/// expression and by every task evaluating it; `Atomic` guards the count.
final class SigmaRegexCounter: Sendable {
    private let capped = Atomic<Int>(0)

    /// The evaluations limited so far.
    var cappedEvaluations: Int { capped.load(ordering: .relaxed) }

    func recordCapped() { capped.add(1, ordering: .relaxed) }
}

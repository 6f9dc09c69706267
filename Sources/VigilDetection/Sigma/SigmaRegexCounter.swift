import Synchronization

/// How often a `re` value's evaluation was limited: ICU was given only the first
/// `SigmaRegex.icuLengthLimit` UTF-16 units of a longer value, or was stopped at its time budget. Shared by
/// every copy of one compiled expression and by every task evaluating it; `Atomic` guards the counts.
final class SigmaRegexCounter: Sendable {
    private let capped = Atomic<Int>(0)
    private let timedOut = Atomic<Int>(0)

    /// The evaluations given a cut value so far.
    var cappedEvaluations: Int { capped.load(ordering: .relaxed) }
    /// The evaluations stopped at the time budget so far (counted as no match).
    var timedOutEvaluations: Int { timedOut.load(ordering: .relaxed) }

    func recordCapped() { capped.add(1, ordering: .relaxed) }
    func recordTimedOut() { timedOut.add(1, ordering: .relaxed) }
}

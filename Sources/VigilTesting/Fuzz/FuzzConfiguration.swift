import Foundation

/// How long and from where the fuzz harnesses run, read from the environment:
///
/// - `VIGIL_FUZZ_SEED`: the seed, decimal or `0x` hex (any other text is hashed into one); default
///   ``defaultSeed``.
/// - `VIGIL_FUZZ_ITERATIONS`: inputs per target, overriding every target's default.
/// - `VIGIL_FUZZ_ITERATION`: run only this iteration of each target (to replay a failure).
/// - `VIGIL_FUZZ_HANG_SECONDS`: how long one input may run before the watchdog reports it and aborts
///   (default 60).
public struct FuzzConfiguration: Sendable {
    /// The seed used when `VIGIL_FUZZ_SEED` is not set.
    public static let defaultSeed: UInt64 = 0x5EED_F022

    /// The seed of the run.
    public var seed: UInt64
    /// Inputs per target when set; otherwise each target's default.
    public var iterations: Int?
    /// The one iteration to run, when replaying.
    public var only: Int?
    /// Seconds one input may run before it counts as a hang.
    public var hangSeconds: Double

    /// The configuration of this process.
    public static let current = FuzzConfiguration(environment: ProcessInfo.processInfo.environment)

    /// Reads a configuration from environment variables.
    public init(environment: [String: String]) {
        seed = environment["VIGIL_FUZZ_SEED"].map(Self.parseSeed) ?? Self.defaultSeed
        iterations = environment["VIGIL_FUZZ_ITERATIONS"].flatMap { Int($0.trimmingCharacters(in: .whitespaces)) }
            .map { max(0, $0) }
        only = environment["VIGIL_FUZZ_ITERATION"].flatMap { Int($0.trimmingCharacters(in: .whitespaces)) }
        hangSeconds = environment["VIGIL_FUZZ_HANG_SECONDS"].flatMap { Double($0) }.map { max(1, $0) } ?? 60
    }

    /// A seed from its text: decimal, `0x` hex, or else the stable hash of the text.
    public static func parseSeed(_ text: String) -> UInt64 {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if trimmed.lowercased().hasPrefix("0x"), let value = UInt64(trimmed.dropFirst(2), radix: 16) { return value }
        if let value = UInt64(trimmed) { return value }
        return FuzzRandom.stableHash(trimmed)
    }

    /// The iterations a target runs: all of `0..<count` (the default or `VIGIL_FUZZ_ITERATIONS`), or only the
    /// replayed one.
    public func iterations(default count: Int) -> [Int] {
        if let only { return [only] }
        return Array(0..<(iterations ?? count))
    }
}

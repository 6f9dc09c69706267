import Dispatch

/// Runs seeded random-input harnesses: for each iteration, a generator makes an input from a random source
/// derived from the seed, the target and the iteration (so any one iteration can be replayed alone with
/// `VIGIL_FUZZ_ITERATION`), and a check runs the code under test on it. A check reports a broken property
/// with the `FuzzCase` in its message; a crash or a hang is reported by `FuzzInFlight` with the same
/// details before the process dies.
public enum Fuzz {
    /// What a run did, for its summary line.
    public struct Summary: Sendable, CustomStringConvertible {
        /// The harness's name.
        public var target: String
        /// The seed of the run.
        public var seed: UInt64
        /// Inputs run.
        public var inputs = 0
        /// Wall-clock seconds of the whole run.
        public var seconds = 0.0
        /// The slowest input: its iteration and seconds.
        public var slowest: (iteration: Int, seconds: Double) = (0, 0)

        public var description: String {
            let total = (seconds * 100).rounded() / 100, slow = (slowest.seconds * 1000).rounded() / 1000
            return "fuzz \(target): \(inputs) inputs in \(total) s (seed \(FuzzCase.hex(seed))); slowest iteration "
                + "\(slowest.iteration) took \(slow) s"
        }
    }

    /// Runs a harness and prints its summary.
    /// - Parameters:
    ///   - target: the harness's name, part of every report and of the random stream.
    ///   - iterations: inputs to run unless `VIGIL_FUZZ_ITERATIONS` says otherwise.
    ///   - configuration: seed and counts (from the environment by default).
    ///   - input: makes one input from the iteration's random source.
    ///   - check: runs the code under test on the case; the random source (after `input` drew from it) is
    ///     there for the check's own choices (chunk sizes, events).
    /// - Returns: the summary.
    @discardableResult
    public static func run(_ target: String, iterations: Int, configuration: FuzzConfiguration = .current,
                           input: (inout FuzzRandom) -> [UInt8],
                           check: (FuzzCase, inout FuzzRandom) -> Void) -> Summary {
        var summary = Summary(target: target, seed: configuration.seed)
        let slot = FuzzInFlight.claim(target: target, seed: configuration.seed)
        defer { slot.map(FuzzInFlight.release) }
        let start = DispatchTime.now().uptimeNanoseconds
        for iteration in configuration.iterations(default: iterations) {
            var random = FuzzRandom(seed: configuration.seed, target: target, iteration: iteration)
            let bytes = input(&random)
            let fuzzCase = FuzzCase(target: target, seed: configuration.seed, iteration: iteration, input: bytes)
            if let slot { FuzzInFlight.begin(slot, iteration: iteration, input: bytes) }
            let began = DispatchTime.now().uptimeNanoseconds
            check(fuzzCase, &random)
            let took = Double(DispatchTime.now().uptimeNanoseconds - began) / 1e9
            if let slot { FuzzInFlight.end(slot) }
            if took > summary.slowest.seconds { summary.slowest = (iteration, took) }
            summary.inputs += 1
        }
        summary.seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        print(summary)
        return summary
    }
}

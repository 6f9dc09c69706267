#if canImport(Glibc)
import Glibc
#endif

/// The crash side of `FuzzInFlight`: handlers for the signals a trap, a bad access, a stack overflow or an
/// abort raise, which print every harness in flight and then hand the signal to the handler that was there
/// before (the Swift runtime's backtracer, or the default), so the crash itself is reported as usual.
enum FuzzSignals {
    #if os(Linux)
    static let signals: [Int32] = [SIGILL, SIGTRAP, SIGABRT, SIGBUS, SIGFPE, SIGSEGV]
    /// The handlers replaced, by signal number.
    nonisolated(unsafe) static let previous: UnsafeMutablePointer<sigaction> = {
        let pointer = UnsafeMutablePointer<sigaction>.allocate(capacity: 32)
        pointer.initialize(repeating: sigaction(), count: 32)
        return pointer
    }()
    /// The report is written once.
    nonisolated(unsafe) static var reported = false
    /// Where the report is composed (no allocation while a signal is handled).
    nonisolated(unsafe) static let scratch = UnsafeMutablePointer<UInt8>.allocate(capacity: 1 << 17)

    static func install() {
        _ = previous
        for signal in signals {
            var action = sigaction()
            action.__sigaction_handler.sa_handler = { signal in
                FuzzSignals.report(headline: "fuzz: the process got a fatal signal while these inputs were running\n")
                // Restore what was there before and let it handle the signal: a fault happens again when the
                // handler returns; a raised signal is raised again.
                sigaction(signal, FuzzSignals.previous + Int(signal), nil)
                if signal == SIGABRT || signal == SIGTRAP { raise(signal) }
            }
            action.sa_flags = Int32(SA_ONSTACK)
            sigemptyset(&action.sa_mask)
            sigaction(signal, &action, previous + Int(signal))
        }
    }

    /// Gives the current thread a signal stack (when it has none), so that a stack overflow is reported too.
    static func installAlternateStack() {
        var current = stack_t()
        guard sigaltstack(nil, &current) == 0, current.ss_flags & Int32(SS_DISABLE) != 0 else { return }
        let size = 256 * 1024
        var stack = stack_t()
        stack.ss_sp = UnsafeMutableRawPointer.allocate(byteCount: size, alignment: 16)
        stack.ss_size = size
        stack.ss_flags = 0
        sigaltstack(&stack, nil)
    }

    /// Writes the headline and every busy slot to standard error.
    static func report(headline: StaticString) {
        guard !reported else { return }
        reported = true
        var out = Writer(base: scratch, capacity: 1 << 17)
        out.text(headline)
        for n in 0..<FuzzInFlight.slotCount where FuzzInFlight.slot(n).load(as: UInt64.self) == 1 {
            let slot = FuzzInFlight.slot(n)
            let seed = slot.load(fromByteOffset: 8, as: UInt64.self)
            let iteration = slot.load(fromByteOffset: 16, as: UInt64.self)
            let length = Int(slot.load(fromByteOffset: 24, as: UInt64.self))
            let nameLength = min(Int(slot.load(fromByteOffset: 40, as: UInt64.self)), FuzzInFlight.nameCapacity)
            out.text("fuzz ")
            out.bytes(slot.advanced(by: FuzzInFlight.headerSize), nameLength, escaping: false)
            out.text(": seed 0x")
            out.hex(seed)
            out.text(", iteration ")
            out.decimal(iteration)
            out.text(", input (")
            out.decimal(UInt64(length))
            out.text(" bytes) \"")
            out.bytes(slot.advanced(by: FuzzInFlight.headerSize + FuzzInFlight.nameCapacity),
                      min(length, FuzzInFlight.inputCapacity), escaping: true)
            out.text(length > FuzzInFlight.inputCapacity ? "\"… (cut)\n" : "\"\n")
            out.text("  replay: VIGIL_FUZZ_SEED=0x")
            out.hex(seed)
            out.text(" VIGIL_FUZZ_ITERATION=")
            out.decimal(iteration)
            out.text(" swift test --filter Fuzz\n")
        }
        _ = write(2, scratch, out.count)
    }

    /// Appends text to a fixed buffer without allocating.
    struct Writer {
        let base: UnsafeMutablePointer<UInt8>
        let capacity: Int
        var count = 0

        mutating func byte(_ b: UInt8) {
            guard count < capacity else { return }
            base[count] = b
            count += 1
        }

        mutating func text(_ s: StaticString) {
            let start = s.utf8Start
            for k in 0..<s.utf8CodeUnitCount { byte(start[k]) }
        }

        mutating func decimal(_ value: UInt64) {
            var divisor: UInt64 = 1
            while value / divisor >= 10 { divisor *= 10 }
            while divisor > 0 {
                byte(UInt8(48 + (value / divisor) % 10))
                divisor /= 10
            }
        }

        mutating func hex(_ value: UInt64) {
            var started = false
            for shift in stride(from: 60, through: 0, by: -4) {
                let digit = UInt8((value >> UInt64(shift)) & 0xF)
                if digit == 0, !started, shift > 0 { continue }
                started = true
                byte(digit < 10 ? 48 + digit : 55 + digit)
            }
        }

        /// Bytes as `FuzzCase.escaped` writes them.
        mutating func bytes(_ source: UnsafeMutableRawPointer, _ length: Int, escaping: Bool) {
            for k in 0..<length {
                let b = source.load(fromByteOffset: k, as: UInt8.self)
                switch b {
                case _ where !escaping: byte(b)
                case 0x5C: text("\\\\")
                case 0x22: text("\\\"")
                case 0x0A: text("\\n")
                case 0x0D: text("\\r")
                case 0x09: text("\\t")
                case 0x20..<0x7F: byte(b)
                default:
                    text("\\x")
                    let high = b >> 4, low = b & 0xF
                    byte(high < 10 ? 48 + high : 55 + high)
                    byte(low < 10 ? 48 + low : 55 + low)
                }
            }
        }
    }
    #else
    static func install() {}
    static func installAlternateStack() {}
    static func report(headline: StaticString) {}
    #endif
}

import Dispatch
import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// What every fuzz harness is running right now, kept in memory allocated up front so that a crash handler
/// can print it without allocating: a trap, a stack overflow or an abort prints the seed, iteration and
/// input of each harness in flight before the process dies. A watchdog prints the same and aborts when one
/// input runs longer than `FuzzConfiguration.hangSeconds`. (The signal handlers are installed on Linux only;
/// elsewhere failures of checks are still reported by the harness.)
enum FuzzInFlight {
    static let slotCount = 16
    static let nameCapacity = 64
    static let inputCapacity = 16 * 1024
    /// Per slot: busy, seed, iteration, input length, start time (ns), name length, name, input bytes.
    static let headerSize = 6 * 8
    static let slotSize = headerSize + nameCapacity + inputCapacity

    nonisolated(unsafe) static let memory: UnsafeMutableRawPointer = {
        let pointer = UnsafeMutableRawPointer.allocate(byteCount: slotCount * slotSize, alignment: 8)
        pointer.initializeMemory(as: UInt8.self, repeating: 0, count: slotCount * slotSize)
        return pointer
    }()
    private static let claimed = Mutex<[Bool]>(Array(repeating: false, count: slotCount))

    static func slot(_ n: Int) -> UnsafeMutableRawPointer { memory + n * slotSize }

    /// Takes a free slot for a harness (and arms the crash handlers and the watchdog the first time).
    static func claim(target: String, seed: UInt64) -> Int? {
        _ = armed
        let n = claimed.withLock { slots -> Int? in
            guard let free = slots.firstIndex(of: false) else { return nil }
            slots[free] = true
            return free
        }
        guard let n else { return nil }
        let name = Array(target.utf8.prefix(nameCapacity))
        slot(n).storeBytes(of: seed, toByteOffset: 8, as: UInt64.self)
        slot(n).storeBytes(of: UInt64(name.count), toByteOffset: 40, as: UInt64.self)
        name.withUnsafeBytes { bytes in
            if let address = bytes.baseAddress { slot(n).advanced(by: headerSize).copyMemory(from: address, byteCount: bytes.count) }
        }
        FuzzSignals.installAlternateStack()
        return n
    }

    /// Records the input a slot's harness is about to run.
    static func begin(_ n: Int, iteration: Int, input: [UInt8]) {
        let base = slot(n)
        let kept = min(input.count, inputCapacity)
        input.withUnsafeBytes { bytes in
            if kept > 0, let address = bytes.baseAddress {
                base.advanced(by: headerSize + nameCapacity).copyMemory(from: address, byteCount: kept)
            }
        }
        base.storeBytes(of: UInt64(truncatingIfNeeded: iteration), toByteOffset: 16, as: UInt64.self)
        base.storeBytes(of: UInt64(input.count), toByteOffset: 24, as: UInt64.self)
        base.storeBytes(of: DispatchTime.now().uptimeNanoseconds, toByteOffset: 32, as: UInt64.self)
        base.storeBytes(of: 1, as: UInt64.self)
    }

    /// Records that the slot's input finished.
    static func end(_ n: Int) { slot(n).storeBytes(of: 0, as: UInt64.self) }

    /// Frees a slot.
    static func release(_ n: Int) {
        end(n)
        claimed.withLock { $0[n] = false }
    }

    /// Installs the crash handlers and starts the watchdog, once.
    private static let armed: Bool = {
        FuzzSignals.install()
        let limit = UInt64(FuzzConfiguration.current.hangSeconds * 1e9)
        let watchdog = Thread {
            while true {
                Thread.sleep(forTimeInterval: 1)
                let now = DispatchTime.now().uptimeNanoseconds
                for n in 0..<slotCount where slot(n).load(as: UInt64.self) == 1 {
                    let started = slot(n).load(fromByteOffset: 32, as: UInt64.self)
                    if now > started, now - started > limit {
                        FuzzSignals.report(headline: "fuzz: an input has run longer than the hang limit (VIGIL_FUZZ_HANG_SECONDS); aborting\n")
                        abort()
                    }
                }
            }
        }
        watchdog.name = "vigil-fuzz-watchdog"
        watchdog.start()
        return true
    }()
}

import Foundation
import VigilCore

/// Figures a benchmark prints, as one JSON object.
struct BenchFigures {
    var values: [(String, JSONValue)] = []

    mutating func set(_ key: String, _ value: JSONValue) { values.append((key, value)) }

    var json: String {
        AlertDocument.line(Dictionary(values, uniquingKeysWith: { _, last in last }))
    }
}

/// Seconds elapsed on a monotonic clock.
func monotonicSeconds() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
}

/// CPU seconds this process has used so far, all threads, user and system.
func processCPUSeconds() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    func seconds(_ t: timeval) -> Double { Double(t.tv_sec) + Double(t.tv_usec) / 1e6 }
    return seconds(usage.ru_utime) + seconds(usage.ru_stime)
}

/// Peak resident set size of this process in bytes (Linux `VmHWM`), or 0 when unknown.
func peakRSSBytes() -> Int {
    guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return 0 }
    for line in status.split(separator: "\n") where line.hasPrefix("VmHWM:") {
        let kb = line.split(separator: " ").dropFirst().first.flatMap { Int($0) } ?? 0
        return kb * 1024
    }
    return 0
}

/// Rounds to a few significant figures for printing.
func rounded(_ x: Double) -> JSONValue {
    .double((x * 10).rounded() / 10)
}

extension FileHandle {
    /// Writes text to standard error.
    static func standardErrorWrite(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }
}

/// Removes a benchmark's scratch folder, saying so on standard error when it cannot.
func removeScratch(_ directory: String) {
    guard FileManager.default.fileExists(atPath: directory) else { return }
    do {
        try FileManager.default.removeItem(atPath: directory)
    } catch {
        FileHandle.standardErrorWrite("vigil bench: could not remove the scratch folder \(directory): \(error)\n")
    }
}

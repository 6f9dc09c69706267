#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A compiled string test on UTF-8 bytes: the fast forms of a Sigma pattern (equality, prefix, suffix,
/// substring) and a general wildcard form.
///
/// Case-insensitive tests get lowercased needles and are run on the lowercased value (`CaseFolding`).
enum BytePattern: Hashable, Sendable {
    case equals([UInt8])
    case prefix([UInt8])
    case suffix([UInt8])
    case contains([UInt8])
    /// Any other arrangement of literals, `*` and `?`.
    case wildcard([SigmaPattern.Part])

    /// The fastest form of a pattern, lowercased unless `cased`.
    init(_ pattern: SigmaPattern, cased: Bool) {
        let parts = cased ? pattern.parts : pattern.mapLiterals(CaseFolding.lowercase).parts
        switch parts.count {
        case 0: self = .equals([])
        case 1:
            if case .bytes(let b) = parts[0] { self = .equals(b); return }
            self = .wildcard(parts)
        case 2:
            if case .bytes(let b) = parts[0], parts[1] == .anyString { self = .prefix(b); return }
            if case .bytes(let b) = parts[1], parts[0] == .anyString { self = .suffix(b); return }
            self = .wildcard(parts)
        case 3:
            if parts[0] == .anyString, parts[2] == .anyString, case .bytes(let b) = parts[1] {
                self = .contains(b)
                return
            }
            self = .wildcard(parts)
        default: self = .wildcard(parts)
        }
    }

    /// Whether the value (lowercased for a case-insensitive pattern) matches.
    func matches(_ value: UnsafeBufferPointer<UInt8>) -> Bool {
        switch self {
        case .equals(let b): return ByteSearch.equal(value, b)
        case .prefix(let b): return ByteSearch.hasPrefix(value, b)
        case .suffix(let b): return ByteSearch.hasSuffix(value, b)
        case .contains(let b): return ByteSearch.contains(value, b)
        case .wildcard(let parts): return ByteSearch.wildcard(value, parts)
        }
    }
}

/// Byte comparisons on buffers.
enum ByteSearch {
    static func equal(_ value: UnsafeBufferPointer<UInt8>, _ needle: [UInt8]) -> Bool {
        guard value.count == needle.count else { return false }
        return needle.withUnsafeBufferPointer { n in
            n.count == 0 || memcmp(value.baseAddress!, n.baseAddress!, n.count) == 0
        }
    }

    static func hasPrefix(_ value: UnsafeBufferPointer<UInt8>, _ needle: [UInt8]) -> Bool {
        guard value.count >= needle.count else { return false }
        return needle.withUnsafeBufferPointer { n in
            n.count == 0 || memcmp(value.baseAddress!, n.baseAddress!, n.count) == 0
        }
    }

    static func hasSuffix(_ value: UnsafeBufferPointer<UInt8>, _ needle: [UInt8]) -> Bool {
        guard value.count >= needle.count else { return false }
        return needle.withUnsafeBufferPointer { n in
            n.count == 0 || memcmp(value.baseAddress! + (value.count - n.count), n.baseAddress!, n.count) == 0
        }
    }

    static func contains(_ value: UnsafeBufferPointer<UInt8>, _ needle: [UInt8]) -> Bool {
        guard !needle.isEmpty else { return true }
        guard value.count >= needle.count else { return false }
        return needle.withUnsafeBufferPointer { n in
            let base = UnsafeRawPointer(value.baseAddress!)
            let last = value.count - n.count  // the last start that fits
            var offset = 0
            while offset <= last {
                guard let hit = memchr(base + offset, Int32(n[0]), last - offset + 1) else { return false }
                let at = base.distance(to: UnsafeRawPointer(hit))
                if memcmp(hit, n.baseAddress!, n.count) == 0 { return true }
                offset = at + 1
            }
            return false
        }
    }

    /// Wildcard matching: `*` any run of bytes, `?` one UTF-8 character. Backtracks only to the last `*`,
    /// so it takes at most (value length × pattern parts) steps.
    static func wildcard(_ value: UnsafeBufferPointer<UInt8>, _ parts: [SigmaPattern.Part]) -> Bool {
        let n = value.count
        var p = 0, v = 0
        var starPart = -1, starValue = 0
        while v < n {
            if p < parts.count {
                switch parts[p] {
                case .bytes(let b):
                    if n - v >= b.count, b.withUnsafeBufferPointer({ memcmp(value.baseAddress! + v, $0.baseAddress!, b.count) == 0 }) {
                        v += b.count
                        p += 1
                        continue
                    }
                case .anyCharacter:
                    v = min(n, v + characterLength(value[v]))
                    p += 1
                    continue
                case .anyString:
                    starPart = p
                    starValue = v
                    p += 1
                    continue
                }
            }
            guard starPart >= 0 else { return false }
            starValue += 1
            v = starValue
            p = starPart + 1
        }
        while p < parts.count, parts[p] == .anyString { p += 1 }
        return p == parts.count
    }

    /// The length of the UTF-8 sequence a lead byte starts (1 for a stray continuation byte).
    @inline(__always)
    static func characterLength(_ lead: UInt8) -> Int {
        switch lead {
        case 0xF0...: 4
        case 0xE0...: 3
        case 0xC0...: 2
        default: 1
        }
    }
}

/// Lowercasing for case-insensitive matching: ASCII bytes directly, anything else through Unicode
/// lowercasing (the same for needles and values, so both sides agree).
enum CaseFolding {
    static func lowercase(_ bytes: [UInt8]) -> [UInt8] {
        var out = bytes
        if lowercaseASCII(&out) { return out }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            // Not UTF-8 (a UTF-16 byte order mark, say): only ASCII letters are lowered.
            return bytes.map { $0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0 }
        }
        return Array(text.lowercased().utf8)
    }

    /// Lowercases in place when every byte is ASCII; returns false (leaving the bytes as they were
    /// otherwise lowercased only partly) when one is not.
    @inline(__always)
    static func lowercaseASCII(_ bytes: inout [UInt8]) -> Bool {
        for i in bytes.indices {
            let b = bytes[i]
            if b >= 0x80 { return false }
            if b >= 0x41, b <= 0x5A { bytes[i] = b | 0x20 }
        }
        return true
    }

    /// Appends the lowercased form of UTF-8 `bytes` to `out`: the same bytes as `String.lowercased()`
    /// (which maps each scalar on its own), without building a string for the ASCII parts — long, mostly
    /// ASCII values with a few other characters (`Microsoft®`, accented names) stay cheap.
    static func appendLowercased(_ bytes: UnsafeBufferPointer<UInt8>, to out: inout [UInt8]) {
        var i = 0
        let n = bytes.count
        while i < n {
            let b = bytes[i]
            if b < 0x80 {
                out.append(b >= 0x41 && b <= 0x5A ? b | 0x20 : b)
                i += 1
                continue
            }
            // A run of non-ASCII bytes ends at an ASCII byte, which no UTF-8 sequence holds.
            var j = i + 1
            while j < n, bytes[j] >= 0x80 { j += 1 }
            let run = String(decoding: UnsafeBufferPointer(rebasing: bytes[i..<j]), as: UTF8.self)
            for scalar in run.unicodeScalars { out.append(contentsOf: scalar.properties.lowercaseMapping.utf8) }
            i = j
        }
    }
}

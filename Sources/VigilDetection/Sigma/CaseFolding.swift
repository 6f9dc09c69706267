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

    /// Appends the lowercased form of `bytes` to `out`.
    static func appendLowercased(_ bytes: UnsafeBufferPointer<UInt8>, to out: inout [UInt8]) {
        if !bytes.contains(where: { $0 >= 0x80 }) {
            for b in bytes { out.append(b >= 0x41 && b <= 0x5A ? b | 0x20 : b) }
        } else {
            out.append(contentsOf: String(decoding: bytes, as: UTF8.self).lowercased().utf8)
        }
    }
}

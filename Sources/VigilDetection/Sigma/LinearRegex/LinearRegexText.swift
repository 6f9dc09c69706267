/// What the linear matcher needs to know about the text: UTF-8 decoding, line terminators, and the
/// characters ICU's `\b` looks through.
enum LinearRegexText {
    /// The scalar at `offset` of valid UTF-8 and its length in bytes.
    @inline(__always)
    static func decode(_ text: UnsafeBufferPointer<UInt8>, _ offset: Int) -> (UInt32, Int) {
        let b0 = UInt32(text[offset])
        if b0 < 0x80 { return (b0, 1) }
        if b0 < 0xE0 { return ((b0 & 0x1F) << 6 | UInt32(text[offset + 1] & 0x3F), 2) }
        if b0 < 0xF0 {
            return ((b0 & 0x0F) << 12 | UInt32(text[offset + 1] & 0x3F) << 6 | UInt32(text[offset + 2] & 0x3F), 3)
        }
        return ((b0 & 0x07) << 18 | UInt32(text[offset + 1] & 0x3F) << 12 | UInt32(text[offset + 2] & 0x3F) << 6
                    | UInt32(text[offset + 3] & 0x3F), 4)
    }

    /// ICU's line terminators: LF, VT, FF, CR, NEL, LINE SEPARATOR, PARAGRAPH SEPARATOR.
    @inline(__always)
    static func isLineTerminator(_ c: UInt32) -> Bool {
        (c >= 0x0A && c <= 0x0D) || c == 0x85 || c == 0x2028 || c == 0x2029
    }

    /// Where `$` (without the multiline option) holds: at the end, or before a line terminator or CR LF
    /// that ends the text.
    static func isEnd(_ text: UnsafeBufferPointer<UInt8>, _ offset: Int) -> Bool {
        if offset >= text.count { return true }
        let (c, n) = decode(text, offset)
        if offset + n == text.count { return isLineTerminator(c) }
        return c == 0x0D && offset + 2 == text.count && text[offset + 1] == 0x0A
    }

    /// Grapheme extenders and format characters, which ICU's `\b` skips over.
    @inline(__always)
    static func isMarkOrFormat(_ c: UInt32) -> Bool {
        guard c >= 0x80, let p = Unicode.Scalar(c)?.properties else { return false }
        return p.isGraphemeExtend || p.generalCategory == .format
    }

    /// Whether ignoring case, ICU could match this text in a way a scalar-by-scalar comparison cannot:
    /// it holds a scalar whose full case folding is more than one scalar (`ß` matches `ss`).
    static func needsFullCaseFolding(_ text: UnsafeBufferPointer<UInt8>) -> Bool {
        var offset = 0
        while offset < text.count {
            let (c, n) = decode(text, offset)
            offset += n
            guard c >= 0x80, let s = Unicode.Scalar(c) else { continue }
            let p = s.properties
            if p.uppercaseMapping.unicodeScalars.count > 1 || p.lowercaseMapping.unicodeScalars.count > 1 { return true }
            if let l = p.lowercaseMapping.unicodeScalars.first, l != s,
               l.properties.uppercaseMapping.unicodeScalars.count > 1 { return true }
        }
        return false
    }
}

/// Strict UTF-8 checking shared by the JSON and OData parsers.
enum UTF8Validation {
    /// The length of the well-formed UTF-8 sequence starting at `k` (a byte ≥ 0x80), or `nil` when it is
    /// malformed: a bad lead or continuation byte, a truncated, overlong or surrogate sequence, or a
    /// scalar above U+10FFFF.
    static func sequenceLength(_ bytes: UnsafeBufferPointer<UInt8>, at k: Int) -> Int? {
        let b = bytes[k]
        let n: Int
        var scalar: UInt32
        let minimum: UInt32
        switch b {
        case 0xC2...0xDF: n = 2; scalar = UInt32(b & 0x1F); minimum = 0x80
        case 0xE0...0xEF: n = 3; scalar = UInt32(b & 0x0F); minimum = 0x800
        case 0xF0...0xF4: n = 4; scalar = UInt32(b & 0x07); minimum = 0x10000
        default: return nil
        }
        guard k + n <= bytes.count else { return nil }
        for m in 1..<n {
            let c = bytes[k + m]
            guard c & 0xC0 == 0x80 else { return nil }
            scalar = scalar << 6 | UInt32(c & 0x3F)
        }
        guard scalar >= minimum, scalar <= 0x10FFFF, !(0xD800...0xDFFF).contains(scalar) else { return nil }
        return n
    }
}

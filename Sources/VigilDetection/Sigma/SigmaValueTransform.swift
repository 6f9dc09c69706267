/// The value transformations of Sigma modifiers: `windash`, `base64`, `base64offset`, `wide`/`utf16le`,
/// `utf16be`, `utf16`. Each turns one pattern into one or more patterns (alternatives).
enum SigmaValueTransform {
    /// The characters `windash` treats as interchangeable: `-`, `/`, en dash, em dash, horizontal bar.
    static let dashes: [[UInt8]] = ["-", "/", "\u{2013}", "\u{2014}", "\u{2015}"].map { Array($0.utf8) }

    /// Most dashes one `windash` value may vary (5^n alternatives).
    static let maximumDashes = 4

    /// `windash`: every dash-like character that starts an option (at the start of the value or after a
    /// non-word character, and followed by a word character) in each of its five spellings.
    static func windash(_ pattern: SigmaPattern) throws(SigmaRuleError) -> [SigmaPattern] {
        var variants: [[SigmaPattern.Part]] = [[]]
        var dashCount = 0
        for part in pattern.parts {
            guard case .bytes(let bytes) = part else {
                variants = variants.map { $0 + [part] }
                continue
            }
            let scalars = Array(String(decoding: bytes, as: UTF8.self).unicodeScalars)
            var pieces: [[UInt8]] = [[]]  // the alternatives of this literal, built scalar by scalar
            for (index, scalar) in scalars.enumerated() {
                let isDash = "-/\u{2013}\u{2014}\u{2015}".unicodeScalars.contains(scalar)
                let before = index == 0 ? nil : scalars[index - 1]
                let after = index + 1 < scalars.count ? scalars[index + 1] : nil
                if isDash, before.map({ !isWordCharacter($0) }) ?? true, after.map(isWordCharacter) ?? false {
                    dashCount += 1
                    guard dashCount <= maximumDashes else {
                        throw SigmaRuleError(.invalidValue, "windash: '\(pattern.text)' has more than \(maximumDashes) options to vary")
                    }
                    pieces = pieces.flatMap { prefix in dashes.map { prefix + $0 } }
                } else {
                    let utf8 = Array(String(scalar).utf8)
                    pieces = pieces.map { $0 + utf8 }
                }
            }
            variants = variants.flatMap { head in pieces.map { head + [.bytes($0)] } }
        }
        var seen: Set<SigmaPattern> = []
        return variants.map { SigmaPattern(parts: $0) }.filter { seen.insert($0).inserted }
    }

    private static func isWordCharacter(_ scalar: Unicode.Scalar) -> Bool {
        scalar == "_" || scalar.properties.isAlphabetic || scalar.properties.numericType != nil
    }

    /// `base64`: the value's bytes in base64 (the value must have no wildcards).
    static func base64(_ pattern: SigmaPattern) throws(SigmaRuleError) -> SigmaPattern {
        SigmaPattern(literal: Array(encode(try plain(pattern, modifier: "base64")).utf8))
    }

    /// `base64offset`: the three base64 spellings of the value when it starts at byte offset 0, 1 or 2 of
    /// encoded data, without the characters that depend on the surrounding bytes.
    static func base64offset(_ pattern: SigmaPattern) throws(SigmaRuleError) -> [SigmaPattern] {
        let bytes = try plain(pattern, modifier: "base64offset")
        let startTrim = [0, 2, 3]
        let endTrim = [0, 3, 2]
        var out: [SigmaPattern] = []
        for offset in 0..<3 {
            let encoded = Array(encode([UInt8](repeating: 0x20, count: offset) + bytes).utf8)
            let end = encoded.count - endTrim[(bytes.count + offset) % 3]
            let start = startTrim[offset]
            guard end > start else { continue }
            let variant = SigmaPattern(literal: Array(encoded[start..<end]))
            if !out.contains(variant) { out.append(variant) }
        }
        return out
    }

    /// `wide`/`utf16le`, `utf16be`, `utf16` (little-endian with a byte order mark): the literal parts in
    /// UTF-16; wildcards stay.
    static func utf16(_ pattern: SigmaPattern, bigEndian: Bool, byteOrderMark: Bool) -> SigmaPattern {
        var first = true
        return pattern.mapLiterals { bytes in
            var out: [UInt8] = []
            if byteOrderMark, first { out += [0xFF, 0xFE] }
            first = false
            for unit in String(decoding: bytes, as: UTF8.self).utf16 {
                let low = UInt8(unit & 0xFF), high = UInt8(unit >> 8)
                out += bigEndian ? [high, low] : [low, high]
            }
            return out
        }
    }

    private static func plain(_ pattern: SigmaPattern, modifier: String) throws(SigmaRuleError) -> [UInt8] {
        guard let bytes = pattern.plainBytes else {
            throw SigmaRuleError(.invalidValue, "\(modifier) needs a value without wildcards ('\(pattern.text)'); put contains/startswith/endswith after it")
        }
        return bytes
    }

    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)

    /// Standard base64 with `=` padding.
    static func encode(_ bytes: [UInt8]) -> String {
        var out: [UInt8] = []
        out.reserveCapacity((bytes.count + 2) / 3 * 4)
        var i = 0
        while i < bytes.count {
            let b0 = UInt32(bytes[i])
            let b1 = i + 1 < bytes.count ? UInt32(bytes[i + 1]) : 0
            let b2 = i + 2 < bytes.count ? UInt32(bytes[i + 2]) : 0
            let n = b0 << 16 | b1 << 8 | b2
            out.append(alphabet[Int(n >> 18 & 63)])
            out.append(alphabet[Int(n >> 12 & 63)])
            out.append(i + 1 < bytes.count ? alphabet[Int(n >> 6 & 63)] : UInt8(ascii: "="))
            out.append(i + 2 < bytes.count ? alphabet[Int(n & 63)] : UInt8(ascii: "="))
            i += 3
        }
        return String(decoding: out, as: UTF8.self)
    }
}

/// Tokens every fuzz harness inserts, whatever its input language.
public enum FuzzTokens {
    /// Quotes, escapes, separators, literals, control characters and awkward Unicode.
    public static let special: [[UInt8]] = [
        "\"", "'", "''", "\\", "\\\\", "\\\"", "\\'", "\\u0000", "\\u", "\\ud800", "\\udfff", "\\ud83d\\ude00", "\\x",
        "\\n", "\n", "\r\n", "\r", "\t", " ", "  ", "\u{0}", "\u{1}", "\u{7F}", "{}", "[]", "()", "{", "}", "[", "]",
        "(", ")", ",", ":", ";", "|", "=", "==", "!=", "<", ">", "<=", ">=", "#", "*", "%", "&", "?", "/", ".", "-",
        "+", "@", "$", "~", "`", "null", "true", "false", "NaN", "Infinity", "-0", "0", "é", "e\u{301}", "😀",
        "\u{FEFF}", "\u{2028}", "\u{200D}", "\u{202E}", "ß", "İ", "Ⅻ", "\u{10FFFF}",
    ].map { Array($0.utf8) }

    /// Numbers at and past the edges of `Int64`, `Double` and common limits.
    public static let numbers: [[UInt8]] = [
        "0", "-0", "00", "01", "-1", "2147483647", "2147483648", "4294967296", "9223372036854775807",
        "9223372036854775808", "-9223372036854775808", "-9223372036854775809", "18446744073709551616",
        "99999999999999999999999999999999999999", "1e308", "1e309", "-1e309", "1E400", "1e-400", "4.9e-324",
        "2.2250738585072014e-308", "0.1", "1.", ".5", "1e", "1e+", "0x10", "1_000", "3.14159265358979323846264338327950288",
        "123456789012345678", "1234567890123456789",
    ].map { Array($0.utf8) }

    /// Malformed UTF-8: a lone continuation byte, overlong forms, surrogates, past U+10FFFF, truncations.
    public static let invalidUTF8: [[UInt8]] = [
        [0x80], [0xBF], [0xFF], [0xFE], [0xC0, 0xAF], [0xC1, 0xBF], [0xE0, 0x80, 0xAF], [0xED, 0xA0, 0x80],
        [0xED, 0xBF, 0xBF], [0xF4, 0x90, 0x80, 0x80], [0xF8, 0x88, 0x80, 0x80, 0x80], [0xE2, 0x82], [0xF0, 0x9F, 0x98],
        [0xC3], [0xC3, 0x28],
    ]

    /// Bytes worth putting in place of another.
    public static let interestingBytes: [UInt8] = [
        0x00, 0x01, 0x09, 0x0A, 0x0D, 0x1F, 0x20, 0x22, 0x27, 0x28, 0x29, 0x2C, 0x2D, 0x2E, 0x2F, 0x30, 0x39, 0x3A,
        0x3D, 0x5B, 0x5C, 0x5D, 0x7B, 0x7C, 0x7D, 0x7F, 0x80, 0xBF, 0xC0, 0xC3, 0xE2, 0xED, 0xF0, 0xF4, 0xFF,
    ]
}

/// A token of an OData query option, with its byte offset in the option text.
public struct ODataToken: Sendable, Equatable {
    /// The kinds of token.
    public enum Kind: Sendable, Equatable {
        /// A name: property, function, keyword (`and`, `eq`, `asc`) or lambda variable.
        case identifier(String)
        /// A single-quoted string, unescaped.
        case string(String)
        /// A qualified enum literal `namespace.type'member'`.
        case enumLiteral(type: String, member: String)
        case integer(Int64)
        case decimal(Double)
        case dateTimeOffset(DateTimeOffset)
        case openParen, closeParen, comma, slash, colon
        case end
    }

    public let kind: Kind
    /// Byte offset where the token starts.
    public let offset: Int
}

/// Splits an OData expression into tokens. Linear in the input; never traps on any byte sequence.
struct ODataLexer {
    private let bytes: [UInt8]
    private var i = 0
    /// The option the text belongs to (`$filter`), for error messages.
    let option: String

    init(_ bytes: [UInt8], option: String) {
        self.bytes = bytes
        self.option = option
    }

    /// Tokenizes the whole input.
    static func tokenize(_ bytes: [UInt8], option: String) throws(VigilError) -> [ODataToken] {
        var lexer = ODataLexer(bytes, option: option)
        var tokens: [ODataToken] = []
        tokens.reserveCapacity(bytes.count / 4 + 2)
        while true {
            let t = try lexer.next()
            tokens.append(t)
            if t.kind == .end { return tokens }
        }
    }

    private func error(_ message: String, at offset: Int) -> VigilError {
        VigilError(.badRequest, "Invalid \(option): \(message) at position \(offset).", target: option)
    }

    private static func isIdentStart(_ c: UInt8) -> Bool {
        (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c == 95 || c == 36  // A-Z a-z _ $
    }

    private static func isIdentChar(_ c: UInt8) -> Bool {
        isIdentStart(c) || isDigit(c) || c == 46  // .
    }

    private static func isDigit(_ c: UInt8) -> Bool { c >= 48 && c <= 57 }

    /// Digits and `- : . + T t Z z`, the characters of an unquoted date-time.
    private static func isDateChar(_ c: UInt8) -> Bool {
        switch c {
        case 48...57, 45, 58, 46, 43, 84, 116, 90, 122: true
        default: false
        }
    }

    mutating func next() throws(VigilError) -> ODataToken {
        while i < bytes.count, bytes[i] == 32 || bytes[i] == 9 || bytes[i] == 10 || bytes[i] == 13 { i += 1 }
        let start = i
        guard i < bytes.count else { return ODataToken(kind: .end, offset: start) }
        let c = bytes[i]
        switch c {
        case UInt8(ascii: "("): i += 1; return ODataToken(kind: .openParen, offset: start)
        case UInt8(ascii: ")"): i += 1; return ODataToken(kind: .closeParen, offset: start)
        case UInt8(ascii: ","): i += 1; return ODataToken(kind: .comma, offset: start)
        case UInt8(ascii: "/"): i += 1; return ODataToken(kind: .slash, offset: start)
        case UInt8(ascii: ":"): i += 1; return ODataToken(kind: .colon, offset: start)
        case UInt8(ascii: "'"): return ODataToken(kind: .string(try quoted()), offset: start)
        default: break
        }
        if Self.isIdentStart(c) {
            while i < bytes.count, Self.isIdentChar(bytes[i]) { i += 1 }
            let name = String(decoding: bytes[start..<i], as: UTF8.self)
            if i < bytes.count, bytes[i] == UInt8(ascii: "'"), name.contains(".") {
                let member = try quoted()
                return ODataToken(kind: .enumLiteral(type: name, member: member), offset: start)
            }
            return ODataToken(kind: .identifier(name), offset: start)
        }
        if Self.isDigit(c) || (c == UInt8(ascii: "-") && i + 1 < bytes.count && Self.isDigit(bytes[i + 1])) {
            return try number(start: start)
        }
        if c >= 0x80 {
            throw error("unexpected character '\(Self.scalarText(bytes, at: i))'", at: start)
        }
        throw error("unexpected character '\(Character(Unicode.Scalar(c)))'", at: start)
    }

    /// A single-quoted string with `''` for a quote.
    private mutating func quoted() throws(VigilError) -> String {
        let start = i
        i += 1
        var out: [UInt8] = []
        while i < bytes.count {
            if bytes[i] == UInt8(ascii: "'") {
                if i + 1 < bytes.count, bytes[i + 1] == UInt8(ascii: "'") {
                    out.append(UInt8(ascii: "'"))
                    i += 2
                    continue
                }
                i += 1
                return String(decoding: out, as: UTF8.self)
            }
            out.append(bytes[i])
            i += 1
        }
        throw error("unterminated string literal", at: start)
    }

    /// An integer, a decimal, or an unquoted date-time (`2018-11-11T00:00:00.000Z`) or date.
    private mutating func number(start: Int) throws(VigilError) -> ODataToken {
        // A date starts with four digits and a dash.
        if bytes.count - start >= 5, (0..<4).allSatisfy({ Self.isDigit(bytes[start + $0]) }),
           bytes[start + 4] == UInt8(ascii: "-")
        {
            var j = start
            while j < bytes.count, Self.isDateChar(bytes[j]) { j += 1 }
            var text = Array(bytes[start..<j])
            if text.count == 10 { text += Array("T00:00:00Z".utf8) }  // a bare date means midnight UTC
            guard let date = DateTimeOffset.parse(text[...]) else {
                throw error("invalid date-time literal '\(String(decoding: bytes[start..<j], as: UTF8.self))'",
                            at: start)
            }
            i = j
            return ODataToken(kind: .dateTimeOffset(date), offset: start)
        }
        var j = start
        if bytes[j] == UInt8(ascii: "-") { j += 1 }
        while j < bytes.count, Self.isDigit(bytes[j]) { j += 1 }
        var isDecimal = false
        if j < bytes.count, bytes[j] == UInt8(ascii: "."), j + 1 < bytes.count, Self.isDigit(bytes[j + 1]) {
            isDecimal = true
            j += 1
            while j < bytes.count, Self.isDigit(bytes[j]) { j += 1 }
        }
        if j < bytes.count, bytes[j] == UInt8(ascii: "e") || bytes[j] == UInt8(ascii: "E") {
            var k = j + 1
            if k < bytes.count, bytes[k] == UInt8(ascii: "+") || bytes[k] == UInt8(ascii: "-") { k += 1 }
            if k < bytes.count, Self.isDigit(bytes[k]) {
                isDecimal = true
                j = k
                while j < bytes.count, Self.isDigit(bytes[j]) { j += 1 }
            }
        }
        let text = String(decoding: bytes[start..<j], as: UTF8.self)
        if j < bytes.count, Self.isIdentStart(bytes[j]) {
            throw error("invalid number '\(text)\(Character(Unicode.Scalar(bytes[j])))'", at: start)
        }
        i = j
        if !isDecimal, let v = Int64(text) { return ODataToken(kind: .integer(v), offset: start) }
        guard let d = Double(text), d.isFinite else { throw error("number '\(text)' is out of range", at: start) }
        return ODataToken(kind: .decimal(d), offset: start)
    }

    private static func scalarText(_ bytes: [UInt8], at i: Int) -> String {
        var j = i + 1
        while j < bytes.count, j - i < 4, bytes[j] & 0xC0 == 0x80 { j += 1 }
        return String(decoding: bytes[i..<j], as: UTF8.self)
    }
}

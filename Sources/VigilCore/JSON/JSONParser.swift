/// A strict RFC 8259 JSON parser from UTF-8 bytes to `JSONValue`.
///
/// Faster than going through `Codable`, and its errors say what is wrong and where (line, column and
/// byte offset), which is what a client sending a malformed body needs. Nesting is limited so hostile
/// input cannot exhaust the stack; invalid UTF-8 inside strings is rejected.
public struct JSONParser {
    /// Deepest accepted nesting of arrays and objects.
    public static let maximumDepth = 256

    let bytes: UnsafeBufferPointer<UInt8>
    var i = 0
    var depth = 0
    /// Members of the objects being parsed (nested objects stack up); reused so that each object's
    /// dictionary is built once at its final size.
    private var members: [(String, JSONValue)] = []
    /// Whether some object named a property twice (the last value is kept).
    private var repeatedNames = false

    init(_ bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

    /// Parses one JSON document and says whether any object in it repeated a property name.
    public static func parseCheckingNames(_ data: some Collection<UInt8>) throws(VigilError)
        -> (value: JSONValue, repeatedNames: Bool)
    {
        let result: Result<(JSONValue, Bool), VigilError> = data.withContiguousStorageIfAvailable { buffer in
            var parser = JSONParser(buffer)
            return Result { () throws(VigilError) -> (JSONValue, Bool) in (try parser.document(), parser.repeatedNames) }
        } ?? {
            let copy = Array(data)
            return copy.withUnsafeBufferPointer { buffer in
                var parser = JSONParser(buffer)
                return Result { () throws(VigilError) -> (JSONValue, Bool) in (try parser.document(), parser.repeatedNames) }
            }
        }()
        let (value, repeated) = try result.get()
        return (value, repeated)
    }

    /// Parses one JSON document; only whitespace may follow it.
    public static func parse(_ data: some Collection<UInt8>) throws(VigilError) -> JSONValue {
        let result: Result<JSONValue, VigilError> = data.withContiguousStorageIfAvailable { buffer in
            var parser = JSONParser(buffer)
            return Result { () throws(VigilError) -> JSONValue in try parser.document() }
        } ?? {
            let copy = Array(data)
            return copy.withUnsafeBufferPointer { buffer in
                var parser = JSONParser(buffer)
                return Result { () throws(VigilError) -> JSONValue in try parser.document() }
            }
        }()
        return try result.get()
    }

    /// Parses a string of JSON text.
    public static func parse(_ text: String) throws(VigilError) -> JSONValue {
        try parse(Array(text.utf8))
    }

    private mutating func document() throws(VigilError) -> JSONValue {
        skipWhitespace()
        guard i < bytes.count else { throw error("the body is empty; expected a JSON value") }
        let value = try parseValue()
        skipWhitespace()
        guard i == bytes.count else { throw error("unexpected \(describeByte()) after the JSON value") }
        return value
    }

    mutating func skipWhitespace() {
        while i < bytes.count {
            switch bytes[i] {
            case 0x20, 0x09, 0x0A, 0x0D: i += 1
            default: return
            }
        }
    }

    mutating func parseValue() throws(VigilError) -> JSONValue {
        guard i < bytes.count else { throw error("the JSON ends where a value was expected") }
        switch bytes[i] {
        case UInt8(ascii: "{"): return try parseObject()
        case UInt8(ascii: "["): return try parseArray()
        case UInt8(ascii: "\""): return .string(try parseString())
        case UInt8(ascii: "t"): try literal("true"); return .bool(true)
        case UInt8(ascii: "f"): try literal("false"); return .bool(false)
        case UInt8(ascii: "n"): try literal("null"); return .null
        case UInt8(ascii: "-"), 0x30...0x39: return try parseNumber()
        default: throw error("unexpected \(describeByte()); expected a JSON value")
        }
    }

    mutating func literal(_ word: String) throws(VigilError) {
        let expected = Array(word.utf8)
        guard bytes.count - i >= expected.count,
              expected.indices.allSatisfy({ bytes[i + $0] == expected[$0] }) else {
            throw error("invalid literal; expected \(word)")
        }
        i += expected.count
    }

    mutating func enter() throws(VigilError) {
        depth += 1
        if depth > Self.maximumDepth { throw error("nesting deeper than \(Self.maximumDepth) levels") }
    }

    private mutating func parseObject() throws(VigilError) -> JSONValue {
        try enter()
        defer { depth -= 1 }
        i += 1
        skipWhitespace()
        if i < bytes.count, bytes[i] == UInt8(ascii: "}") {
            i += 1
            return .object([:])
        }
        let start = members.count
        while true {
            skipWhitespace()
            guard i < bytes.count, bytes[i] == UInt8(ascii: "\"") else {
                throw error(i < bytes.count ? "expected a property name in double quotes but found \(describeByte())"
                                            : "the JSON ends inside an object")
            }
            let key = try parseString()
            skipWhitespace()
            guard i < bytes.count, bytes[i] == UInt8(ascii: ":") else {
                throw error("expected ':' after the property name \"\(key)\"")
            }
            i += 1
            skipWhitespace()
            let value = try parseValue()
            members.append((key, value))
            skipWhitespace()
            guard i < bytes.count else { throw error("the JSON ends inside an object") }
            if bytes[i] == UInt8(ascii: ",") { i += 1; continue }
            if bytes[i] == UInt8(ascii: "}") {
                i += 1
                var object = [String: JSONValue](minimumCapacity: members.count - start)
                // A repeated name keeps its last value, as before.
                for index in start..<members.count { object[members[index].0] = members[index].1 }
                if object.count < members.count - start { repeatedNames = true }
                members.removeSubrange(start...)
                return .object(object)
            }
            throw error("expected ',' or '}' in an object but found \(describeByte())")
        }
    }

    private mutating func parseArray() throws(VigilError) -> JSONValue {
        try enter()
        defer { depth -= 1 }
        i += 1
        var array: [JSONValue] = []
        skipWhitespace()
        if i < bytes.count, bytes[i] == UInt8(ascii: "]") {
            i += 1
            return .array(array)
        }
        while true {
            skipWhitespace()
            array.append(try parseValue())
            skipWhitespace()
            guard i < bytes.count else { throw error("the JSON ends inside an array") }
            if bytes[i] == UInt8(ascii: ",") { i += 1; continue }
            if bytes[i] == UInt8(ascii: "]") { i += 1; return .array(array) }
            throw error("expected ',' or ']' in an array but found \(describeByte())")
        }
    }

    mutating func parseString() throws(VigilError) -> String {
        let start = i
        i += 1
        // Fast path: no escapes and plain ASCII.
        var j = i
        while j < bytes.count {
            let c = bytes[j]
            if c == UInt8(ascii: "\"") {
                let s = String(decoding: UnsafeBufferPointer(rebasing: bytes[i..<j]), as: UTF8.self)
                i = j + 1
                return s
            }
            if c == UInt8(ascii: "\\") || c >= 0x80 || c < 0x20 { break }
            j += 1
        }
        var out: [UInt8] = Array(bytes[i..<j])
        i = j
        while i < bytes.count {
            let c = bytes[i]
            switch c {
            case UInt8(ascii: "\""):
                i += 1
                return String(decoding: out, as: UTF8.self)
            case UInt8(ascii: "\\"):
                i += 1
                guard i < bytes.count else { break }
                let e = bytes[i]
                i += 1
                switch e {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(e)
                case UInt8(ascii: "b"): out.append(0x08)
                case UInt8(ascii: "f"): out.append(0x0C)
                case UInt8(ascii: "n"): out.append(0x0A)
                case UInt8(ascii: "r"): out.append(0x0D)
                case UInt8(ascii: "t"): out.append(0x09)
                case UInt8(ascii: "u"):
                    var scalar = try hex4()
                    if (0xD800...0xDBFF).contains(scalar) {
                        guard bytes.count - i >= 6, bytes[i] == UInt8(ascii: "\\"), bytes[i + 1] == UInt8(ascii: "u") else {
                            throw error("a high surrogate \\u escape is not followed by a low surrogate")
                        }
                        i += 2
                        let low = try hex4()
                        guard (0xDC00...0xDFFF).contains(low) else { throw error("invalid surrogate pair in a \\u escape") }
                        scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                    } else if (0xDC00...0xDFFF).contains(scalar) {
                        throw error("a lone low surrogate in a \\u escape")
                    }
                    guard let u = Unicode.Scalar(scalar) else { throw error("invalid \\u escape") }
                    out.append(contentsOf: Array(String(Character(u)).utf8))
                default:
                    i -= 1
                    throw error("invalid escape '\\\(Character(Unicode.Scalar(e)))' in a string")
                }
            default:
                if c < 0x20 { throw error("a control character (0x\(String(c, radix: 16))) must be escaped in a string") }
                if c < 0x80 {
                    out.append(c)
                    i += 1
                } else {
                    let n = try utf8SequenceLength(at: i)
                    out.append(contentsOf: bytes[i..<(i + n)])
                    i += n
                }
            }
        }
        i = start
        throw error("a string is not terminated")
    }

    private mutating func hex4() throws(VigilError) -> UInt32 {
        guard bytes.count - i >= 4 else { throw error("a \\u escape needs four hex digits") }
        var v: UInt32 = 0
        for _ in 0..<4 {
            let c = bytes[i]
            let d: UInt32
            switch c {
            case 0x30...0x39: d = UInt32(c - 0x30)
            case 0x41...0x46: d = UInt32(c - 0x41 + 10)
            case 0x61...0x66: d = UInt32(c - 0x61 + 10)
            default: throw error("a \\u escape needs four hex digits")
            }
            v = v << 4 | d
            i += 1
        }
        return v
    }

    /// Validates one UTF-8 sequence and returns its length.
    private func utf8SequenceLength(at k: Int) throws(VigilError) -> Int {
        guard let n = UTF8Validation.sequenceLength(bytes, at: k) else { throw error("invalid UTF-8 in a string") }
        return n
    }

    mutating func parseNumber() throws(VigilError) -> JSONValue {
        let start = i
        if bytes[i] == UInt8(ascii: "-") { i += 1 }
        guard i < bytes.count, (0x30...0x39).contains(bytes[i]) else { throw error("invalid number") }
        if bytes[i] == 0x30 {
            i += 1
            if i < bytes.count, (0x30...0x39).contains(bytes[i]) { throw error("a number cannot have leading zeros") }
        } else {
            while i < bytes.count, (0x30...0x39).contains(bytes[i]) { i += 1 }
        }
        var isInteger = true
        if i < bytes.count, bytes[i] == UInt8(ascii: ".") {
            isInteger = false
            i += 1
            guard i < bytes.count, (0x30...0x39).contains(bytes[i]) else { throw error("a decimal point needs digits after it") }
            while i < bytes.count, (0x30...0x39).contains(bytes[i]) { i += 1 }
        }
        if i < bytes.count, bytes[i] == UInt8(ascii: "e") || bytes[i] == UInt8(ascii: "E") {
            isInteger = false
            i += 1
            if i < bytes.count, bytes[i] == UInt8(ascii: "+") || bytes[i] == UInt8(ascii: "-") { i += 1 }
            guard i < bytes.count, (0x30...0x39).contains(bytes[i]) else { throw error("an exponent needs digits") }
            while i < bytes.count, (0x30...0x39).contains(bytes[i]) { i += 1 }
        }
        if isInteger, i - start <= 18 {
            // Up to 18 digits always fit in Int64: no string needed.
            var k = start
            let negative = bytes[k] == UInt8(ascii: "-")
            if negative { k += 1 }
            var v: Int64 = 0
            while k < i { v = v * 10 + Int64(bytes[k] - 0x30); k += 1 }
            return .int(negative ? -v : v)
        }
        let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<i]), as: UTF8.self)
        if isInteger, let v = Int64(text) { return .int(v) }
        guard let d = Double(text), d.isFinite else {
            i = start
            throw error("the number \(text) is out of range")
        }
        return .double(d)
    }

    func describeByte() -> String {
        guard i < bytes.count else { return "the end of the input" }
        let c = bytes[i]
        if c >= 0x21 && c < 0x7F { return "'\(Character(Unicode.Scalar(c)))'" }
        return "byte 0x\(String(c, radix: 16, uppercase: true))"
    }

    func error(_ message: String) -> VigilError {
        var line = 1, column = 1
        var k = 0
        while k < min(i, bytes.count) {
            if bytes[k] == 0x0A { line += 1; column = 1 } else if bytes[k] & 0xC0 != 0x80 { column += 1 }
            k += 1
        }
        return VigilError(.badRequest, "Malformed JSON: \(message) at line \(line), column \(column) (byte \(i)).")
    }
}

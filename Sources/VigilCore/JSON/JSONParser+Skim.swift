/// An object inside a JSON document, validated but not built: where it lies, and where each member's name and
/// value lie, as byte offsets into the document (names are not turned into strings until asked for).
public struct JSONObjectSpan: Sendable {
    /// The object's bytes, from `{` to `}`.
    public var range: Range<Int>
    /// Its members in order: the name's bytes between its quotes, and the value's bytes (a repeated name
    /// appears twice; the last one wins, as with `JSONParser`).
    public var members: [(name: Range<Int>, value: Range<Int>)]

    /// The value span of the member `name` (the last one, if repeated), in `document`, the bytes the span was
    /// read from. A name written with escapes is compared after decoding them.
    public func value(_ name: String, in document: [UInt8]) -> Range<Int>? {
        var wanted = name
        return wanted.withUTF8 { key in
            for member in members.reversed() where Self.nameEquals(document, member.name, key) { return member.value }
            return nil
        }
    }

    /// The members' names, decoded.
    public func names(in document: [UInt8]) -> [String] {
        members.map { Self.decodedName(document, $0.name) }
    }

    static func nameEquals(_ document: [UInt8], _ range: Range<Int>, _ key: UnsafeBufferPointer<UInt8>) -> Bool {
        if document[range].contains(UInt8(ascii: "\\")) { return decodedName(document, range).utf8.elementsEqual(key) }
        return range.count == key.count && document[range].elementsEqual(key)
    }

    /// A name's text with its escapes decoded (the scan validated it, so the fallback is never taken).
    static func decodedName(_ document: [UInt8], _ range: Range<Int>) -> String {
        let quoted = [UInt8(ascii: "\"")] + document[range] + [UInt8(ascii: "\"")]
        return (try? JSONParser.parse(quoted))?.stringValue ?? String(decoding: document[range], as: UTF8.self)
    }
}

extension JSONParser {
    /// Reads a Graph collection answer (`{"value":[{…},…],"@odata.nextLink":…}`) in one pass: the members
    /// other than `arrayMember` are parsed, the objects of `arrayMember` are validated as strictly as
    /// `parse` does (UTF-8, escapes, numbers, nesting) and located, but not built. Reading a page this way
    /// costs a fraction of building every item, and the items can be copied out as they came.
    ///
    /// - Returns: the other members, and the array's objects (`nil` when the member is absent).
    /// - Throws: `VigilError` for malformed JSON, a body that is not an object, an `arrayMember` that is not an
    ///   array, or an element of it that is not an object.
    public static func skimCollection(_ bytes: [UInt8], arrayMember: String = "value") throws(VigilError)
        -> (members: [String: JSONValue], items: [JSONObjectSpan]?)
    {
        let result: Result<([String: JSONValue], [JSONObjectSpan]?), VigilError> = bytes.withUnsafeBufferPointer { buffer in
            var parser = JSONParser(buffer)
            return Result { () throws(VigilError) in try parser.collection(arrayMember) }
        }
        let (members, items) = try result.get()
        return (members, items)
    }

    private mutating func collection(_ arrayMember: String) throws(VigilError) -> ([String: JSONValue], [JSONObjectSpan]?) {
        skipWhitespace()
        guard i < bytes.count, bytes[i] == UInt8(ascii: "{") else {
            if i < bytes.count { _ = try parseValue() }  // malformed JSON is reported as such
            throw error("expected a JSON object")
        }
        var members: [String: JSONValue] = [:]
        var items: [JSONObjectSpan]?
        try enter()
        i += 1
        try eachMemberSpan { parser, range throws(VigilError) in
            let name = JSONObjectSpan.decodedName(Array(parser.bytes[range]), 0..<range.count)
            if name == arrayMember {
                items = try parser.objectsOfArray()
            } else {
                members[name] = try parser.parseValue()
            }
        }
        depth -= 1
        skipWhitespace()
        guard i == bytes.count else { throw error("unexpected \(describeByte()) after the JSON value") }
        return (members, items)
    }

    /// Runs `body` at each member's value of the object whose `{` was just passed, up to and past its `}`, with
    /// the member's name as the range of its bytes between the quotes (validated, not decoded).
    private mutating func eachMemberSpan(_ body: (inout JSONParser, Range<Int>) throws(VigilError) -> Void) throws(VigilError) {
        skipWhitespace()
        if i < bytes.count, bytes[i] == UInt8(ascii: "}") { i += 1; return }
        while true {
            skipWhitespace()
            guard i < bytes.count, bytes[i] == UInt8(ascii: "\"") else {
                throw error(i < bytes.count ? "expected a property name in double quotes but found \(describeByte())"
                                            : "the JSON ends inside an object")
            }
            let nameStart = i + 1
            try skipString()
            let name = nameStart..<(i - 1)
            skipWhitespace()
            guard i < bytes.count, bytes[i] == UInt8(ascii: ":") else { throw error("expected ':' after a property name") }
            i += 1
            skipWhitespace()
            try body(&self, name)
            skipWhitespace()
            guard i < bytes.count else { throw error("the JSON ends inside an object") }
            if bytes[i] == UInt8(ascii: ",") { i += 1; continue }
            if bytes[i] == UInt8(ascii: "}") { i += 1; return }
            throw error("expected ',' or '}' in an object but found \(describeByte())")
        }
    }

    private mutating func objectsOfArray() throws(VigilError) -> [JSONObjectSpan] {
        guard i < bytes.count, bytes[i] == UInt8(ascii: "[") else { throw error("expected an array") }
        try enter()
        defer { depth -= 1 }
        i += 1
        var items: [JSONObjectSpan] = []
        skipWhitespace()
        if i < bytes.count, bytes[i] == UInt8(ascii: "]") { i += 1; return items }
        while true {
            skipWhitespace()
            guard i < bytes.count, bytes[i] == UInt8(ascii: "{") else { throw error("an item of the array is not a JSON object") }
            let start = i
            try enter()
            i += 1
            var members: [(name: Range<Int>, value: Range<Int>)] = []
            members.reserveCapacity(32)
            try eachMemberSpan { parser, name throws(VigilError) in
                let valueStart = parser.i
                try parser.skipValue()
                members.append((name, valueStart..<parser.i))
            }
            depth -= 1
            items.append(JSONObjectSpan(range: start..<i, members: members))
            skipWhitespace()
            guard i < bytes.count else { throw error("the JSON ends inside an array") }
            if bytes[i] == UInt8(ascii: ",") { i += 1; continue }
            if bytes[i] == UInt8(ascii: "]") { i += 1; return items }
            throw error("expected ',' or ']' in an array but found \(describeByte())")
        }
    }

    /// Moves past one value, checking it as `parseValue` would, without building it.
    mutating func skipValue() throws(VigilError) {
        guard i < bytes.count else { throw error("the JSON ends where a value was expected") }
        switch bytes[i] {
        case UInt8(ascii: "{"):
            try enter()
            i += 1
            try eachMemberSpan { parser, _ throws(VigilError) in try parser.skipValue() }
            depth -= 1
        case UInt8(ascii: "["):
            try enter()
            defer { depth -= 1 }
            i += 1
            skipWhitespace()
            if i < bytes.count, bytes[i] == UInt8(ascii: "]") { i += 1; return }
            while true {
                skipWhitespace()
                try skipValue()
                skipWhitespace()
                guard i < bytes.count else { throw error("the JSON ends inside an array") }
                if bytes[i] == UInt8(ascii: ",") { i += 1; continue }
                if bytes[i] == UInt8(ascii: "]") { i += 1; return }
                throw error("expected ',' or ']' in an array but found \(describeByte())")
            }
        case UInt8(ascii: "\""): try skipString()
        case UInt8(ascii: "t"): try literal("true")
        case UInt8(ascii: "f"): try literal("false")
        case UInt8(ascii: "n"): try literal("null")
        case UInt8(ascii: "-"), 0x30...0x39: _ = try parseNumber()
        default: throw error("unexpected \(describeByte()); expected a JSON value")
        }
    }

    /// Moves past a string: plain ASCII is scanned; one with escapes or other characters is checked by
    /// `parseString`.
    private mutating func skipString() throws(VigilError) {
        var j = i + 1
        while j < bytes.count {
            let c = bytes[j]
            if c == UInt8(ascii: "\"") { i = j + 1; return }
            if c == UInt8(ascii: "\\") || c >= 0x80 || c < 0x20 { break }
            j += 1
        }
        _ = try parseString()
    }
}

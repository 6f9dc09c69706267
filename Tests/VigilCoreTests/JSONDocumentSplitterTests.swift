import Testing
@testable import VigilCore

/// The streaming splitter: every shape, fed in chunks of every size, gives what the whole body gives;
/// arrays and collections are read element by element; bad parts are reported with their line.
@Suite("JSON document splitter")
struct JSONDocumentSplitterTests {
    /// A document as text: `line: object` or `line: error message` (`-` when no line).
    static func describe(_ document: JSONDocumentSplitter.Document) -> String {
        switch document {
        case .success(let found): "\(found.line): \(JSONWriter.string(.object(found.object)))"
        case .failure(let error): "\(error.line.map(String.init) ?? "-"): \(error.message)"
        }
    }

    static func whole(_ body: String, limit: Int = JSONDocumentSplitter.defaultLimit) -> [String] {
        var splitter = JSONDocumentSplitter(body: Array(body.utf8), limit: limit)
        var out: [String] = []
        while let document = splitter.next() { out.append(describe(document)) }
        return out
    }

    static func chunked(_ body: String, size: Int, limit: Int = JSONDocumentSplitter.defaultLimit) -> [String] {
        let bytes = Array(body.utf8)
        var splitter = JSONDocumentSplitter(limit: limit)
        var out: [String] = []
        var start = 0
        while start < bytes.count {
            splitter.append(bytes[start..<min(bytes.count, start + size)])
            start += size
            while let document = splitter.next() { out.append(describe(document)) }
        }
        splitter.finish()
        while let document = splitter.next() { out.append(describe(document)) }
        return out
    }

    /// Bodies of every shape, and hostile ones: brackets and quotes in strings, escapes, truncation,
    /// garbage, a byte-order mark, documents larger than the small limit used below.
    static let bodies: [String] = [
        #"[{"a":1},{"a":2}]"#,
        #"{"value":[{"a":1},{"a":2}],"@odata.context":"x"}"#,
        "{\"@odata.context\":\"x\",\n \"value\": [\n  {\"a\":1},\n  {\"a\":2}\n ],\n \"@odata.nextLink\":\"y\"\n}\n",
        "{\"a\":1}\n{\"a\":2}\n",
        "{\"a\":1}\r\n{\"a\":2}\r\n",
        "{\n  \"a\": 1\n}\n{\n  \"a\": 2\n}",
        "  {\"a\":1}{\"a\":2}  ",
        #"{"value":[1],"other":true}"#,
        "{\"a\":1}\nnot json\n{\"a\":\n{\"a\":3}\n[1]\n",
        "[\n {\"a\": \"x}]\\\"\"},\n {\"b\": [1,2,{\"c\":\"]\"}]}\n]\n",
        #"[1, "s,]", true, null, {"a":1}, [2]]"#,
        #"[{"a":1},{"a":2}"#,
        #"[{"a":1},{"a":"#,
        #"{"value":[{"a":1},{"a":2}"#,
        "{\"value\":[{\"a\":1}],\"@x\":{\"y\":[1]}}\n{\"b\":2}",
        "\u{FEFF}[{\"a\":1}]",
        "\u{FEFF}",
        "{\"a\":\"\\\"{\"}\n{\"a\":\"b",
        "",
        "  \r\n\n",
        "42",
        "{}",
        "[]",
        #"{"value":{}}"#,
        #"{"value":[]}"#,
        "{\"a\":1} garbage\n{\"a\":2}",
        "{\"a\":\"" + String(repeating: "x", count: 100) + "\"}\n{\"a\":2}\n",
        "{\"a\":\"" + String(repeating: "x", count: 100) + "\n{\"a\":2}\n",
        "[{\"a\":\"" + String(repeating: "x", count: 100) + "\"},{\"a\":2}]",
        "{\"big\":[\n" + String(repeating: "1,\n", count: 40) + "2]}\n{\"a\":2}\n",
        #"{"value":[{"a":1},{"a":2}],"id":3}"#,
        "{\"value\":[" + String(repeating: "{\"a\":3},\n", count: 20) + "{\"a\":4}],\"id\":3,\"@n\":\"}\"}\n{\"b\":1}",
        String(repeating: "not json at all, a line longer than the limit ", count: 3) + "\n{\"a\":1}",
    ]

    @Test("Fed in chunks of every size, a body gives what it gives whole", arguments: bodies)
    func chunksOfEverySize(_ body: String) {
        for limit in [64, JSONDocumentSplitter.defaultLimit] {
            let whole = Self.whole(body, limit: limit)
            for size in 1...(body.utf8.count + 1) {
                let chunked = Self.chunked(body, size: size, limit: limit)
                #expect(chunked == whole, "limit \(limit), chunks of \(size)")
                if chunked != whole { break }
            }
        }
    }

    @Test("Arrays and collections give their elements with the lines they start on")
    func arraysAndCollections() {
        #expect(Self.whole("[\n {\"a\":1},\n {\"a\":2}\n]") == [#"2: {"a":1}"#, #"3: {"a":2}"#])
        #expect(Self.whole("{\"@odata.context\":\"x\",\n \"value\": [\n  {\"a\":1},\n  {\"a\":2}\n ],\n \"@odata.nextLink\":\"y\"\n}\n")
            == [#"3: {"a":1}"#, #"4: {"a":2}"#])
        #expect(Self.whole(#"[1, "s,]", {"a":1}]"#) == ["1: expected a JSON object, found number", "1: expected a JSON object, found string",
                                                         #"1: {"a":1}"#])
        // Only the first document is read as an array or collection; later ones are documents.
        #expect(Self.whole("{\"a\":1}\n[{\"a\":2}]\n{\"value\":[{\"a\":3}]}")
            == [#"1: {"a":1}"#, "2: expected a JSON object, found array", #"3: {"value":[{"a":3}]}"#])
        // An object with other members than value and annotations is one object, wherever the others are.
        #expect(Self.whole(#"{"value":[{"a":1},{"a":2}],"id":3}"#) == [#"1: {"id":3,"value":[{"a":1},{"a":2}]}"#])
        #expect(Self.whole(#"{"value":{"a":1}}"#) == [#"1: {"value":{"a":1}}"#])
    }

    @Test("NDJSON, CRLF and pretty-printed objects one after another")
    func documentsOneAfterAnother() {
        #expect(Self.whole("{\"a\":1}\r\n\r\n{\"a\":2}\r\n") == [#"1: {"a":1}"#, #"3: {"a":2}"#])
        #expect(Self.whole("{\n  \"a\": \"}\"\n}\n{\n  \"a\": 2\n}") == [#"1: {"a":"}"}"#, #"4: {"a":2}"#])
        #expect(Self.whole("\u{FEFF}{\"a\":1}\n") == [#"1: {"a":1}"#])
    }

    @Test("A malformed part is reported on its line and the rest is read")
    func malformedParts() {
        let found = Self.whole("{\"a\":1}\nnot json\n{\"a\":\"b\n{\"a\":3}\n")
        #expect(found.count == 4)
        #expect(found[0] == #"1: {"a":1}"#)
        #expect(found[1].hasPrefix("2: malformed JSON"))
        // Not closed: its first line is reported and reading resumes on the next one.
        #expect(found[2].hasPrefix("3: malformed JSON"))
        #expect(found[3] == #"4: {"a":3}"#)
    }

    @Test("A truncated array or collection gives its complete elements and says it is not closed")
    func truncated() {
        #expect(Self.whole("[{\"a\":1},\n{\"a\":2},\n{\"a\":") .map { $0.prefix(20) }
            == [#"1: {"a":1}"#, #"2: {"a":2}"#, "3: malformed JSON: M", "1: the JSON array is"])
        #expect(Self.whole("{\"value\":[{\"a\":1},{\"a\":2}")
            == [#"1: {"a":1}"#, #"1: {"a":2}"#, "1: the value array is not closed at the end of the input"])
    }

    @Test("An array far larger than the limit is read element by element")
    func largeArrayStreams() {
        let body = "[\n" + (0..<2000).map { "{\"n\":\($0)}" }.joined(separator: ",\n") + "\n]\n"
        let found = Self.chunked(body, size: 100, limit: 64)
        #expect(found.count == 2000)
        #expect(found.first == #"2: {"n":0}"#)
        #expect(found.last == #"2001: {"n":1999}"#)
        let collection = "{\"@odata.context\":\"x\",\"value\":[" + (0..<2000).map { "{\"n\":\($0)}" }.joined(separator: ",") + "],\"@x\":1}"
        let elements = Self.chunked(collection, size: 100, limit: 64)
        #expect(elements.count == 2000)
        #expect(elements.last == #"1: {"n":1999}"#)
        // Too large to be checked first, a collection with another member is still streamed; the member is reported.
        #expect(Self.whole(#"{"value":["# + String(repeating: #"{"a":1},"#, count: 10) + #"{"a":2}],"id":3}"#, limit: 64).suffix(2)
            == [#"1: {"a":2}"#, "1: a member other than value and @ annotations in a collection object is ignored"])
    }

    @Test("A document larger than the limit is reported and skipped; the rest is read")
    func overLimit() {
        let long = "{\"a\":\"" + String(repeating: "x", count: 200) + "\"}"
        #expect(Self.chunked(long + "\n{\"a\":2}\n", size: 7, limit: 64)
            == ["1: a document larger than 64 bytes (or never closed) starts here; reading resumes on the next line", #"2: {"a":2}"#])
        let pretty = "{\n \"a\": \"" + String(repeating: "x", count: 200) + "\"\n}\n{\"a\":2}\n"
        let found = Self.chunked(pretty, size: 7, limit: 64)
        #expect(found.first?.hasPrefix("1: a document larger than 64 bytes") == true)
        #expect(found.last == #"4: {"a":2}"#)
    }

    @Test("It holds at most the limit and one chunk, whatever the input's length")
    func boundedBuffer() {
        var splitter = JSONDocumentSplitter(limit: 1024)
        let line = Array(("{\"a\":\"" + String(repeating: "y", count: 200) + "\"}\n").utf8)
        let huge = Array(("{\"a\":\"" + String(repeating: "z", count: 100_000) + "\"}\n").utf8)
        var largest = 0, documents = 0
        for round in 0..<5000 {
            splitter.append(round == 2500 ? huge : line)
            largest = max(largest, splitter.buffer.count)
            while let document = splitter.next() { if case .success = document { documents += 1 } }
        }
        splitter.finish()
        while splitter.next() != nil {}
        #expect(documents == 4999)
        #expect(largest <= 1024 + huge.count)
        #expect(splitter.buffer.count < 1024)
    }
}

import Testing
@testable import VigilCore

@Suite("Stored body from the request line")
struct AlertStoredBodyTests {
    static func body(_ line: String, repeated: Bool = false, filled: [(String, JSONValue)] = []) -> String? {
        Alert.storedBody(line: Array(line.utf8)[...], repeatedNames: repeated, filled: filled)
            .map { String(decoding: $0, as: UTF8.self) }
    }

    @Test("Lines the model would write the same are kept, trimmed, with filled properties in front")
    func kept() {
        #expect(Self.body(#"  {"id":"a","createdDateTime":"2024-01-01T00:00:00Z"} "#) == #"{"id":"a","createdDateTime":"2024-01-01T00:00:00Z"}"#)
        #expect(Self.body("{\"id\":\"a\"}\r") == #"{"id":"a"}"#)
        #expect(Self.body(#"{"id":"a","x":1}"#, filled: [("azureTenantId", "t1"), ("eventDateTime", "2024-01-01T00:00:00Z")])
                == #"{"azureTenantId":"t1","eventDateTime":"2024-01-01T00:00:00Z","id":"a","x":1}"#)
        #expect(Self.body(#"{ }"#, filled: [("azureTenantId", "t1")]) == #"{"azureTenantId":"t1" }"#)
        // Dates without offsets and ids with dashes stay on the fast path.
        #expect(Self.body(#"{"id":"abc-12345","d":"2024-01-01"}"#) != nil)
    }

    @Test("Lines only the model writes faithfully are refused", arguments: [
        #"{"id":"a","createdDateTime":"2024-01-01T00:00:00+02:00"}"#,
        #"{"id":"a","createdDateTime":"2024-01-01T00:00:00-05:00"}"#,
        #"{"id":"a","createdDateTime":"2024-01-01T00:00:00-0530"}"#,
        #"{"id":"a","title":"a+b"}"#,
        #"{"id":"a","@vigil.occurrenceCount":3}"#,
        #"["id"]"#, #""text""#, #"{"id":"a""#,
    ])
    func refused(line: String) {
        #expect(Self.body(line) == nil)
    }

    @Test("A line that names a property twice is refused")
    func repeated() throws {
        let line = #"{"id":"a","id":"b"}"#
        let (value, repeatedNames) = try JSONParser.parseCheckingNames(Array(line.utf8))
        #expect(repeatedNames)
        #expect(value["id"] == "b")
        #expect(Self.body(line, repeated: repeatedNames) == nil)
        let nested = try JSONParser.parseCheckingNames(Array(#"{"v":{"p":1,"p":2}}"#.utf8))
        #expect(nested.repeatedNames)
        #expect(try JSONParser.parseCheckingNames(Array(#"{"a":{"p":1},"b":{"p":2}}"#.utf8)).repeatedNames == false)
    }
}

@Suite("Content digest")
struct ContentDigestTests {
    @Test("Stable values, every byte counts, lengths are told apart")
    func digest() {
        // Fixed expectations: the digest is persisted (body_hash), so it must never change silently.
        #expect(StableHash.digest64("") == 5_368_432_100_798_890_093)
        let a = StableHash.digest64("the quick brown fox jumps over the lazy dog")
        #expect(a == 1_873_406_035_705_993_347)
        #expect(a != StableHash.digest64("the quick brown fox jumps over the lazy dog."))
        #expect(a != StableHash.digest64("the quick brown fox jumps over the lazy doh"))
        #expect(StableHash.digest64("a") != StableHash.digest64("a\u{0}"))
        var seen: Set<UInt64> = []
        for n in 0..<2000 { seen.insert(StableHash.digest64(String(repeating: "x", count: n % 50) + "\(n)")) }
        #expect(seen.count == 2000)
    }
}

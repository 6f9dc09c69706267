import Testing
import VigilCore

/// `JSONParser.skimCollection` reads a collection answer without building its items: what it locates must
/// parse to exactly what the full parser builds, and it must refuse whatever the full parser refuses.
@Suite("Skimming a collection answer")
struct JSONSkimTests {
    /// The full parser's reading of a collection: other members, and the items of `value` (`nil` when absent;
    /// throws when an item is not an object).
    static func fullReading(_ bytes: [UInt8]) throws -> ([String: JSONValue], [[String: JSONValue]]?) {
        guard case .object(var object) = try JSONParser.parse(bytes) else { throw VigilError(.badRequest, "not an object") }
        guard let value = object.removeValue(forKey: "value") else { return (object, nil) }
        guard case .array(let items) = value else { throw VigilError(.badRequest, "value is not an array") }
        return (object, try items.map { item in
            guard case .object(let o) = item else { throw VigilError(.badRequest, "not an object item") }
            return o
        })
    }

    static func skimmedReading(_ bytes: [UInt8]) throws -> ([String: JSONValue], [[String: JSONValue]]?) {
        let (members, spans) = try JSONParser.skimCollection(bytes)
        return (members, try spans?.map { span in
            guard case .object(let whole) = try JSONParser.parse(bytes[span.range]) else { throw VigilError(.badRequest, "") }
            // Each member's span parses to the member's value.
            var rebuilt: [String: JSONValue] = [:]
            for (name, member) in zip(span.names(in: bytes), span.members) {
                rebuilt[name] = try JSONParser.parse(bytes[member.value])
                #expect(span.value(name, in: bytes) != nil)
            }
            #expect(rebuilt == whole)
            return whole
        })
    }

    static let bodies: [String] = [
        #"{"value":[]}"#,
        #"{"@odata.context":"x","value":[{"id":"a","n":1,"d":2.5e3,"b":true,"z":null,"o":{"p":[1,{"q":"r"}]}},{"id":"b"}],"@odata.nextLink":"http://p/v1.0/security/alerts?$skip=2","@odata.count":7}"#,
        " {\r\n \"value\" : [ { \"id\" : \"\\u00e9\\n\\\"\" , \"t\":\"caf\u{e9} \u{1F600}\" } ] } \n",
        #"{"value":[{"id":"a","id":"b"}]}"#,
        #"{"@odata.count":0}"#,
        #"{"value":[{}],"value2":[1,2]}"#,
        #"{"value":[{"i\u0064":"x","a\"b":1,"caf\u00e9":2,"café":3}]}"#,
    ]

    @Test("Valid bodies: the same members and items as the full parser", arguments: bodies)
    func sameAsFullParse(_ body: String) throws {
        let bytes = Array(body.utf8)
        let full = try Self.fullReading(bytes), skimmed = try Self.skimmedReading(bytes)
        #expect(full.0 == skimmed.0)
        #expect(full.1 == skimmed.1)
    }

    @Test("Refused: not an object, a value that is not an array of objects, and malformed JSON of every kind")
    func refusals() {
        for body in [
            "[]", "\"x\"", "", "   ", #"{"value":{}}"#, #"{"value":[1]}"#, #"{"value":[{"a":1},"x"]}"#,
            #"{"value":[{"a":01}]}"#, #"{"value":[{"a":"\x"}]}"#, #"{"value":[{"a":"unterminated}]}"#,
            #"{"value":[{"a":tru}]}"#, #"{"value":[{"a":1,}]}"#, #"{"value":[{"a" 1}]}"#, #"{"value":[{"a":[1,]}]}"#,
            #"{"value":[{"a":1}]} x"#, #"{"value":[{"a":"\ud800"}]}"#, #"{"value":[{"a":1}]"#,
            "{\"value\":[{\"a\":\"\u{01}\"}]}",
            String(repeating: "[", count: 300),
            #"{"value":[{"a":"# + String(repeating: "[", count: 300) + String(repeating: "]", count: 300) + "}]}",
        ] {
            #expect(throws: VigilError.self, "\(body.prefix(60))") { _ = try JSONParser.skimCollection(Array(body.utf8)) }
        }
        // Invalid UTF-8 inside a string.
        #expect(throws: VigilError.self) { _ = try JSONParser.skimCollection(Array(#"{"value":[{"a":""#.utf8) + [0xC3, 0x28] + Array(#""}]}"#.utf8)) }
    }

    @Test("Random damage: the skim refuses exactly what the full reading refuses, and agrees on the rest")
    func randomDamage() throws {
        var seed: UInt64 = 0x5EED
        func next() -> Int {
            seed = seed &* 6364136223846793005 &+ 1442695040888963407
            return Int(truncatingIfNeeded: seed >> 33)
        }
        let source = Array(Self.bodies[1].utf8) + Array(Self.bodies[2].utf8)
        let alphabet = Array(#"{}[],:"\ 0123456789.eE+-truefalsn\u"#.utf8) + [0x80, 0xFF, 0x0A]
        for _ in 0..<4000 {
            var bytes = next() % 2 == 0 ? Array(Self.bodies[1].utf8) : Array(Self.bodies[2].utf8)
            for _ in 0..<(1 + next() % 3) {
                let at = next() % (bytes.count + 1)
                switch next() % 3 {
                case 0: if at < bytes.count { bytes.remove(at: at) }
                case 1: bytes.insert(alphabet[next() % alphabet.count], at: at)
                default: if at < bytes.count { bytes[at] = source[next() % source.count] }
                }
            }
            let full = Result { try Self.fullReading(bytes) }
            let skimmed = Result { try Self.skimmedReading(bytes) }
            switch (full, skimmed) {
            case (.success(let a), .success(let b)):
                #expect(a.0 == b.0 && a.1 == b.1, "\(String(decoding: bytes, as: UTF8.self))")
            case (.failure, .failure): break
            default:
                Issue.record("the readings disagree on \(String(decoding: bytes, as: UTF8.self)): full \(full), skim \(skimmed)")
            }
        }
    }
}

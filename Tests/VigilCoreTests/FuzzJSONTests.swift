import Foundation
import Testing
import VigilTesting
@testable import VigilCore

/// Seeded random input for the JSON readers: `JSONParser` (full and skim), `JSONDocumentSplitter` and
/// `LineBatcher`. They answer with a value or a `VigilError`/`ConnectorError`, never a trap or a hang; what
/// parses is written back by `JSONWriter` and reparses to the same value; nesting past
/// `JSONParser.maximumDepth` is refused; the skim agrees with the full parser; the streaming readers give
/// the same answer however the input is cut into chunks.
extension FuzzHarnesses {
@Suite("Fuzz: JSON parser, skim, document splitter and line batcher")
struct FuzzJSONTests {
    /// The Wazuh fixture: real-shaped NDJSON.
    static let wazuhLines: [String] = {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("Fixtures/wazuh/alerts.json")
        let text = (try? String(contentsOf: url, encoding: .utf8)) ?? ""
        return text.split(separator: "\n").map(String.init)
    }()

    @Test("The seed corpus is loaded (a missing fixture would quietly weaken the harnesses)")
    func seedsLoaded() {
        #expect(Self.wazuhLines.count >= 3)
    }

    static let documents: [String] = [
        "null", "true", "-0", "0.5e-3", "12345678901234567890", #""\u00e9\ud83d\ude00\n\"\\\/""#,
        #"{"a":[1,2.5,-3e2,true,false,null,"x",{"b":{}}],"c":"d","a\u0062":[]}"#,
        "[[[[[[[[[[1]]]]]]]]]]", #"{"k":"v","k":"w"}"#, " \t\r\n[ ] ", #"["é", "😀", "\u0000", "\u001f"]"#,
    ] + JSONSkimTests.bodies + wazuhLines

    static let tokens = ["{", "}", "[", "]", ",", ":", "\"", "\"a\":", "\\u00", "\\ud800", "\\udc00", "true", "fals",
                         "null", "-", ".", "e+", "E-", "1e999", "\"value\":", "\"value\":[", "@odata.nextLink"]

    static let mutator = FuzzMutator(seeds: documents, tokens: tokens, brackets: [("[", "]"), ("{\"a\":", "}")])

    /// The nesting depth of a value (a scalar is 0).
    static func depth(_ value: JSONValue) -> Int {
        switch value {
        case .array(let items): 1 + (items.map(depth).max() ?? 0)
        case .object(let members): 1 + (members.values.map(depth).max() ?? 0)
        default: 0
        }
    }

    static func checkError(_ error: VigilError, _ fuzzCase: FuzzCase) {
        #expect(error.code == .badRequest, "code \(error.code): \(fuzzCase)")
        #expect(error.message.hasPrefix("Malformed JSON: "), "message '\(error.message)': \(fuzzCase)")
    }

    @Test("Parse: a value that writes back and reparses equal, or a 400; nesting limited")
    func parse() {
        Fuzz.run("json.parse", iterations: 2500, input: { Self.mutator.input(&$0) }) { fuzzCase, random in
            let value: JSONValue
            do throws(VigilError) {
                value = try JSONParser.parse(fuzzCase.input)
            } catch {
                Self.checkError(error, fuzzCase)
                return
            }
            let written = JSONWriter.bytes(value)
            do throws(VigilError) {
                let again = try JSONParser.parse(written)
                #expect(again == value, "reparsed differently from \(FuzzCase.escaped(written)): \(fuzzCase)")
            } catch {
                Issue.record("JSONWriter wrote \(FuzzCase.escaped(written)), which does not parse (\(error.message)): \(fuzzCase)")
            }
            #expect((try? JSONParser.parseCheckingNames(fuzzCase.input))?.value == value,
                    "parseCheckingNames differs: \(fuzzCase)")
            // Wrapped in arrays: accepted exactly while the depth stays within the limit.
            let n = random.chance(50) ? random.within(1...8) : random.within(200...300)
            let wrapped = [UInt8](repeating: UInt8(ascii: "["), count: n) + written + [UInt8](repeating: UInt8(ascii: "]"), count: n)
            let fits = Self.depth(value) + n <= JSONParser.maximumDepth
            do throws(VigilError) {
                _ = try JSONParser.parse(wrapped)
                #expect(fits, "depth \(Self.depth(value) + n) was accepted: \(fuzzCase)")
            } catch {
                #expect(!fits, "depth \(Self.depth(value) + n) was refused (\(error.message)): \(fuzzCase)")
            }
        }
    }

    static let collectionMutator = FuzzMutator(seeds: JSONSkimTests.bodies + [
        #"{"value":[{"id":"1","a":{"b":[{"c":null}]}},{"id":"2","s":"\"]}"}],"@odata.count":2}"#,
        #"{"@odata.nextLink":"x","value":[]}"#,
    ], tokens: tokens, brackets: [("[", "]"), ("{\"value\":[", "]}"), ("{\"a\":", "}")])

    /// The full parser's reading of a collection, in comparable form; `nil` when it refuses it.
    static func fullReading(_ bytes: [UInt8]) -> [String]? {
        guard case .object(var object)? = try? JSONParser.parse(bytes) else { return nil }
        var out = [JSONWriter.string(.object(object.filter { $0.key != "value" }))]
        guard let items = object.removeValue(forKey: "value") else { return out + ["no items"] }
        guard case .array(let array) = items else { return nil }
        for item in array {
            guard case .object = item else { return nil }
            out.append(JSONWriter.string(item))
        }
        return out
    }

    /// The skim's reading in the same form; each span must parse, and its members to the member values.
    static func skimmedReading(_ bytes: [UInt8], _ fuzzCase: FuzzCase) -> [String]? {
        guard let skimmed = try? JSONParser.skimCollection(bytes) else { return nil }
        let (members, spans) = skimmed
        var out = [JSONWriter.string(.object(members))]
        guard let spans else { return out + ["no items"] }
        for span in spans {
            guard let whole = try? JSONParser.parse(bytes[span.range]), case .object(let object) = whole else {
                Issue.record("a skimmed item does not parse to an object: \(fuzzCase)")
                return out
            }
            for name in span.names(in: bytes) {
                let value = span.value(name, in: bytes).flatMap { try? JSONParser.parse(bytes[$0]) }
                #expect(value != nil && value == object[name], "skimmed member \(name) differs from the item's: \(fuzzCase)")
            }
            out.append(JSONWriter.string(whole))
        }
        return out
    }

    @Test("Skim: refuses exactly what the full parser refuses and agrees on the rest")
    func skim() {
        Fuzz.run("json.skim", iterations: 2000, input: { Self.collectionMutator.input(&$0) }) { fuzzCase, _ in
            let full = Self.fullReading(fuzzCase.input), skimmed = Self.skimmedReading(fuzzCase.input, fuzzCase)
            #expect(full == skimmed, "full \(full ?? ["refused"]) but skim \(skimmed ?? ["refused"]): \(fuzzCase)")
        }
    }

    static let bodyMutator = FuzzMutator(seeds: JSONDocumentSplitterTests.bodies + [wazuhLines.joined(separator: "\n")],
                                         tokens: tokens + ["\n", "\r\n", "\u{FEFF}"],
                                         brackets: [("[", "]"), ("{\"a\":", "}"), ("{\"value\":[", "]}")])

    /// Reads a body whole, with a limit.
    static func split(_ bytes: [UInt8], limit: Int) -> [String] {
        var splitter = JSONDocumentSplitter(body: bytes, limit: limit)
        var out: [String] = []
        while let document = splitter.next() { out.append(JSONDocumentSplitterTests.describe(document)) }
        return out
    }

    /// Reads a body in random chunks, with a limit.
    static func split(_ bytes: [UInt8], limit: Int, chunks random: inout FuzzRandom) -> [String] {
        var splitter = JSONDocumentSplitter(limit: limit)
        var out: [String] = []
        var start = 0
        while start < bytes.count {
            let end = min(bytes.count, start + random.smallLength(upTo: 700))
            splitter.append(bytes[start..<end])
            start = end
            while let document = splitter.next() { out.append(JSONDocumentSplitterTests.describe(document)) }
        }
        splitter.finish()
        while let document = splitter.next() { out.append(JSONDocumentSplitterTests.describe(document)) }
        return out
    }

    @Test("Document splitter: the same documents whatever the chunks, lines in order")
    func splitter() {
        Fuzz.run("json.splitter", iterations: 1500, input: { Self.bodyMutator.input(&$0) }) { fuzzCase, random in
            let limit = random.chance(70) ? JSONDocumentSplitter.defaultLimit : random.within(1...300)
            let whole = Self.split(fuzzCase.input, limit: limit)
            let chunked = Self.split(fuzzCase.input, limit: limit, chunks: &random)
            #expect(whole == chunked, "limit \(limit): whole \(whole) but chunked \(chunked): \(fuzzCase)")
            if limit == JSONDocumentSplitter.defaultLimit {
                let documents = JSONDocuments.objects(fuzzCase.input).map(JSONDocumentSplitterTests.describe)
                #expect(documents == whole, "JSONDocuments differs: \(fuzzCase)")
            }
        }
    }

    static let lineMutator = FuzzMutator(seeds: [
        "a\nb\nc\n", "#fields\tts\n#types\ttime\n1\n2\n#fields\tx\n3\n", "\n\n\n", "no newline at the end",
        wazuhLines.prefix(3).joined(separator: "\n"), "#only headers\n#here\n", "x\r\ny\r\n",
    ], tokens: ["\n", "#", "\r\n", "\t", "#fields\t"], brackets: [])

    /// The batches of an input fed in random chunks.
    static func batches(_ bytes: [UInt8], _ make: () -> LineBatcher, chunks random: inout FuzzRandom) -> [Result<LineBatcher.Batch, ConnectorError>] {
        var batcher = make()
        var out: [Result<LineBatcher.Batch, ConnectorError>] = []
        var start = 0
        while start < bytes.count {
            let end = min(bytes.count, start + random.smallLength(upTo: 200))
            batcher.append(bytes[start..<end])
            start = end
            while let batch = batcher.next() { out.append(batch) }
        }
        batcher.finish()
        while let batch = batcher.next() { out.append(batch) }
        return out
    }

    @Test("Line batcher: the same batches whatever the chunks; without headers, the lines themselves")
    func lineBatcher() {
        Fuzz.run("json.lines", iterations: 1200, input: { Self.lineMutator.input(&$0) }) { fuzzCase, random in
            let perBatch = random.within(1...6), headers = random.chance(50)
            let longest = random.chance(50) ? JSONDocumentSplitter.defaultLimit : random.within(1...120)
            let make = { LineBatcher(linesPerBatch: perBatch, repeatHeaders: headers, maximumLineBytes: longest) }
            var whole = make()
            whole.append(fuzzCase.input)
            whole.finish()
            var expected: [Result<LineBatcher.Batch, ConnectorError>] = []
            while let batch = whole.next() { expected.append(batch) }
            let chunked = Self.batches(fuzzCase.input, make, chunks: &random)
            #expect(chunked == expected, "chunks change the batches: \(fuzzCase)")
            guard !headers else { return }
            // Without headers: the batches hold every line, each ended by a newline, a too-long one emptied.
            var lines = fuzzCase.input.split(separator: 0x0A, omittingEmptySubsequences: false)
            if lines.last?.isEmpty == true { lines.removeLast() }
            let kept = lines.map { ($0.count > longest ? [] : Array($0)) + [0x0A] }.joined()
            let sent = expected.compactMap { try? $0.get().bytes }.joined()
            #expect(Array(sent) == Array(kept), "the batches do not hold the lines: \(fuzzCase)")
            let failures = expected.filter { if case .failure = $0 { true } else { false } }.count
            #expect(failures == lines.filter { $0.count > longest }.count, "too-long lines miscounted: \(fuzzCase)")
        }
    }
}
}

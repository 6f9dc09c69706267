import Testing
import VigilTesting
@testable import VigilCore

/// Seeded random input for threat-intelligence import: the STIX pattern reader, STIX bundles and MISP
/// documents. A pattern reads into at most `STIXPattern.maximumAlternatives` alternatives or fails with a
/// reason; nesting past its limit is refused. A file imports or fails with a `VigilError` (400), never a
/// trap or a hang, and every indicator an import returns passes `submissionProblem` (the documented
/// contract of `IndicatorImport`).
extension FuzzHarnesses {
@Suite("Fuzz: STIX patterns, STIX and MISP import")
struct FuzzThreatIntelTests {
    static let defaults = IndicatorImportDefaults(now: DateTimeOffset(secondsSinceEpoch: 1_717_200_000))

    static let patterns = [
        "[ipv4-addr:value = '198.51.100.1' OR ipv4-addr:value = '198.51.100.0/24' OR ipv6-addr:value = '2001:db8::/32']",
        "[url:value = 'http://x4z9arb.cn/4712/']",
        "[file:hashes.'SHA-256' = 'EF537F25C895BFA782526529A9B63D97AA631564D5D789C2B765448C8635FB6C' AND file:name = 'evil.exe']",
        "[file:hashes.md5 = '001dd76872d80801692ff942308c64e6' OR file:hashes.'sha-1' = '023853a4331db8d67e44553004cf338ec1b7440e']",
        "[domain-name:value = 'evil.example'] OR [email-message:from_ref.value = 'ceo@evil.example'] AND [email-addr:value = 'a@b.example']",
        "[domain-name:value IN ('a.example', 'b.example')]", "[domain-name:value NOT IN ('a.example')]",
        "([ipv4-addr:value = '192.0.2.1'] OR [ipv4-addr:value = '192.0.2.2']) AND ([url:value = 'http://a/'] OR [url:value = 'http://b/'])",
        "[ipv4-addr:value = '192.0.2.1'] FOLLOWEDBY [domain-name:value = 'evil.example']",
        "[ipv4-addr:value = '192.0.2.1'] WITHIN 60 SECONDS", "[EXISTS windows-registry-key:values[*].name]",
        "[file:size > 100 AND file:created >= t'2024-01-01T00:00:00Z' AND file:content = b'QUJD' AND file:x = h'ff']",
        "[x:y MATCHES '^a\\\\'b$' AND x:z LIKE 'a%' AND x:w != 'q' AND x:v ISSUBSET '10.0.0.0/8']",
    ]
    static let patternTokens = ["[", "]", "(", ")", "'", "\\'", "\\", " AND ", " OR ", " NOT ", " IN ", " FOLLOWEDBY ",
                                " WITHIN 5 SECONDS", " REPEATS 2 TIMES", " START t'2024-01-01T00:00:00Z' STOP ",
                                " = ", " != ", " <= ", "!", " MATCHES ", " LIKE ", " EXISTS ", "ipv4-addr:value",
                                "file:hashes.'SHA-256'", "email-message:from_ref.value", ",", "t'", "b'", "h'",
                                "'198.51.100.0/33'", "'::ffff:1.2.3.4'", "'a@b'", "''"]
    static let patternMutator = FuzzMutator(seeds: patterns, tokens: patternTokens,
                                            brackets: [("(", ")"), ("[", "]"), ("([", "])")])

    @Test("STIX patterns: alternatives within the limit or a reason; nesting limited")
    func stixPatterns() {
        Fuzz.run("stix.pattern", iterations: 2500, input: { Self.patternMutator.input(&$0) }) { fuzzCase, random in
            let alternatives: [[STIXPattern.Comparison]]
            do throws(ImportProblem) {
                alternatives = try STIXPattern.alternatives(fuzzCase.text)
            } catch {
                #expect(!error.reason.isEmpty, "a failure without a reason: \(fuzzCase)")
                return
            }
            #expect((1...STIXPattern.maximumAlternatives).contains(alternatives.count),
                    "\(alternatives.count) alternatives: \(fuzzCase)")
            for comparison in alternatives.joined() {
                #expect(comparison.key.contains(":"), "comparison path \(comparison.path): \(fuzzCase)")
                _ = comparison.observable()
            }
            // Parentheses around the whole pattern: the same alternatives, or refused as nested too deeply.
            let n = random.chance(50) ? random.within(1...3) : random.within(64...90)
            let wrapped = String(repeating: "(", count: n) + fuzzCase.text + String(repeating: ")", count: n)
            do throws(ImportProblem) {
                let again = try STIXPattern.alternatives(wrapped)
                #expect(n < 64, "\(n) parentheses were accepted: \(fuzzCase)")
                #expect(again == alternatives, "\(n) parentheses change the alternatives: \(fuzzCase)")
            } catch {
                #expect(error.reason.contains("nested too deeply"), "\(n) parentheses: \(error.reason): \(fuzzCase)")
            }
        }
    }

    /// Texts that make awkward field values: empty, blank, long, odd Unicode, near-valid.
    static let oddTexts = ["", " ", "\t\n", "x", String(repeating: "long name ", count: 30), "é😀\u{202E}", "\u{0}",
                           "tlp:red", "TLP:AMBER+STRICT", "9999-12-31T23:59:59Z", "0001-01-01T00:00:00Z",
                           "2024-02-30T00:00:00Z", "indicator--a", "1", "true"]

    /// A text field: usually sensible, often odd.
    static func text(_ sensible: [String], _ random: inout FuzzRandom) -> JSONValue {
        .string(random.chance(60) ? random.element(of: sensible) ?? "" : random.element(of: oddTexts) ?? "")
    }

    /// Any JSON value of a few kinds, for fields that might hold the wrong kind.
    static func anyValue(_ random: inout FuzzRandom) -> JSONValue {
        let values: [JSONValue] = [.null, .bool(true), .int(-1), .int(101), .int(Int64.max), .double(1e300), .array([]),
                                   .object([:]), .string("")]
        return random.element(of: values) ?? .null
    }

    /// A STIX bundle with indicators of random fields and mutated patterns, and context objects.
    static func bundle(_ random: inout FuzzRandom) -> [UInt8] {
        var objects: [JSONValue] = [
            ["type": "marking-definition", "id": "marking-definition--own", "definition": ["tlp": text(["red", "green", "clear"], &random)]],
            ["type": "malware", "id": "malware--1", "name": text(["BadLoader"], &random)],
            ["type": "relationship", "relationship_type": "indicates", "source_ref": "indicator--1", "target_ref": "malware--1"],
        ]
        for k in 0..<random.within(1...4) {
            var indicator: [String: JSONValue] = ["type": "indicator", "id": .string("indicator--\(k)")]
            let pattern = random.chance(80) ? patternMutator.input(&random) : Array((random.element(of: patterns) ?? "").utf8)
            indicator["pattern"] = .string(String(decoding: pattern, as: UTF8.self))
            if random.chance(70) { indicator["name"] = text(["Three hosts", "C2"], &random) }
            if random.chance(40) { indicator["description"] = text(["A description"], &random) }
            if random.chance(30) { indicator["pattern_type"] = text(["stix", "STIX", "sigma"], &random) }
            if random.chance(40) { indicator["valid_until"] = text(["2030-01-01T00:00:00Z", "2020-01-01T00:00:00Z"], &random) }
            if random.chance(30) { indicator["confidence"] = random.chance(50) ? .int(Int64(random.within(-5...105))) : anyValue(&random) }
            if random.chance(30) { indicator["labels"] = .array([text(["apt", "malicious-activity"], &random)]) }
            if random.chance(30) { indicator["indicator_types"] = .array([text(["anonymization", "compromised", "malicious-activity"], &random)]) }
            if random.chance(30) {
                indicator["kill_chain_phases"] = .array([["kill_chain_name": text(["lockheed-martin-cyber-kill-chain", "mitre-attack"], &random),
                                                          "phase_name": text(["command-and-control", "delivery"], &random)]])
            }
            if random.chance(30) {
                indicator["object_marking_refs"] = .array([text(["marking-definition--own", "marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ed"], &random)])
            }
            if random.chance(10) { indicator["revoked"] = random.chance(50) ? .bool(true) : anyValue(&random) }
            if random.chance(10) { indicator[random.element(of: Array(indicator.keys)) ?? "id"] = anyValue(&random) }
            objects.append(.object(indicator))
        }
        return JSONWriter.bytes(["type": "bundle", "id": "bundle--fuzz", "objects": .array(objects)])
    }

    static let stixMutator = FuzzMutator(seeds: [IndicatorImportTests.bundle], tokens: patternTokens + [
        "\"pattern\":", "\"name\":\"\",", "\"type\":\"indicator\",", "\"revoked\":true,", "null", "{", "}", "[", "]"])

    /// Checks an import's result.
    static func check(_ result: Result<IndicatorImport, VigilError>, _ fuzzCase: FuzzCase) {
        switch result {
        case .success(let imported):
            for indicator in imported.indicators {
                #expect(indicator.submissionProblem == nil,
                        "indicator \(indicator.externalId ?? "-") cannot be submitted: \(indicator.submissionProblem ?? ""): \(fuzzCase)")
            }
            for skipped in imported.skipped {
                #expect(!skipped.reason.isEmpty, "skipped \(skipped.reference) without a reason: \(fuzzCase)")
            }
        case .failure(let error):
            #expect(error.code == .badRequest, "code \(error.code): \(fuzzCase)")
        }
    }

    @Test("STIX bundles: indicators that can be submitted, reasons for the rest, or a 400")
    func stixBundles() {
        Fuzz.run("stix.bundle", iterations: 1500, input: { random in
            random.chance(50) ? Self.bundle(&random) : Self.stixMutator.input(&random)
        }) { fuzzCase, _ in
            Self.check(Result { () throws(VigilError) -> IndicatorImport in try STIXImport.read(fuzzCase.input, defaults: Self.defaults) }, fuzzCase)
        }
    }

    /// Attribute types with values that suit them.
    static let attributeKinds: [(type: String, values: [String])] = [
        ("ip-src", ["203.0.113.5", "2001:db8::1", "198.51.100.0/24"]), ("ip-dst|port", ["198.51.100.7|443", "2001:db8::1|53"]),
        ("domain", ["evil.example", "evil.example."]), ("hostname", ["mail.evil.example"]),
        ("domain|ip", ["evil.example|203.0.113.9"]), ("url", ["http://evil.example/x.php"]),
        ("md5", ["7637BEDDACBEAC59D44469B2B120B9E6"]), ("sha1", ["023853a4331db8d67e44553004cf338ec1b7440e"]),
        ("sha256", ["6ae8b0f1c7d6f3238d1fc14038018c3b4704c8cc23dac1c2bfd2c81b5a278eef"]),
        ("filename|md5", ["drop.exe|7637beddacbeac59d44469b2b120b9e6"]), ("malware-sample", ["a.zip|7637beddacbeac59d44469b2b120b9e6"]),
        ("filename", ["invoice.doc"]), ("email-src", ["ceo@evil.example"]), ("email-dst", ["cfo@victim.example"]),
        ("email", ["ops@evil.example"]), ("uri", ["/x.php"]), ("regkey", ["HKLM\\Run"]),
    ]

    /// A MISP document with one event of random attributes, in one of the accepted wrappings.
    static func mispDocument(_ random: inout FuzzRandom) -> [UInt8] {
        var attributes: [JSONValue] = []
        for k in 0..<random.within(1...5) {
            let kind = random.element(of: attributeKinds) ?? ("url", ["http://a/"])
            var attribute: [String: JSONValue] = ["uuid": .string("a\(k)"), "type": .string(kind.type)]
            attribute["value"] = random.chance(15)
                ? .string(String(decoding: patternMutator.mutate(Array((random.element(of: kind.values) ?? "").utf8), &random, steps: 2), as: UTF8.self))
                : text(kind.values, &random)
            let flags: [JSONValue] = [.bool(true), .bool(true), .string("1"), .int(1), .bool(false), .string(""), .string("yes"), .null]
            attribute["to_ids"] = random.element(of: flags) ?? .bool(true)
            if random.chance(20) { attribute["last_seen"] = text(["2024-05-01T00:00:00Z", "2020-01-01T00:00:00Z"], &random) }
            if random.chance(20) { attribute["Tag"] = .array([["name": text(["tlp:green", "TLP:RED", "tlp:amber+strict"], &random)]]) }
            if random.chance(10) { attribute["deleted"] = anyValue(&random) }
            if random.chance(10) { attribute[random.element(of: Array(attribute.keys)) ?? "value"] = anyValue(&random) }
            attributes.append(.object(attribute))
        }
        var event: [String: JSONValue] = ["Attribute": .array(attributes)]
        if random.chance(80) { event["info"] = text(["Phishing wave", "C2"], &random) }
        if random.chance(50) { event["uuid"] = text(["e-1"], &random) }
        if random.chance(30) { event["Tag"] = .array([["name": text(["tlp:clear", "phishing"], &random)]]) }
        if random.chance(20) { event["Object"] = .array([["Attribute": .array(attributes), "deleted": anyValue(&random)]]) }
        let wrapped: JSONValue = switch random.below(4) {
        case 0: ["Event": .object(event)]
        case 1: .object(event)
        case 2: ["response": [["Event": .object(event)]]]
        default: [.object(event), ["Event": .object(event)]]
        }
        return JSONWriter.bytes(wrapped)
    }

    static let mispMutator = FuzzMutator(seeds: [IndicatorImportTests.event], tokens: [
        "\"to_ids\":true,", "\"value\":\"\",", "\"info\":\" \",", "\"type\":\"domain|ip\",", "|", "null", "{", "}", "[", "]",
        "\"Attribute\":[", "\"Event\":"])

    @Test("MISP documents: indicators that can be submitted, reasons for the rest, or a 400")
    func mispDocuments() {
        Fuzz.run("misp.document", iterations: 1500, input: { random in
            random.chance(50) ? Self.mispDocument(&random) : Self.mispMutator.input(&random)
        }) { fuzzCase, _ in
            Self.check(Result { () throws(VigilError) -> IndicatorImport in try MISPImport.read(fuzzCase.input, defaults: Self.defaults) }, fuzzCase)
        }
    }
}
}

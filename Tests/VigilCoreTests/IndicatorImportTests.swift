import Foundation
import Testing
@testable import VigilCore

/// STIX and MISP files read into `tiIndicator`s (`STIXImport`, `MISPImport`).
@Suite("IndicatorImport")
struct IndicatorImportTests {
    /// 2024-06-01T00:00:00Z.
    static let now = DateTimeOffset(secondsSinceEpoch: 1_717_200_000)
    static let defaults = IndicatorImportDefaults(now: now)
    static let inNinetyDays = now.adding(seconds: 90 * 86_400)

    static func stix(_ text: String) throws -> IndicatorImport {
        try STIXImport.read(Array(text.utf8), defaults: defaults)
    }

    static func misp(_ text: String) throws -> IndicatorImport {
        try MISPImport.read(Array(text.utf8), defaults: defaults)
    }

    /// The indicator with an `externalId`, recorded as an issue when missing.
    static func indicator(_ result: IndicatorImport, _ externalId: String,
                          sourceLocation: SourceLocation = #_sourceLocation) -> TiIndicator {
        guard let found = result.indicators.first(where: { $0.externalId == externalId }) else {
            Issue.record("no indicator \(externalId)", sourceLocation: sourceLocation)
            return TiIndicator()
        }
        return found
    }

    static func expectSubmittable(_ result: IndicatorImport, sourceLocation: SourceLocation = #_sourceLocation) {
        for indicator in result.indicators {
            #expect(indicator.submissionProblem == nil, "\(indicator.externalId ?? "?")", sourceLocation: sourceLocation)
        }
    }

    // MARK: - STIX

    static let bundle = #"""
    {"type": "bundle", "id": "bundle--1", "objects": [
      {"type": "identity", "id": "identity--1", "name": "ACME CERT", "identity_class": "organization"},
      {"type": "marking-definition", "id": "marking-definition--acme-green", "definition_type": "tlp",
       "definition": {"tlp": "green"}},
      {"type": "marking-definition", "id": "marking-definition--acme-statement", "definition_type": "statement",
       "definition": {"statement": "Copyright ACME"}},
      {"type": "malware", "id": "malware--1", "name": "BadLoader", "is_family": true},
      {"type": "threat-actor", "id": "threat-actor--1", "name": "Wizard Spider"},
      {"type": "relationship", "id": "relationship--1", "relationship_type": "indicates",
       "source_ref": "indicator--b", "target_ref": "malware--1"},
      {"type": "relationship", "id": "relationship--2", "relationship_type": "indicates",
       "source_ref": "indicator--d", "target_ref": "threat-actor--1"},
      {"type": "relationship", "id": "relationship--3", "relationship_type": "uses",
       "source_ref": "threat-actor--1", "target_ref": "malware--1"},
      {"type": "sighting", "id": "sighting--1", "sighting_of_ref": "indicator--a"},
      {"type": "indicator", "id": "indicator--a", "name": "Three hosts", "indicator_types": ["malicious-activity"],
       "pattern": "[ipv4-addr:value = '198.51.100.1' OR ipv4-addr:value = '198.51.100.0/24' OR ipv6-addr:value = '2001:db8::/32']",
       "pattern_type": "stix", "valid_from": "2024-01-01T00:00:00Z", "valid_until": "2030-01-01T00:00:00Z",
       "confidence": 80, "labels": ["apt"],
       "object_marking_refs": ["marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ed"],
       "kill_chain_phases": [{"kill_chain_name": "lockheed-martin-cyber-kill-chain", "phase_name": "command-and-control"},
                             {"kill_chain_name": "mitre-attack", "phase_name": "exfiltration"}]},
      {"type": "indicator", "id": "indicator--b", "indicator_types": ["malicious-activity"],
       "name": "A very long name for a download site that goes on and on well past the one hundred characters Graph allows",
       "description": "not used", "pattern": "[url:value = 'http://x4z9arb.cn/4712/']",
       "object_marking_refs": ["marking-definition--acme-statement", "marking-definition--acme-green"]},
      {"type": "indicator", "id": "indicator--c", "description": "Dropper", "indicator_types": ["malicious-activity"],
       "pattern": "[file:hashes.'SHA-256' = 'EF537F25C895BFA782526529A9B63D97AA631564D5D789C2B765448C8635FB6C' AND file:name = 'evil.exe']",
       "object_marking_refs": ["marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487"]},
      {"type": "indicator", "id": "indicator--d", "name": "Two hashes",
       "pattern": "[file:hashes.md5 = '001dd76872d80801692ff942308c64e6' OR file:hashes.'sha-1' = '023853a4331db8d67e44553004cf338ec1b7440e']"},
      {"type": "indicator", "id": "indicator--e", "name": "Mail",
       "pattern": "[domain-name:value = 'evil.example'] OR [email-message:from_ref.value = 'ceo@evil.example'] OR [email-addr:value = 'ops@evil.example']"},
      {"type": "indicator", "id": "indicator--f", "name": "Proxy", "indicator_types": ["anonymization"],
       "pattern": "[ipv4-addr:value = '203.0.113.7']",
       "granular_markings": [
         {"marking_ref": "marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da", "selectors": ["pattern", "name"]},
         {"marking_ref": "marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ed", "selectors": ["description"]}]},
      {"type": "indicator", "id": "indicator--g", "name": "Listed", "pattern": "[domain-name:value IN ('a.example', 'b.example')]"},
      {"type": "indicator", "id": "indicator--h", "name": "Half", "pattern": "[domain-name:value = 'ok.example' OR windows-registry-key:key = 'HKLM\\Run']"},
      {"type": "indicator", "id": "indicator--revoked", "name": "Old", "revoked": true, "pattern": "[ipv4-addr:value = '192.0.2.1']"},
      {"type": "indicator", "id": "indicator--expired", "name": "Old", "valid_until": "2020-01-01T00:00:00Z",
       "pattern": "[ipv4-addr:value = '192.0.2.1']"},
      {"type": "indicator", "id": "indicator--process", "name": "P", "pattern": "[process:name = 'evil.exe']"},
      {"type": "indicator", "id": "indicator--matches", "name": "M", "pattern": "[email-message:from_ref.value MATCHES '.+@evil']"},
      {"type": "indicator", "id": "indicator--ne", "name": "N", "pattern": "[ipv4-addr:value != '10.0.0.1']"},
      {"type": "indicator", "id": "indicator--like", "name": "L", "pattern": "[url:value LIKE 'http://%']"},
      {"type": "indicator", "id": "indicator--two-hashes", "name": "T",
       "pattern": "[file:hashes.MD5 = '001dd76872d80801692ff942308c64e6' AND file:hashes.'SHA-1' = '023853a4331db8d67e44553004cf338ec1b7440e']"},
      {"type": "indicator", "id": "indicator--followed", "name": "F",
       "pattern": "[ipv4-addr:value = '192.0.2.1'] FOLLOWEDBY [domain-name:value = 'evil.example']"},
      {"type": "indicator", "id": "indicator--within", "name": "W", "pattern": "[ipv4-addr:value = '192.0.2.1'] WITHIN 60 SECONDS"},
      {"type": "indicator", "id": "indicator--sigma", "name": "S", "pattern_type": "sigma", "pattern": "title: x"},
      {"type": "indicator", "id": "indicator--broken", "name": "B", "pattern": "[ipv4-addr:value = '192.0.2.1'"},
      {"type": "indicator", "id": "indicator--bad-ip", "name": "B", "pattern": "[ipv4-addr:value = '192.0.2.300']"},
      {"type": "indicator", "id": "indicator--bad-hash", "name": "B", "pattern": "[file:hashes.MD5 = 'abc']"},
      {"type": "indicator", "id": "indicator--sha512", "name": "B", "pattern": "[file:hashes.'SHA-512' = 'abc']"}
    ]}
    """#

    @Test func stixBundleMapsEveryProperty() throws {
        let result = try Self.stix(Self.bundle)
        #expect(result.indicators.count == 14)
        Self.expectSubmittable(result)

        let a1 = Self.indicator(result, "indicator--a#1")
        #expect(a1.networkIPv4 == "198.51.100.1")
        #expect(Self.indicator(result, "indicator--a#2").networkCidrBlock == "198.51.100.0/24")
        #expect(Self.indicator(result, "indicator--a#3").networkCidrBlock == "2001:db8::/32")
        #expect(a1.description == "Three hosts")
        #expect(a1.expirationDateTime == DateTimeOffset("2030-01-01T00:00:00Z"))
        #expect(a1.confidence == 80)
        #expect(a1.tags == ["apt", "mitre-attack:exfiltration"])
        #expect(a1.killChain == ["C2"])
        #expect(a1.threatType == "C2")
        #expect(a1.tlpLevel == .red)
        #expect(a1.targetProduct == "Azure Sentinel")
        #expect(a1.action == .alert)

        let b = Self.indicator(result, "indicator--b")
        #expect(b.url == "http://x4z9arb.cn/4712/")
        #expect(b.description?.count == 100)
        #expect(b.description?.hasPrefix("A very long name") == true)
        #expect(b.description?.hasSuffix("…") == true)
        #expect(b.threatType == "MaliciousUrl")
        #expect(b.malwareFamilyNames == ["BadLoader"])
        #expect(b.tlpLevel == .green)
        #expect(b.expirationDateTime == Self.inNinetyDays)
        #expect(b.confidence == nil)

        let c = Self.indicator(result, "indicator--c")
        #expect(c.fileHashType == .sha256)
        #expect(c.fileHashValue == "ef537f25c895bfa782526529a9b63d97aa631564d5d789c2b765448c8635fb6c")
        #expect(c.fileName == "evil.exe")
        #expect(c.description == "Dropper")
        #expect(c.threatType == "Malware")
        #expect(c.tlpLevel == .white)

        let d1 = Self.indicator(result, "indicator--d#1")
        #expect(d1.fileHashType == .md5)
        #expect(d1.threatType == "WatchList")
        #expect(d1.tlpLevel == .amber)
        #expect(d1.activityGroupNames == ["Wizard Spider"])
        #expect(Self.indicator(result, "indicator--d#2").fileHashType == .sha1)

        #expect(Self.indicator(result, "indicator--e#1").domainName == "evil.example")
        #expect(Self.indicator(result, "indicator--e#2").emailSenderAddress == "ceo@evil.example")
        #expect(Self.indicator(result, "indicator--e#3").emailSenderAddress == "ops@evil.example")

        let f = Self.indicator(result, "indicator--f")
        #expect(f.threatType == "Proxy")
        #expect(f.tlpLevel == .green, "the red marking is on description, which the indicator does not use")

        #expect(Self.indicator(result, "indicator--g#1").domainName == "a.example")
        #expect(Self.indicator(result, "indicator--g#2").domainName == "b.example")
        #expect(Self.indicator(result, "indicator--h#1").domainName == "ok.example")
    }

    @Test func stixSkipsWithReasons() throws {
        let result = try Self.stix(Self.bundle)
        let skipped = result.skipped.map { [$0.reference, $0.reason] }
        #expect(skipped == [
            ["indicator--h#2", "object path windows-registry-key:key is not supported"],
            ["indicator--revoked", "revoked"],
            ["indicator--expired", "expired (valid_until 2020-01-01T00:00:00Z)"],
            ["indicator--process", "object path process:name is not supported"],
            ["indicator--matches", "operator MATCHES on email-message:from_ref.value is not supported (only =)"],
            ["indicator--ne", "operator != on ipv4-addr:value is not supported (only =)"],
            ["indicator--like", "operator LIKE on url:value is not supported (only =)"],
            ["indicator--two-hashes", "AND of two values for fileHashValue cannot be one tiIndicator"],
            ["indicator--followed", "FOLLOWEDBY is not supported (a sequence of observations is not one tiIndicator)"],
            ["indicator--within", "qualifier WITHIN is not supported"],
            ["indicator--sigma", "pattern_type 'sigma' is not supported (only 'stix')"],
            ["indicator--broken", "the pattern cannot be read: it ends too early"],
            ["indicator--bad-ip", "'192.0.2.300' is not an IPv4 address or CIDR block"],
            ["indicator--bad-hash", "'abc' is not an MD5 hash"],
            ["indicator--sha512", "object path file:hashes.'SHA-512' is not supported"],
        ])
    }

    @Test func stixPatternForms() throws {
        func values(_ pattern: String) throws -> [[String]] {
            try STIXPattern.alternatives(pattern).map { $0.map { "\($0.key) \($0.op) \($0.value ?? "-")" } }
        }
        #expect(try values("[ipv4-addr:value = '1.2.3.4' AND (domain-name:value = 'a' OR domain-name:value = 'b')]") == [
            ["ipv4-addr:value = 1.2.3.4", "domain-name:value = a"], ["ipv4-addr:value = 1.2.3.4", "domain-name:value = b"],
        ])
        #expect(try values("([url:value = 'http://a/'] OR [url:value = 'http://b/']) AND [file:name = 'O\\'Brien']") == [
            ["url:value = http://a/", "file:name = O'Brien"], ["url:value = http://b/", "file:name = O'Brien"],
        ])
        #expect(try values("[file:size > 10 AND email-message:to_refs[*].value NOT = 'x@y.z']") == [
            ["file:size > -", "email-message:to_refs[*].value NOT = x@y.z"],
        ])
        #expect(try values("[EXISTS file:name]") == [["file:name EXISTS -"]])
        #expect(throws: ImportProblem("qualifier REPEATS is not supported")) {
            try STIXPattern.alternatives("[file:name = 'a'] REPEATS 5 TIMES")
        }
        #expect(throws: ImportProblem("the pattern cannot be read: unexpected ]")) {
            try STIXPattern.alternatives("[]")
        }
        let wide = "[" + (0..<20).map { "domain-name:value = 'd\($0)'" }.joined(separator: " OR ") + "]"
        #expect(throws: ImportProblem("the pattern expands to more than 256 alternatives")) {
            try STIXPattern.alternatives(wide + " AND " + wide)
        }
        let deep = String(repeating: "(", count: 100) + "[file:name = 'a']" + String(repeating: ")", count: 100)
        #expect(throws: ImportProblem("the pattern is nested too deeply")) { try STIXPattern.alternatives(deep) }
    }

    /// Found by the fuzz harness (`stix.bundle`, seed 0x5EEDF022, iteration 173): an empty `name` became an empty
    /// `description`, and the indicator could not be submitted. A blank name or description is passed over.
    @Test func stixBlankNameFallsBackToDescriptionOrPattern() throws {
        let fuzzed = "{\"id\":\"bundle--fuzz\",\"objects\":[{\"definition\":{\"tlp\":\"\"},\"id\":\"marking-definition--own\",\"type\":\"marking-definition\"},{\"id\":\"malware--1\",\"name\":\"tlp:red\",\"type\":\"malware\"},{\"relationship_type\":\"indicates\",\"source_ref\":\"indicator--1\",\"target_ref\":\"malware--1\",\"type\":\"relationship\"},{\"id\":\"indicator--0\",\"indicator_types\":[\"malicious-activity\"],\"kill_chain_phases\":[{\"kill_chain_name\":\"lockheed-martin-cyber-kill-chain\",\"phase_name\":\"0001-01-01T00:00:00Z\"}],\"labels\":[\"malicious-activity\"],\"name\":\"\",\"pattern\":\"[file:hashes.md5 = '001dd76872d80801692f\u{FFFD}942308c64e6' OR file:hashes.'sha-1' = '023853a4331db8d67e44553004cf338ec1b7440e']\",\"pattern_type\":\"STIX\",\"type\":\"indicator\"}],\"type\":\"bundle\"}"
        let result = try Self.stix(fuzzed)
        #expect(result.indicators.count == 1)
        Self.expectSubmittable(result)
        #expect(result.indicators.first?.description?.hasPrefix("[file:hashes.md5") == true)

        let named = try Self.stix(#"""
            {"type": "bundle", "objects": [
              {"type": "indicator", "id": "indicator--1", "name": " ", "description": "Dropper", "pattern": "[file:name = 'a.exe']"},
              {"type": "indicator", "id": "indicator--2", "name": "", "description": "\t", "pattern": "[file:name = 'b.exe']"}]}
            """#)
        Self.expectSubmittable(named)
        #expect(named.indicators.map(\.description) == ["Dropper", "[file:name = 'b.exe']"])
    }

    @Test func stixRejectsWhatIsNotABundle() {
        for text in ["not json", #"{"type": "indicator", "pattern": "[url:value = 'x']"}"#, "[]",
                     #"{"type": "bundle"}"#, #"{"Event": {"info": "x"}}"#] {
            #expect(throws: VigilError.self, "\(text)") { try Self.stix(text) }
        }
        do {
            _ = try Self.stix("{")
            Issue.record("expected an error")
        } catch let error as VigilError {
            #expect(error.code == .badRequest)
            #expect(error.message.hasPrefix("the STIX file is not JSON: "))
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    // MARK: - MISP

    static let event = #"""
    {"Event": {"uuid": "e-1", "info": "Phishing wave against finance, with a lure document and a C2 server that moves between several hosts every week",
      "Tag": [{"name": "tlp:green"}, {"name": "phishing"}],
      "Attribute": [
        {"uuid": "a01", "type": "ip-src", "value": "203.0.113.5", "to_ids": true},
        {"uuid": "a02", "type": "ip-dst", "value": "2001:db8::1", "to_ids": "1"},
        {"uuid": "a03", "type": "ip-dst", "value": "198.51.100.0/24", "to_ids": 1},
        {"uuid": "a04", "type": "ip-dst|port", "value": "198.51.100.7|443", "to_ids": true},
        {"uuid": "a05", "type": "domain", "value": "evil.example", "to_ids": true,
         "Tag": [{"name": "TLP:RED"}, {"name": "c2"}, {"name": "phishing"}]},
        {"uuid": "a06", "type": "hostname", "value": "mail.evil.example", "to_ids": true},
        {"uuid": "a07", "type": "domain|ip", "value": "evil.example|203.0.113.9", "to_ids": true},
        {"uuid": "a08", "type": "url", "value": "http://evil.example/x.php", "to_ids": true},
        {"uuid": "a09", "type": "md5", "value": "7637BEDDACBEAC59D44469B2B120B9E6", "to_ids": true},
        {"uuid": "a10", "type": "sha1", "value": "023853a4331db8d67e44553004cf338ec1b7440e", "to_ids": true},
        {"uuid": "a11", "type": "sha256", "value": "6ae8b0f1c7d6f3238d1fc14038018c3b4704c8cc23dac1c2bfd2c81b5a278eef", "to_ids": true},
        {"uuid": "a12", "type": "filename|sha256", "value": "drop.exe|6ae8b0f1c7d6f3238d1fc14038018c3b4704c8cc23dac1c2bfd2c81b5a278eef", "to_ids": true},
        {"uuid": "a13", "type": "email-src", "value": "ceo@evil.example", "to_ids": true},
        {"uuid": "a14", "type": "email-dst", "value": "cfo@victim.example", "to_ids": true},
        {"uuid": "a15", "type": "email", "value": "ops@evil.example", "to_ids": true},
        {"uuid": "a16", "type": "malware-sample", "value": "simple.json|7637beddacbeac59d44469b2b120b9e6", "to_ids": true},
        {"uuid": "a17", "type": "filename", "value": "invoice.doc", "to_ids": true,
         "last_seen": "2024-05-01T00:00:00.000000+00:00"},
        {"uuid": "a18", "type": "uri", "value": "/x.php", "to_ids": true},
        {"uuid": "a19", "type": "regkey", "value": "HKLM\\Run", "to_ids": true},
        {"uuid": "a20", "type": "url", "value": "http://benign.example/", "to_ids": false},
        {"uuid": "a21", "type": "url", "value": "http://gone.example/", "to_ids": true, "deleted": true},
        {"uuid": "a22", "type": "domain", "value": "old.example", "to_ids": true, "last_seen": "2020-01-01T00:00:00Z"},
        {"uuid": "a23", "type": "ip-src", "value": "not-an-ip", "to_ids": true},
        {"uuid": "a24", "type": "md5", "value": "xyz", "to_ids": true},
        {"type": "comment", "value": "no uuid", "to_ids": true},
        {"uuid": "a26", "type": "domain", "value": "unflagged.example"},
        {"uuid": "a27", "type": "filename", "value": "bar.exe", "to_ids": true,
         "ShadowAttribute": [{"uuid": "p1", "type": "filename", "value": "bar.pdf", "to_ids": true}]}
      ],
      "Object": [
        {"name": "file", "Tag": [{"name": "tlp:amber"}], "Attribute": [
          {"uuid": "o1", "type": "filename", "value": "evil.doc", "to_ids": true, "Tag": [{"name": "tlp:clear"}]}]},
        {"name": "file", "deleted": true, "Attribute": [{"uuid": "o2", "type": "filename", "value": "x", "to_ids": true}]}
      ],
      "ShadowAttribute": [{"type": "filename", "value": "baz.jpg", "to_ids": true}]
    }}
    """#

    @Test func mispEventMapsEveryType() throws {
        let result = try Self.misp(Self.event)
        #expect(result.indicators.map { $0.externalId ?? "?" } == [
            "a01", "a02", "a03", "a04", "a05", "a06", "a07", "a08", "a09", "a10", "a11", "a12", "a13", "a14", "a15",
            "a16", "a17", "a27", "o1",
        ])
        Self.expectSubmittable(result)
        let a01 = Self.indicator(result, "a01")
        #expect(a01.networkSourceIPv4 == "203.0.113.5")
        #expect(a01.description?.count == 100)
        #expect(a01.description?.hasPrefix("Phishing wave against finance") == true)
        #expect(a01.tags == ["tlp:green", "phishing"])
        #expect(a01.tlpLevel == .green)
        #expect(a01.threatType == "WatchList")
        #expect(a01.confidence == nil)
        #expect(a01.expirationDateTime == Self.inNinetyDays)
        #expect(Self.indicator(result, "a02").networkDestinationIPv6 == "2001:db8::1")
        #expect(Self.indicator(result, "a03").networkDestinationCidrBlock == "198.51.100.0/24")
        let a04 = Self.indicator(result, "a04")
        #expect(a04.networkDestinationIPv4 == "198.51.100.7")
        #expect(a04.networkDestinationPort == nil)
        let a05 = Self.indicator(result, "a05")
        #expect(a05.domainName == "evil.example")
        #expect(a05.tags == ["tlp:green", "phishing", "TLP:RED", "c2"])
        #expect(a05.tlpLevel == .red)
        #expect(Self.indicator(result, "a06").domainName == "mail.evil.example")
        let a07 = Self.indicator(result, "a07")
        #expect(a07.domainName == "evil.example")
        #expect(a07.networkDestinationIPv4 == "203.0.113.9")
        #expect(Self.indicator(result, "a08").url == "http://evil.example/x.php")
        let a09 = Self.indicator(result, "a09")
        #expect(a09.fileHashType == .md5)
        #expect(a09.fileHashValue == "7637beddacbeac59d44469b2b120b9e6")
        #expect(Self.indicator(result, "a10").fileHashType == .sha1)
        #expect(Self.indicator(result, "a11").fileHashType == .sha256)
        let a12 = Self.indicator(result, "a12")
        #expect(a12.fileName == "drop.exe")
        #expect(a12.fileHashType == .sha256)
        #expect(Self.indicator(result, "a13").emailSenderAddress == "ceo@evil.example")
        #expect(Self.indicator(result, "a14").emailRecipient == "cfo@victim.example")
        #expect(Self.indicator(result, "a15").emailSenderAddress == "ops@evil.example")
        let a16 = Self.indicator(result, "a16")
        #expect(a16.fileName == "simple.json")
        #expect(a16.fileHashType == .md5)
        let a17 = Self.indicator(result, "a17")
        #expect(a17.fileName == "invoice.doc")
        #expect(a17.expirationDateTime == DateTimeOffset("2024-07-30T00:00:00Z"))
        let o1 = Self.indicator(result, "o1")
        #expect(o1.tags == ["tlp:green", "phishing", "tlp:amber", "tlp:clear"])
        #expect(o1.tlpLevel == .amber)
    }

    @Test func mispSkipsWithReasons() throws {
        let result = try Self.misp(Self.event)
        let proposal = "a proposal (ShadowAttribute), not part of the event until accepted"
        #expect(result.skipped.map { [$0.reference, $0.reason] } == [
            ["a18", "type uri is not supported (a path without a host cannot be matched as a url)"],
            ["a19", "type regkey is not supported"],
            ["a20", "to_ids is false"],
            ["a21", "deleted"],
            ["a22", "expired (last_seen 2020-01-01T00:00:00Z + 90 days)"],
            ["a23", "'not-an-ip' is not an IP address or CIDR block"],
            ["a24", "'xyz' is not an MD5 hash"],
            ["comment no uuid", "type comment is not supported"],
            ["a26", "to_ids is not set"],
            ["p1", proposal],
            ["o2", "its object is deleted"],
            ["filename baz.jpg", proposal],
        ])
    }

    @Test func mispDocumentShapes() throws {
        let attribute = #"{"uuid": "u1", "type": "domain", "value": "evil.example", "to_ids": true}"#
        let shapes = [
            #"{"response": [{"Event": {"info": "one", "Attribute": [\#(attribute)]}}, {"info": "two"}]}"#,
            #"[{"Event": {"info": "one", "Attribute": [\#(attribute)]}}]"#,
            #"[{"info": "one", "Attribute": [\#(attribute)]}]"#,
            #"{"Attribute": [\#(attribute)]}"#,
            #"{"response": {"Attribute": [\#(attribute)]}}"#,
            #"{"info": "one", "Object": [{"Attribute": [\#(attribute)]}]}"#,
        ]
        for shape in shapes {
            let result = try Self.misp(shape)
            #expect(result.indicators.map(\.domainName) == ["evil.example"], "\(shape)")
            #expect(result.skipped.isEmpty)
            Self.expectSubmittable(result)
        }
        let bare = try Self.misp(#"{"Attribute": [\#(attribute)]}"#)
        #expect(bare.indicators.first?.description == "MISP event")
        #expect(try Self.misp("[]").indicators.isEmpty)
    }

    /// Found by the fuzz harness (`misp.document`, seed 0x5EEDF022, iteration 425): a blank `info` became an empty
    /// `description`, and the indicators could not be submitted. A blank `info` counts as none.
    @Test func mispBlankInfoFallsBackToTheEventUUID() throws {
        let fuzzed = "{\"Attribute\":[{\"deleted\":\"\",\"to_ids\":\"1\",\"type\":\"sha1\",\"uuid\":\"a0\",\"value\":\"023853a4331db8d67e44553004cf338ec1b7440e\"},{\"to_ids\":\"yes\",\"type\":\"filename\",\"uuid\":\"a1\",\"value\":\"\u{E9}\u{1F600}\u{202E}\"}],\"info\":\" \",\"uuid\":\"e-1\"}"
        let result = try Self.misp(fuzzed)
        #expect(result.indicators.map(\.externalId) == ["a0"])
        Self.expectSubmittable(result)
        #expect(result.indicators.first?.description == "MISP event e-1")
    }

    @Test func mispRejectsWhatIsNotMISP() {
        for text in ["not json", "{}", "[1]", #""Event""#, #"{"timestamp": "1", "type": "bar", "value": "1"}"#,
                     #"[{"SharingGroup": {"id": "1"}}]"#, #"{"response": [{"foo": 1}]}"#, Self.bundle] {
            #expect(throws: VigilError.self, "\(text.prefix(40))") { try Self.misp(text) }
        }
    }
}

/// Every sample in `shared/data/threat-intel` (STIX: oasis-open/cti-documentation examples; MISP: PyMISP
/// test fixtures), with the counts of indicators and skipped items observed and checked by hand.
@Suite("IndicatorImport shared samples")
struct IndicatorImportSampleTests {
    static let folder = TestData.url("threat-intel")
    static var available: Bool {
        TestData.isAvailable && FileManager.default.fileExists(atPath: folder.appendingPathComponent("PROVENANCE.md").path)
    }

    /// The `.json` files under a folder of `threat-intel`, relative to it, sorted.
    static func files(_ name: String, recursive: Bool) throws -> [String] {
        let base = folder.appendingPathComponent(name)
        let names = recursive ? (FileManager.default.subpaths(atPath: base.path) ?? [])
            : try FileManager.default.contentsOfDirectory(atPath: base.path)
        return names.filter { $0.hasSuffix(".json") }.sorted()
    }

    static func counts(_ name: String, _ file: String,
                       read: ([UInt8]) throws -> IndicatorImport) throws -> String {
        let bytes = try [UInt8](Data(contentsOf: folder.appendingPathComponent(name).appendingPathComponent(file)))
        do {
            let result = try read(bytes)
            for indicator in result.indicators {
                #expect(indicator.submissionProblem == nil, "\(file): \(indicator.externalId ?? "?")")
            }
            return "\(result.indicators.count)/\(result.skipped.count)"
        } catch let error as VigilError {
            #expect(error.code == .badRequest)
            return "throws"
        }
    }

    /// Imported/skipped per STIX bundle (the `schemas` folder is not samples).
    static let stixCounts: [String: String] = [
        "apt1.json": "10/2",  // 4 CIDR blocks, 3 domains, 3 MD5; 2 x509-certificate patterns skipped
        "poisonivy.json": "66/1",  // 67 comparisons in 25 ORed patterns; 'domain autuo.xicp.net' is not a domain
        "using-granular-markings.json": "0/1",  // MATCHES
        "using-marking-definitions.json": "1/0",
        "indicator-for-malicious-url.json": "1/0",
        "malware-indicator-for-file-hash.json": "1/0",
        "sighting-of-an-indicator.json": "1/0",
        // No indicator objects: context only.
        "defining-campaigns-threat-actors-intrusion-sets.json": "0/0",
        "identifying-a-threat-actor-profile.json": "0/0",
        "sighting-of-observed-data.json": "0/0",
        "threat-actor-leveraging-attack-patterns-and-malware.json": "0/0",
    ]

    /// Imported/skipped per MISP fixture; `throws` marks fixtures that are not MISP events or attribute lists.
    static let mispCounts: [String: String] = [
        "57c4445b-c548-4654-af0b-4be3950d210f.json": "4/5",  // 4 to_ids false, regkey|value unsupported
        "misp_event.json": "0/2",  // both to_ids false
        "new_misp_event.json": "0/0",  // an event without attributes
        "search_index_result.json": "0/0",  // index rows: events without attributes
        "mispevent_testfiles/attribute.json": "1/0",
        "mispevent_testfiles/attribute_del.json": "0/1",  // deleted
        "mispevent_testfiles/def_param.json": "2/2",
        "mispevent_testfiles/event.json": "0/0",
        "mispevent_testfiles/event_obj_attr_tag.json": "2/0",
        "mispevent_testfiles/event_obj_def_param.json": "2/1",  // pattern-in-file unsupported
        "mispevent_testfiles/event_obj_tag.json": "1/0",
        "mispevent_testfiles/event_tags.json": "0/0",
        // 39 to_ids false; the domains copied under ObjectReference are references, not attributes.
        "mispevent_testfiles/existing_event.json": "83/39",
        "mispevent_testfiles/existing_event_edited.json": "83/39",
        "mispevent_testfiles/malware.json": "0/1",  // malware-sample without its MD5
        "mispevent_testfiles/malware_exist.json": "4/2",
        "mispevent_testfiles/misp_custom_obj.json": "0/2",
        "mispevent_testfiles/proposals.json": "1/2",  // 2 proposals
        "mispevent_testfiles/shadow.json": "1/4",  // 2 proposals, 2 to_ids false
        // Not MISP events or attribute lists: they throw.
        "git-vuln-finder-quagga.json": "throws",  // git-vuln-finder output
        "sharing_groups.json": "throws",  // sharing groups
        "stix2.json": "throws",  // a STIX 2.0 bundle
        "mispevent_testfiles/galaxy.json": "throws",  // a galaxy
        "mispevent_testfiles/sighting.json": "throws",  // a sighting
        "mispevent_testfiles/simple.json": "throws",  // {}
        "mispevent_testfiles/overwrite_file/definition.json": "throws",  // object templates
        "mispevent_testfiles/test_object_template/definition.json": "throws",
    ]

    @Test(.enabled(if: IndicatorImportSampleTests.available, TestData.unavailableReason))
    func stixSamples() throws {
        let defaults = IndicatorImportDefaults(now: DateTimeOffset(secondsSinceEpoch: 1_717_200_000))
        var observed: [String: String] = [:]
        for file in try Self.files("stix", recursive: false) {
            observed[file] = try Self.counts("stix", file) { try STIXImport.read($0, defaults: defaults) }
        }
        #expect(observed == Self.stixCounts)
    }

    @Test(.enabled(if: IndicatorImportSampleTests.available, TestData.unavailableReason))
    func mispSamples() throws {
        let defaults = IndicatorImportDefaults(now: DateTimeOffset(secondsSinceEpoch: 1_717_200_000))
        var observed: [String: String] = [:]
        for file in try Self.files("misp", recursive: true) {
            observed[file] = try Self.counts("misp", file) { try MISPImport.read($0, defaults: defaults) }
        }
        #expect(observed == Self.mispCounts)
    }
}

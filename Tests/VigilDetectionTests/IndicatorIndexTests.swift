import Testing
import VigilCore
@testable import VigilDetection

@Suite("Indicator matching")
struct IndicatorIndexTests {
    static let now = DateTimeOffset("2026-01-01T00:00:00Z")!

    static func index(_ patterns: [(String, [IndicatorPattern])], expires: DateTimeOffset? = nil) -> IndicatorIndex {
        IndicatorIndex(patterns.map { IndexedIndicator(id: $0.0, action: "alert", patterns: $0.1, expires: expires) })
    }

    static func ids(_ index: IndicatorIndex, _ kind: Observable.Kind, _ value: String) -> [String] {
        index.matches(Observable(kind, value, field: "f"), at: now).map(\.indicatorId)
    }

    @Test("CIDR boundaries and longest prefix", arguments: [
        ("10.1.2.3", ["host"]), ("10.1.2.4", ["net24"]), ("10.1.2.0", ["net24"]), ("10.1.2.255", ["net24"]),
        ("10.1.3.0", ["net8"]), ("10.255.255.255", ["net8"]), ("11.0.0.0", []), ("9.255.255.255", []),
        ("010.1.2.3", []), ("10.1.2", []), ("10.1.2.3.4", []), ("256.1.2.3", []),
    ])
    func ipv4(address: String, expected: [String]) {
        let index = Self.index([
            ("net8", [IndicatorPattern.network("10.0.0.0/8")!]),
            ("net24", [IndicatorPattern.network("10.1.2.0/24")!]),
            ("host", [IndicatorPattern.network("10.1.2.3")!]),
        ])
        #expect(Self.ids(index, .ipAddress, address) == expected)
    }

    @Test("IPv6 forms, zones, CIDR, and IPv4-mapped addresses", arguments: [
        ("2001:db8::1", ["host"]), ("2001:0DB8:0000:0000:0000:0000:0000:0001", ["host"]), ("2001:db8::1%eth0", ["host"]),
        ("[2001:db8::1]", ["host"]), ("2001:db8::2", ["net32"]), ("2001:db8:ffff::", ["net32"]), ("2001:db9::1", []),
        ("::ffff:192.0.2.7", ["v4"]), ("::1", []), ("2001:db8::g", []),
    ])
    func ipv6(address: String, expected: [String]) {
        let index = Self.index([
            ("net32", [IndicatorPattern.network("2001:db8::/32")!]),
            ("host", [IndicatorPattern.network("2001:db8::1")!]),
            ("v4", [IndicatorPattern.network("192.0.2.7")!]),
        ])
        #expect(Self.ids(index, .ipAddress, address) == expected)
    }

    @Test("Domains: exact and subdomains, never look-alikes; case and trailing dots", arguments: [
        ("evil.com", ["d"]), ("EVIL.com.", ["d"]), ("a.b.evil.com", ["d"]), ("notevil.com", []), ("evil.com.au", []),
        ("evil.co", []), ("xevil.com", []), ("com", []),
    ])
    func domains(value: String, expected: [String]) {
        let index = Self.index([("d", [.domain(ObservableValue.domain("Evil.COM.")!)])])
        #expect(Self.ids(index, .domainName, value) == expected)
    }

    @Test("URL normalization", arguments: [
        ("http://evil.com/path?q=1", true), ("HTTP://EVIL.COM:80/path?q=1", true), ("evil.com/path?q=1", true),
        ("http://evil.com./path?q=1#frag", true), ("http://user@evil.com/path?q=1", true),
        ("https://evil.com/path?q=1", false), ("http://evil.com/PATH?q=1", false), ("http://evil.com:8080/path?q=1", false),
    ])
    func urls(value: String, matches: Bool) {
        let index = Self.index([("u", [.url(ObservableValue.url("http://evil.com/path?q=1")!)])])
        #expect(Self.ids(index, .url, value) == (matches ? ["u"] : []))
        #expect(ObservableValue.url("https://Example.org") == "https://example.org/")
        #expect(ObservableValue.url("https://example.org:443?x") == "https://example.org/?x")
    }

    @Test("Hashes by kind, e-mail addresses, letter case")
    func hashesAndEmail() {
        let md5 = "D41D8CD98F00B204E9800998ECF8427E"
        let sha256 = String(repeating: "ab", count: 32)
        let index = Self.index([
            ("m", [.hash(.md5, md5.lowercased())]), ("s", [.hash(.sha256, sha256)]),
            ("e", [.email(ObservableValue.email("Bad Guy <Bad@Evil.com>")!)]),
        ])
        #expect(Self.ids(index, .md5, md5) == ["m"])
        #expect(Self.ids(index, .sha256, sha256.uppercased()) == ["s"])
        #expect(Self.ids(index, .sha1, String(repeating: "a", count: 40)).isEmpty)
        #expect(Self.ids(index, .md5, "not-a-hash").isEmpty)
        #expect(Self.ids(index, .emailAddress, "bad@EVIL.com") == ["e"])
        #expect(Self.ids(index, .emailAddress, "<bad@evil.com>") == ["e"])
        #expect(Self.ids(index, .emailAddress, "good@evil.com").isEmpty)
        #expect(ObservableValue.email("no-at-sign") == nil)
    }

    @Test("Expired indicators stop matching at their expiry; several indicators on one value all match")
    func expiry() {
        let expires = DateTimeOffset("2026-01-01T00:00:00Z")!
        let expired = IndexedIndicator(id: "old", action: "block", patterns: [.domain("evil.com")], expires: expires)
        let live = IndexedIndicator(id: "live", action: "alert", patterns: [.domain("evil.com")], expires: nil)
        let index = IndicatorIndex([expired, live])
        let o = Observable(.domainName, "evil.com", field: "f")
        #expect(index.matches(o, at: DateTimeOffset("2025-12-31T23:59:59Z")!).map(\.indicatorId) == ["old", "live"])
        #expect(index.matches(o, at: expires).map(\.indicatorId) == ["live"])
    }

    @Test("A tiIndicator's observables become patterns; unreadable ones are named")
    func tiIndicatorPatterns() {
        var ti = TiIndicator()
        ti.networkDestinationIPv4 = "203.0.113.9"
        ti.networkCidrBlock = "198.51.100.0/24"
        ti.domainName = "Evil.example."
        ti.url = "http://evil.example/x"
        ti.fileHashValue = "0123456789abcdef0123456789abcdef01234567"
        ti.emailSenderAddress = "x@evil.example"
        ti.networkIPv6 = "not an address"
        let (patterns, unreadable) = IndexedIndicator.patterns(of: ti)
        #expect(patterns == [.ipv4(0xCB00_7109, prefix: 32), .ipv4(0xC633_6400, prefix: 24), .domain("evil.example"),
                             .url("http://evil.example/x"), .hash(.sha1, "0123456789abcdef0123456789abcdef01234567"),
                             .email("x@evil.example")])
        #expect(unreadable == ["networkIPv6"])
        #expect(IndicatorPattern.network("10.0.0.0/33") == nil)
        #expect(IndicatorPattern.network("2001:db8::/129") == nil)
    }
}

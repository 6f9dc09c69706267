import Testing
import VigilCore
@testable import VigilNotifications

@Suite("Notification target policy")
struct TargetPolicyTests {
    static func v6(_ groups: [UInt16]) -> [UInt8] { groups.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xff)] } }

    @Test("Addresses are classified", arguments: [
        ([169, 254, 169, 254] as [UInt8], "forbidden"), ([169, 254, 0, 1], "forbidden"), ([100, 100, 100, 200], "forbidden"),
        ([0, 0, 0, 0], "forbidden"), ([224, 0, 0, 1], "forbidden"), ([255, 255, 255, 255], "forbidden"),
        ([127, 0, 0, 1], "loopback"), ([127, 9, 9, 9], "loopback"),
        ([10, 1, 2, 3], "private"), ([172, 16, 0, 1], "private"), ([172, 31, 255, 255], "private"), ([192, 168, 1, 1], "private"),
        ([100, 64, 0, 1], "private"),
        ([172, 32, 0, 1], "public"), ([8, 8, 8, 8], "public"), ([100, 128, 0, 1], "public"), ([192, 169, 0, 1], "public"),
        (v6([0, 0, 0, 0, 0, 0, 0, 1]), "loopback"), (v6([0, 0, 0, 0, 0, 0, 0, 0]), "forbidden"),
        (v6([0xfe80, 0, 0, 0, 0, 0, 0, 1]), "forbidden"), (v6([0xfebf, 0, 0, 0, 0, 0, 0, 1]), "forbidden"),
        (v6([0xfd00, 0xec2, 0, 0, 0, 0, 0, 0x254]), "forbidden"), (v6([0xff02, 0, 0, 0, 0, 0, 0, 1]), "forbidden"),
        (v6([0xfd12, 0x3456, 0, 0, 0, 0, 0, 1]), "private"), (v6([0xfc00, 0, 0, 0, 0, 0, 0, 1]), "private"),
        (v6([0, 0, 0, 0, 0, 0xffff, 0xa9fe, 0xa9fe]), "forbidden"), (v6([0, 0, 0, 0, 0, 0xffff, 0x7f00, 1]), "loopback"),
        (v6([0x2606, 0x4700, 0, 0, 0, 0, 0, 0x1111]), "public"), (v6([0x2a00, 0x1450, 0x4001, 0x80b, 0, 0, 0, 0x200e]), "public"),
        // The special-purpose registries' other blocks.
        ([192, 0, 0, 8] as [UInt8], "forbidden"), ([192, 0, 2, 1], "forbidden"), ([198, 51, 100, 7], "forbidden"),
        ([203, 0, 113, 9], "forbidden"), ([198, 18, 0, 1], "forbidden"), ([198, 19, 255, 255], "forbidden"),
        ([192, 88, 99, 1], "forbidden"), ([240, 0, 0, 1], "forbidden"), ([198, 20, 0, 1], "public"), ([192, 0, 3, 1], "public"),
        (v6([0x2001, 0xdb8, 0, 0, 0, 0, 0, 1]), "forbidden"), (v6([0x3fff, 0x0fff, 0, 0, 0, 0, 0, 1]), "forbidden"),
        (v6([0xfec0, 0, 0, 0, 0, 0, 0, 1]), "forbidden"), (v6([0xfeff, 0, 0, 0, 0, 0, 0, 1]), "forbidden"),
        (v6([0x0100, 0, 0, 0, 0, 0, 0, 1]), "forbidden"), (v6([0x2001, 0, 0x4136, 0xe378, 0x8000, 0x63bf, 0x3fff, 0xfdd2]), "forbidden"),
        (v6([0x2001, 0x0002, 0, 0, 0, 0, 0, 1]), "forbidden"), (v6([0x5f00, 1, 0, 0, 0, 0, 0, 1]), "forbidden"),
        // IPv4-compatible (deprecated): refused whatever it embeds.
        (v6([0, 0, 0, 0, 0, 0, 0x0808, 0x0808]), "forbidden"), (v6([0, 0, 0, 0, 0, 0, 0xa9fe, 0xa9fe]), "forbidden"),
        // NAT64 (well-known and local-use prefixes) and 6to4: judged by the IPv4 address they carry.
        (v6([0x64, 0xff9b, 0, 0, 0, 0, 0xa9fe, 0xa9fe]), "forbidden"), (v6([0x64, 0xff9b, 0, 0, 0, 0, 0x7f00, 1]), "loopback"),
        (v6([0x64, 0xff9b, 0, 0, 0, 0, 0x0a00, 1]), "private"), (v6([0x64, 0xff9b, 0, 0, 0, 0, 0x0808, 0x0808]), "public"),
        (v6([0x64, 0xff9b, 1, 0xa9fe, 0x00a9, 0xfe00, 0, 0]), "forbidden"), (v6([0x64, 0xff9b, 1, 0x0808, 0x0008, 0x0800, 0, 0]), "private"),
        (v6([0x2002, 0xa9fe, 0xa9fe, 0, 0, 0, 0, 1]), "forbidden"), (v6([0x2002, 0x7f00, 0x0001, 0, 0, 0, 0, 1]), "loopback"),
        (v6([0x2002, 0xc0a8, 0x0101, 0, 0, 0, 0, 1]), "private"), (v6([0x2002, 0x0808, 0x0808, 0, 0, 0, 0, 1]), "public"),
    ])
    func classify(bytes: [UInt8], expected: String) {
        let name = switch TargetPolicy.classify(bytes) {
        case .publicAddress: "public"
        case .privateAddress: "private"
        case .loopback: "loopback"
        case .forbidden: "forbidden"
        }
        #expect(name == expected)
    }

    @Test("URLs are checked by scheme, host name and every address the host resolves to")
    func urls() async {
        let open = TargetPolicy(allowPrivate: true, allowHTTP: true)
        let strict = TargetPolicy(allowPrivate: false, allowHTTP: false)
        await #expect(throws: Never.self) { try await open.check("http://127.0.0.1:9/hook") }
        await #expect(throws: Never.self) { try await open.check("http://localhost:9/hook") }
        await #expect(throws: Never.self) { try await open.check("http://[::1]:9/hook") }
        for (policy, url, fragment) in [
            (open, "http://169.254.169.254/latest", "link-local"), (open, "http://[fe80::1]/x", "link-local"),
            (open, "http://metadata.google.internal/", "metadata"), (open, "gopher://example.com/", "http(s) URL"),
            (open, "not a url", "absolute"), (strict, "http://example.com/", "HTTPS"),
            (strict, "https://127.0.0.1/", "private or loopback"), (strict, "https://localhost/", "private or loopback"),
            (strict, "https://10.0.0.1/", "private or loopback"), (open, "https://no-such-host.invalid/", "does not resolve"),
        ] {
            do {
                try await policy.check(url)
                Issue.record("\(url) was accepted")
            } catch {
                #expect(error.message.contains(fragment), "\(url): \(error.message)")
            }
        }
    }
}

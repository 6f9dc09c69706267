import Foundation
import Testing

/// `vigil keys list` and `vigil keys rotate` on a data folder.
@Suite("vigil keys: list and rotate the token signing keys")
struct KeysCommandTests {
    static func lines(_ text: String) throws -> [[String: Any]] {
        try text.split(separator: "\n").map { try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]) }
    }

    @Test func rotateAndList() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("vigil-keys-\(UUID().uuidString)").path
        let first = try FilterCommandTests.run(["keys", "rotate", "--data-dir", dir])
        #expect(first.status == 0, "\(first.stderr)")
        let firstKid = try #require(try Self.lines(first.stdout).first?["kid"] as? String)
        #expect(try Self.lines(first.stdout).first?["retired"] as? [String] == [])
        let second = try FilterCommandTests.run(["keys", "rotate", "--data-dir", dir])
        let rotated = try #require(try Self.lines(second.stdout).first)
        #expect(rotated["retired"] as? [String] == [firstKid])
        let secondKid = try #require(rotated["kid"] as? String)

        let list = try FilterCommandTests.run(["keys", "list", "--data-dir", dir])
        #expect(list.status == 0, "\(list.stderr)")
        let keys = try Self.lines(list.stdout)
        #expect(keys.compactMap { $0["kid"] as? String } == [firstKid, secondKid])
        #expect(keys.allSatisfy { $0["sealed"] as? Bool == true })
        #expect(keys[0]["retiredDateTime"] is String)
        #expect(keys[0]["acceptedUntil"] is String)
        #expect(keys[1]["retiredDateTime"] == nil)
        // Neither the key nor its sealed form is ever printed.
        #expect(!list.stdout.contains("PRIVATE KEY") && !list.stdout.contains("vigil-sealed"))

        // With another key-encryption key, rotation refuses and changes nothing.
        let otherKey = dir + "-other.key"
        try Data("\(Data((0..<32).map { _ in UInt8.random(in: 0...255) }).base64EncodedString())\n".utf8)
            .write(to: URL(fileURLWithPath: otherKey))
        let config = dir + "-config.yaml"
        try Data("dataDir: \(dir)\nkeyEncryptionKeyFile: \(otherKey)\n".utf8).write(to: URL(fileURLWithPath: config))
        let refused = try FilterCommandTests.run(["keys", "rotate", "--config", config])
        #expect(refused.status != 0)
        #expect(refused.stderr.contains("was sealed with key-encryption key"), "\(refused.stderr)")
        #expect(refused.stdout.isEmpty)
        let unchanged = try FilterCommandTests.run(["keys", "list", "--data-dir", dir])
        #expect(try Self.lines(unchanged.stdout).count == 2)
    }
}

import Foundation
import Testing
import VigilCore
@testable import VigilServer
@testable import VigilEngine

@Suite("Configuration file")
struct ConfigurationTests {
    static func load(_ yaml: String) throws(VigilError) -> VigilConfiguration {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("vigil-config-\(UUID().uuidString).yaml").path
        FileManager.default.createFile(atPath: path, contents: Data(yaml.utf8))
        return try VigilConfiguration.load(yamlFile: path)
    }

    @Test("A typo anywhere is an error naming the section and the key", arguments: [
        ("portt: 1", "Unknown key(s) in '"),
        ("throttling:\n  alertsPerMinut: 5", "throttling of"),
        ("ingest:\n  maxItem: 5", "ingest of"),
        ("indicators:\n  retentionDay: 5", "indicators of"),
        ("notifications:\n  allowHttp: true", "notifications of"),
        ("federation:\n  coolDown: 3", "federation of"),
        ("externalIssuers:\n  - issuer: x\n    jwksUrl: y\n    audience: z\n    tenant: t\n    aud: w", "externalIssuers[0]"),
        ("actions:\n  webhooks:\n    - name: soar\n      vendor: a\n      provider: b\n      url: http://x\n      secrett: s", "actions.webhooks[0] ('soar')"),
    ])
    func typos(yaml: String, fragment: String) {
        #expect {
            try Self.load(yaml)
        } throws: { error in
            (error as? VigilError)?.message.contains(fragment) == true
        }
    }

    @Test("Known keys load with their values")
    func values() throws {
        let c = try Self.load("throttling:\n  alertsPerMinute: 7\ningest:\n  maxItems: 9\nindicators:\n  retentionDays: 3\nnotifications:\n  allowHTTP: false\n")
        #expect(c.throttling.alertsPerMinute == 7)
        #expect(c.ingest.maxItems == 9)
        #expect(c.indicators.retentionDays == 3)
        #expect(c.notifications.allowHTTP == false)
    }
}

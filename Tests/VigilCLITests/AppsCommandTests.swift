import Foundation
import Testing

/// `vigil apps rotate-secret`, `disable` and `enable` on a data folder.
@Suite("vigil apps: rotate a secret, disable and enable")
struct AppsCommandTests {
    @Test func rotateDisableEnable() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("vigil-apps-\(UUID().uuidString)").path
        let tenant = try FilterCommandTests.run(["tenants", "create", "acme", "--data-dir", dir])
        #expect(tenant.status == 0, "\(tenant.stderr)")
        let tenantId = try #require((try JSONSerialization.jsonObject(with: Data(tenant.stdout.utf8)) as? [String: String])?["tenantId"])
        let created = try FilterCommandTests.run(["apps", "create", "--tenant", tenantId, "--name", "soar",
                                                  "--roles", "SecurityEvents.Read.All", "--data-dir", dir])
        #expect(created.status == 0, "\(created.stderr)")
        let app = try #require(try JSONSerialization.jsonObject(with: Data(created.stdout.utf8)) as? [String: String])
        let clientId = try #require(app["clientId"])

        let rotated = try FilterCommandTests.run(["apps", "rotate-secret", "--client-id", clientId, "--data-dir", dir])
        #expect(rotated.status == 0, "\(rotated.stderr)")
        let fresh = try #require(try JSONSerialization.jsonObject(with: Data(rotated.stdout.utf8)) as? [String: String])
        #expect(fresh["clientId"] == clientId)
        #expect(fresh["clientSecret"]?.utf8.count == 43)
        #expect(fresh["clientSecret"] != app["clientSecret"])

        let disabled = try FilterCommandTests.run(["apps", "disable", "--client-id", clientId, "--data-dir", dir])
        #expect(disabled.status == 0, "\(disabled.stderr)")
        #expect(disabled.stdout.contains(#""disabled":true"#))
        let enabled = try FilterCommandTests.run(["apps", "enable", "--client-id", clientId, "--data-dir", dir])
        #expect(enabled.stdout.contains(#""disabled":false"#))

        for command in ["rotate-secret", "disable"] {
            let unknown = try FilterCommandTests.run(["apps", command, "--client-id", "nobody", "--data-dir", dir])
            #expect(unknown.status != 0)
            #expect(unknown.stderr.contains("There is no app with client id 'nobody'"), "\(unknown.stderr)")
            #expect(unknown.stdout.isEmpty)
        }
    }
}

import Foundation
import JWTKit
import Testing
import VigilCore
import VigilStorage
@testable import VigilServer
@testable import VigilEngine

/// Token signing keys are sealed at rest with the key-encryption key and rotate without refusing a token
/// that was valid.
@Suite("Signing keys: sealed at rest, rotated")
struct SigningKeyTests {
    static let kek = try! KeyEncryptionKey(base64: KeyEncryptionKey.generate(), origin: "test")
    static let audience = "http://vigil.test"

    static func service(_ identity: any IdentityRepository, kek: KeyEncryptionKey = kek, lifetime: Int = 3600) async throws -> TokenService {
        try await TokenService.load(identity: identity, kek: kek, baseURL: "http://vigil.test", audiences: [audience],
                                    lifetime: lifetime)
    }

    static func kids(_ jwks: JSONValue) -> [String] {
        jwks["keys"]?.arrayValue?.compactMap { $0["kid"]?.stringValue } ?? []
    }

    @Test("Keys are stored sealed; a copy of the database with another key-encryption key cannot load them")
    func sealedAtRest() async throws {
        let identity = InMemoryIdentityRepository()
        let tokens = try await Self.service(identity)
        let stored = try #require(try await identity.signingKeys().first)
        #expect(stored.material.revealed.hasPrefix("vigil-sealed:v1:\(Self.kek.id):"))
        #expect(!stored.material.revealed.contains("PRIVATE KEY"))
        let token = try await tokens.issue(tenantId: "t", appId: "a", roles: [], audience: Self.audience).token
        #expect(try await tokens.verify(token).tenantId == "t")

        let other = try KeyEncryptionKey(base64: KeyEncryptionKey.generate(), origin: "elsewhere")
        do {
            _ = try await Self.service(identity, kek: other)
            Issue.record("keys sealed with another key-encryption key were loaded")
        } catch let error as VigilError {
            #expect(error.message.contains("sealed with key-encryption key \(Self.kek.id)"), "\(error.message)")
            #expect(error.message.contains(other.id))
        }
        // A row's sealed key moved to another row does not open (the kid is authenticated).
        do {
            _ = try Self.kek.open(stored.material, kid: "another-kid")
            Issue.record("a sealed key opened for another kid")
        } catch {
            #expect(error.message.contains("altered or moved"))
        }
    }

    @Test("A key stored in the clear (before sealing) is sealed at the next start and keeps verifying its tokens")
    func legacyKeyIsSealed() async throws {
        let identity = InMemoryIdentityRepository()
        let legacy = ES256PrivateKey()
        try await identity.addSigningKey(kid: "legacy", algorithm: "ES256", pem: Secret(legacy.pemRepresentation))
        let keys = JWTKeyCollection()
        await keys.add(ecdsa: legacy, kid: "legacy")
        let now = Date()
        let claims = AccessTokenClaims(
            tid: "t", appid: "a", azp: "a", roles: [], scp: nil, aud: .init(value: [Self.audience]),
            iss: .init(value: "http://vigil.test/t/v2.0"), iat: .init(value: now), nbf: .init(value: now.addingTimeInterval(-5)),
            exp: .init(value: now.addingTimeInterval(600)), sub: "a", oid: "a", ver: "2.0", idtyp: "app", upn: nil,
            preferred_username: nil)
        let old = try await keys.sign(claims, kid: "legacy")

        let tokens = try await Self.service(identity)
        #expect(try await identity.signingKeys().map { KeyEncryptionKey.isSealed($0.material) } == [true])
        #expect(try await tokens.verify(old).appId == "a")
    }

    @Test("Rotation: the new key signs, old tokens keep working on every replica, the retired key goes after the lifetime")
    func rotation() async throws {
        let identity = InMemoryIdentityRepository()
        let replicaA = try await Self.service(identity)
        let replicaB = try await Self.service(identity)
        let before = try await replicaA.issue(tenantId: "t", appId: "a", roles: [], audience: Self.audience).token
        let oldKid = try #require(Self.kids(await replicaA.jwks()).first)

        let (newKid, retired) = try await TokenService.rotate(identity: identity, kek: Self.kek)
        #expect(retired == [oldKid])
        #expect(newKid != oldKid)

        // A replica started after the rotation signs with the new key and still accepts the old tokens.
        let replicaC = try await Self.service(identity)
        let after = try await replicaC.issue(tenantId: "t", appId: "a", roles: [], audience: Self.audience).token
        #expect(try Self.kid(of: after) == newKid)
        #expect(Self.kids(await replicaC.jwks()) == [oldKid, newKid])
        #expect(try await replicaC.verify(before).appId == "a")
        // Replicas that loaded before it accept the new key's tokens at once (an unknown kid re-reads the keys).
        #expect(try await replicaA.verify(after).appId == "a")
        #expect(try await replicaB.verify(after).appId == "a")
        #expect(try await replicaB.verify(before).appId == "a")
        #expect(Self.kids(await replicaA.jwks()) == [oldKid, newKid])

        // Once the tokens the old key signed have expired (lifetime plus the skew margin), it is deleted.
        _ = try await identity.retireSigningKeys(except: newKid, at: .now())
        let past = DateTimeOffset.now().adding(seconds: -(3600 + SigningKeyRing.skewSeconds + 1))
        let expired = InMemoryIdentityRepository()
        for key in try await identity.signingKeys() {
            try await expired.addSigningKey(kid: key.kid, algorithm: key.algorithm, pem: key.material)
        }
        _ = try await expired.retireSigningKeys(except: newKid, at: past)
        let replicaD = try await Self.service(expired)
        #expect(Self.kids(await replicaD.jwks()) == [newKid])
        #expect(try await expired.signingKeys().map(\.kid) == [newKid])
        await #expect(throws: VigilError.self) { try await replicaD.verify(before) }
        #expect(try await replicaD.verify(after).appId == "a")
    }

    @Test("A rotation with the wrong key-encryption key changes nothing")
    func rotationNeedsTheKey() async throws {
        let identity = InMemoryIdentityRepository()
        _ = try await Self.service(identity)
        let before = try await identity.signingKeys()
        let other = try KeyEncryptionKey(base64: KeyEncryptionKey.generate(), origin: "elsewhere")
        await #expect(throws: VigilError.self) { try await TokenService.rotate(identity: identity, kek: other) }
        #expect(try await identity.signingKeys() == before)
    }

    @Test("The key-encryption key: from a file, from the environment, or created in the data folder with mode 0600")
    func keySources() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("vigil-kek-\(UUID().uuidString)").path
        var configuration = VigilConfiguration()
        configuration.dataDir = dir
        let created = try configuration.keyEncryptionKey(environment: [:])
        let path = dir + "/key-encryption.key"
        let mode = try #require(try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int)
        #expect(mode == 0o600)
        #expect(try configuration.keyEncryptionKey(environment: [:]).id == created.id)

        let value = KeyEncryptionKey.generate()
        let fromEnvironment = try configuration.keyEncryptionKey(environment: ["VIGIL_KEY_ENCRYPTION_KEY": value])
        #expect(fromEnvironment.id != created.id)
        #expect(fromEnvironment.origin == "VIGIL_KEY_ENCRYPTION_KEY")

        configuration.keyEncryptionKeyFile = path
        #expect(try configuration.keyEncryptionKey(environment: ["VIGIL_KEY_ENCRYPTION_KEY": value]).id == created.id)

        do {
            _ = try configuration.keyEncryptionKey(environment: [:]) // the file is fine; now a bad value
            _ = try KeyEncryptionKey(base64: "c2hvcnQ=", origin: "VIGIL_KEY_ENCRYPTION_KEY")
            Issue.record("a short key was accepted")
        } catch {
            #expect(error.message.contains("must be 32 bytes in base64"))
        }
        #expect("\(created)".contains(created.id))
        #expect(!"\(created)".contains(try String(contentsOfFile: path, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)))
    }

    static func kid(of token: String) throws -> String? {
        let header = try #require(token.split(separator: ".").first)
        var base64 = header.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while base64.count % 4 != 0 { base64 += "=" }
        let json = try JSONParser.parse(Array(try #require(Data(base64Encoded: base64))))
        return json["kid"]?.stringValue
    }
}

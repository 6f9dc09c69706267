import Foundation
import JWTKit
import VigilCore
import VigilStorage
import VigilEngine

/// The token signing keys of this Vigil, read from the database and opened with the key-encryption key.
/// The newest key that is not retired signs; a retired key (after `vigil keys rotate`) is still published
/// and accepted until every token it signed has expired (the token lifetime plus a clock-skew margin), then
/// it is deleted. Keys are re-read every `refreshInterval` and when a token names a kid not loaded (at most
/// once per `unknownKidInterval`), so every replica follows a rotation made elsewhere.
actor SigningKeyRing {
    /// One reading of the keys.
    struct Keys: Sendable {
        let collection: JWTKeyCollection
        let published: [(kid: String, x: String, y: String)]
        /// The kid that signs.
        let signing: String?
    }

    let identity: any IdentityRepository
    let kek: KeyEncryptionKey
    let lifetime: Int
    static let refreshInterval: Duration = .seconds(60)
    static let unknownKidInterval: Duration = .seconds(5)
    /// Extra time a retired key is accepted, for clocks that disagree.
    static let skewSeconds: Int64 = 300

    private(set) var keys: Keys
    private var loadedAt: ContinuousClock.Instant
    private var unknownKidReloadAt: ContinuousClock.Instant?
    /// Why the last reload failed (the previous keys stay in use), for `/health`.
    private(set) var lastError: String?

    private init(identity: any IdentityRepository, kek: KeyEncryptionKey, lifetime: Int, keys: Keys) {
        self.identity = identity
        self.kek = kek
        self.lifetime = lifetime
        self.keys = keys
        loadedAt = .now
    }

    /// Reads the keys, sealing any stored in the clear (a database from before sealing) and creating the
    /// first key when there is none.
    static func open(identity: any IdentityRepository, kek: KeyEncryptionKey, lifetime: Int) async throws -> SigningKeyRing {
        var stored = try await identity.signingKeys()
        for key in stored where !KeyEncryptionKey.isSealed(key.material) {
            try await identity.updateSigningKey(kid: key.kid, material: try kek.seal(key.material, kid: key.kid))
        }
        if stored.isEmpty {
            _ = try await add(to: identity, kek: kek)
        }
        stored = try await identity.signingKeys()
        return SigningKeyRing(identity: identity, kek: kek, lifetime: lifetime,
                              keys: try await read(stored, kek: kek, lifetime: lifetime, identity: identity))
    }

    /// Creates a new ES256 signing key, sealed, and stores it; returns its kid.
    static func add(to identity: any IdentityRepository, kek: KeyEncryptionKey) async throws -> String {
        let key = ES256PrivateKey()
        let kid = String(UUID().uuidString.lowercased().prefix(16))
        try await identity.addSigningKey(kid: kid, algorithm: "ES256", pem: try kek.seal(Secret(key.pemRepresentation), kid: kid))
        return kid
    }

    /// What `vigil keys rotate` does: a new signing key, and every other key retired now.
    static func rotate(identity: any IdentityRepository, kek: KeyEncryptionKey) async throws -> (kid: String, retired: [String]) {
        // Every key must open with this server's key-encryption key before anything changes.
        for key in try await identity.signingKeys() where KeyEncryptionKey.isSealed(key.material) {
            _ = try kek.open(key.material, kid: key.kid)
        }
        let kid = try await add(to: identity, kek: kek)
        let retired = try await identity.retireSigningKeys(except: kid, at: .now())
        return (kid, retired)
    }

    /// Whether a retired key is past its last use.
    static func expired(_ key: StoredSigningKey, lifetime: Int, now: DateTimeOffset) -> Bool {
        guard let retired = key.retiredAt else { return false }
        return retired.adding(seconds: Int64(lifetime) + skewSeconds) < now
    }

    static func read(_ stored: [StoredSigningKey], kek: KeyEncryptionKey, lifetime: Int,
                     identity: any IdentityRepository) async throws -> Keys {
        let now = DateTimeOffset.now()
        let collection = JWTKeyCollection()
        var published: [(kid: String, x: String, y: String)] = []
        var signing: String?
        var newestRetired: String?
        for key in stored {
            if expired(key, lifetime: lifetime, now: now) {
                try await identity.deleteSigningKey(kid: key.kid)
                continue
            }
            let pem = KeyEncryptionKey.isSealed(key.material) ? try kek.open(key.material, kid: key.kid) : key.material
            let privateKey = try ES256PrivateKey(pem: pem.revealed)
            await collection.add(ecdsa: privateKey, kid: JWKIdentifier(string: key.kid))
            if let parameters = privateKey.publicKey.parameters {
                published.append((key.kid, parameters.x, parameters.y))
            }
            if key.retiredAt == nil { signing = key.kid } else { newestRetired = key.kid }
        }
        return Keys(collection: collection, published: published, signing: signing ?? newestRetired)
    }

    /// The keys, re-read first when the last reading is older than `refreshInterval`.
    func current() async -> Keys {
        if ContinuousClock.now - loadedAt >= Self.refreshInterval { await reload() }
        return keys
    }

    /// Re-reads the keys because a token named a kid not loaded; at most once per `unknownKidInterval`.
    /// - Returns: whether the keys were re-read.
    func reloadForUnknownKid() async -> Bool {
        if let last = unknownKidReloadAt, ContinuousClock.now - last < Self.unknownKidInterval { return false }
        unknownKidReloadAt = .now
        await reload()
        return true
    }

    private func reload() async {
        loadedAt = .now
        do {
            keys = try await Self.read(try await identity.signingKeys(), kek: kek, lifetime: lifetime, identity: identity)
            lastError = nil
        } catch {
            lastError = "\(error)"
        }
    }
}

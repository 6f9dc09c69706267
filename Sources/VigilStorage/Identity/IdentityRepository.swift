import Foundation
import VigilCore

/// Tenants, app registrations, consents and token signing keys. Implemented on SQLite
/// (`SQLiteIdentityRepository`), PostgreSQL (`PostgresIdentityRepository`) and in memory
/// (`InMemoryIdentityRepository`); all three pass the same conformance suite.
public protocol IdentityRepository: Sendable {
    /// Creates a tenant with the given id.
    /// - Throws: when the id is taken or the store fails.
    func createTenant(name: String, id: String) async throws -> Tenant

    /// The tenant with this id, if any.
    func tenant(id: String) async throws -> Tenant?

    /// Every tenant, oldest first (ties by id).
    func tenants() async throws -> [Tenant]

    /// Registers an app in a tenant; returns it with its client secret (shown once, stored hashed).
    /// - Throws: `VigilError` (`notFound`) when there is no such tenant.
    func createApp(tenantId: String, name: String, roles: [String], multiTenant: Bool) async throws -> (AppRegistration, Secret)

    /// The app with this client id, if any.
    func app(clientId: String) async throws -> AppRegistration?

    /// Checks client credentials; returns the app only when the secret matches (constant-time).
    func authenticate(clientId: String, secret: String) async throws -> AppRegistration?

    /// Records that `tenantId` lets a multi-tenant app act in it with `roles` (replacing earlier roles).
    /// - Throws: `VigilError` (`notFound`, `badRequest`) for an unknown tenant or app, or an app that is not
    ///   multi-tenant and not at home in the tenant.
    func consent(tenantId: String, clientId: String, roles: [String]) async throws

    /// The roles an app holds in a tenant: its own roles at home, the consented ones elsewhere, or `nil`.
    func roles(of app: AppRegistration, in tenantId: String) async throws -> [String]?

    /// Replaces an app's client secret with a new one, returned once (the old one stops working at once).
    /// - Throws: `VigilError` (`notFound`) when there is no such app.
    func rotateSecret(clientId: String) async throws -> Secret

    /// Disables or enables an app.
    /// - Throws: `VigilError` (`notFound`) when there is no such app.
    func setDisabled(clientId: String, _ disabled: Bool) async throws

    /// The stored token signing keys, oldest first (ties by kid).
    func signingKeys() async throws -> [StoredSigningKey]

    /// Stores a new signing key (`material`: the sealed private key).
    func addSigningKey(kid: String, algorithm: String, pem material: Secret) async throws

    /// Replaces a signing key's stored material (sealing a key stored in the clear).
    /// - Throws: `VigilError` (`notFound`) when there is no such key.
    func updateSigningKey(kid: String, material: Secret) async throws

    /// Marks every signing key but `kid` that is not retired yet as retired at `at`: it no longer signs and
    /// is still published and accepted until the tokens it signed have expired.
    /// - Returns: the kids retired now.
    func retireSigningKeys(except kid: String, at: DateTimeOffset) async throws -> [String]

    /// Deletes a signing key.
    func deleteSigningKey(kid: String) async throws
}

/// A token signing key as stored: its private key sealed with the key-encryption key (a database written
/// before keys were sealed holds plain PEM, which the server seals at its next start).
public struct StoredSigningKey: Sendable, Equatable {
    public var kid: String
    public var algorithm: String
    /// The sealed private key (or a plain PEM not sealed yet).
    public var material: Secret
    public var createdAt: DateTimeOffset
    /// When the key stopped signing (`nil` while it is the signing key).
    public var retiredAt: DateTimeOffset?

    public init(kid: String, algorithm: String, material: Secret, createdAt: DateTimeOffset, retiredAt: DateTimeOffset? = nil) {
        self.kid = kid
        self.algorithm = algorithm
        self.material = material
        self.createdAt = createdAt
        self.retiredAt = retiredAt
    }
}

extension IdentityRepository {
    /// Creates a tenant with a new random id.
    public func createTenant(name: String) async throws -> Tenant {
        try await createTenant(name: name, id: UUID().uuidString.lowercased())
    }
}

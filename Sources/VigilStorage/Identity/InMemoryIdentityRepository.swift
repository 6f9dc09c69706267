import Foundation
import VigilCore

/// Tenants, apps, consents and signing keys in memory, for tests: the same contract as the SQLite and
/// PostgreSQL stores.
public actor InMemoryIdentityRepository: IdentityRepository {
    private var tenantList: [Tenant] = []
    private var apps: [String: (app: AppRegistration, secretHash: String)] = [:]
    private var consents: [String: [String]] = [:]
    private var keys: [StoredSigningKey] = []

    public init() {}

    public func createTenant(name: String, id: String) async throws -> Tenant {
        guard !tenantList.contains(where: { $0.id == id }) else {
            throw VigilError(.conflict, "There is already a tenant '\(id)'.")
        }
        let tenant = Tenant(id: id, name: name)
        tenantList.append(tenant)
        return tenant
    }

    public func tenant(id: String) async throws -> Tenant? {
        tenantList.first { $0.id == id }
    }

    public func tenants() async throws -> [Tenant] {
        tenantList
    }

    public func createApp(tenantId: String, name: String, roles: [String], multiTenant: Bool)
        async throws -> (AppRegistration, Secret)
    {
        guard try await tenant(id: tenantId) != nil else {
            throw VigilError(.notFound, "There is no tenant '\(tenantId)'.")
        }
        let secret = ClientSecrets.generate()
        let app = AppRegistration(clientId: UUID().uuidString.lowercased(), tenantId: tenantId, name: name, roles: roles,
                                  isMultiTenant: multiTenant)
        apps[app.clientId] = (app, ClientSecrets.hash(secret))
        return (app, Secret(secret))
    }

    public func app(clientId: String) async throws -> AppRegistration? {
        apps[clientId]?.app
    }

    public func rotateSecret(clientId: String) async throws -> Secret {
        guard apps[clientId] != nil else { throw VigilError(.notFound, "There is no app with client id '\(clientId)'.") }
        let secret = ClientSecrets.generate()
        apps[clientId]?.secretHash = ClientSecrets.hash(secret)
        return Secret(secret)
    }

    public func setDisabled(clientId: String, _ disabled: Bool) async throws {
        guard apps[clientId] != nil else { throw VigilError(.notFound, "There is no app with client id '\(clientId)'.") }
        apps[clientId]?.app.isDisabled = disabled
    }

    public func authenticate(clientId: String, secret: String) async throws -> AppRegistration? {
        guard let entry = apps[clientId] else { return nil }
        return ClientSecrets.matches(secret, hash: entry.secretHash) ? entry.app : nil
    }

    public func consent(tenantId: String, clientId: String, roles: [String]) async throws {
        guard try await tenant(id: tenantId) != nil else { throw VigilError(.notFound, "There is no tenant '\(tenantId)'.") }
        guard let app = apps[clientId]?.app else {
            throw VigilError(.notFound, "There is no app with client id '\(clientId)'.")
        }
        try ClientSecrets.checkConsent(app: app, tenantId: tenantId)
        consents[tenantId + "\u{0}" + clientId] = roles
    }

    public func roles(of app: AppRegistration, in tenantId: String) async throws -> [String]? {
        if app.tenantId == tenantId { return app.roles }
        guard app.isMultiTenant else { return nil }
        return consents[tenantId + "\u{0}" + app.clientId]
    }

    public func signingKeys() async throws -> [StoredSigningKey] {
        keys
    }

    public func addSigningKey(kid: String, algorithm: String, pem material: Secret) async throws {
        keys.append(StoredSigningKey(kid: kid, algorithm: algorithm, material: material, createdAt: .now()))
    }

    public func updateSigningKey(kid: String, material: Secret) async throws {
        guard let index = keys.firstIndex(where: { $0.kid == kid }) else {
            throw VigilError(.notFound, "No signing key with kid '\(kid)'.")
        }
        keys[index].material = material
    }

    public func retireSigningKeys(except kid: String, at: DateTimeOffset) async throws -> [String] {
        var retired: [String] = []
        for index in keys.indices where keys[index].kid != kid && keys[index].retiredAt == nil {
            keys[index].retiredAt = at
            retired.append(keys[index].kid)
        }
        return retired.sorted()
    }

    public func deleteSigningKey(kid: String) async throws {
        keys.removeAll { $0.kid == kid }
    }
}

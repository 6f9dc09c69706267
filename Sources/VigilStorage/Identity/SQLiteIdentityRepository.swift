import Foundation
import GRDB
import VigilCore

/// Tenants, app registrations, consents and token signing keys in SQLite.
public struct SQLiteIdentityRepository: IdentityRepository {
    private let database: VigilDatabase

    public init(database: VigilDatabase) {
        self.database = database
    }

    /// Creates a tenant with a new id.
    public func createTenant(name: String, id: String) async throws -> Tenant {
        try await database.write { db in
            try db.execute(sql: "INSERT INTO tenant (id, name, created_at) VALUES (?, ?, ?)",
                           arguments: [id, name, DateTimeOffset.now().iso8601])
        }
        return Tenant(id: id, name: name)
    }

    public func tenant(id: String) async throws -> Tenant? {
        try await database.read { db in
            try Row.fetchOne(db, sql: "SELECT id, name FROM tenant WHERE id = ?", arguments: [id])
                .map { Tenant(id: $0["id"], name: $0["name"]) }
        }
    }

    public func tenants() async throws -> [Tenant] {
        try await database.read { db in
            try Row.fetchAll(db, sql: "SELECT id, name FROM tenant ORDER BY created_at, id")
                .map { Tenant(id: $0["id"], name: $0["name"]) }
        }
    }

    /// Registers an app in a tenant; returns it with its client secret (shown once, stored hashed).
    public func createApp(tenantId: String, name: String, roles: [String], multiTenant: Bool)
        async throws -> (AppRegistration, Secret)
    {
        guard try await tenant(id: tenantId) != nil else {
            throw VigilError(.notFound, "There is no tenant '\(tenantId)'.")
        }
        let clientId = UUID().uuidString.lowercased()
        let secret = ClientSecrets.generate()
        let app = AppRegistration(clientId: clientId, tenantId: tenantId, name: name, roles: roles,
                                  isMultiTenant: multiTenant)
        try await database.write { db in
            try db.execute(sql: """
                INSERT INTO app (client_id, tenant_id, name, secret_hash, roles, multi_tenant, created_at)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                """, arguments: [clientId, tenantId, name, ClientSecrets.hash(secret), roles.joined(separator: " "),
                                 multiTenant, DateTimeOffset.now().iso8601])
        }
        return (app, Secret(secret))
    }

    public func app(clientId: String) async throws -> AppRegistration? {
        try await database.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM app WHERE client_id = ?", arguments: [clientId]).map(Self.app)
        }
    }

    private static func app(_ row: Row) -> AppRegistration {
        AppRegistration(clientId: row["client_id"], tenantId: row["tenant_id"], name: row["name"],
                        roles: (row["roles"] as String).split(separator: " ").map(String.init),
                        isMultiTenant: row["multi_tenant"], isDisabled: row["disabled"] ?? false)
    }

    public func rotateSecret(clientId: String) async throws -> Secret {
        let secret = ClientSecrets.generate()
        let changed = try await database.write { db in
            try db.execute(sql: "UPDATE app SET secret_hash = ? WHERE client_id = ?",
                           arguments: [ClientSecrets.hash(secret), clientId])
            return db.changesCount
        }
        guard changed == 1 else { throw VigilError(.notFound, "There is no app with client id '\(clientId)'.") }
        return Secret(secret)
    }

    public func setDisabled(clientId: String, _ disabled: Bool) async throws {
        let changed = try await database.write { db in
            try db.execute(sql: "UPDATE app SET disabled = ? WHERE client_id = ?", arguments: [disabled, clientId])
            return db.changesCount
        }
        guard changed == 1 else { throw VigilError(.notFound, "There is no app with client id '\(clientId)'.") }
    }

    /// Checks client credentials; returns the app only when the secret matches (constant-time).
    public func authenticate(clientId: String, secret: String) async throws -> AppRegistration? {
        let row = try await database.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM app WHERE client_id = ?", arguments: [clientId])
        }
        guard let row else { return nil }
        return ClientSecrets.matches(secret, hash: row["secret_hash"]) ? Self.app(row) : nil
    }

    /// Records that `tenantId` lets a multi-tenant app act in it with `roles`.
    public func consent(tenantId: String, clientId: String, roles: [String]) async throws {
        guard try await tenant(id: tenantId) != nil else { throw VigilError(.notFound, "There is no tenant '\(tenantId)'.") }
        guard let app = try await app(clientId: clientId) else {
            throw VigilError(.notFound, "There is no app with client id '\(clientId)'.")
        }
        try ClientSecrets.checkConsent(app: app, tenantId: tenantId)
        try await database.write { db in
            try db.execute(sql: """
                INSERT INTO app_consent (tenant_id, client_id, roles, created_at) VALUES (?, ?, ?, ?)
                ON CONFLICT(tenant_id, client_id) DO UPDATE SET roles = excluded.roles
                """, arguments: [tenantId, clientId, roles.joined(separator: " "), DateTimeOffset.now().iso8601])
        }
    }

    /// The roles an app holds in a tenant: its own roles at home, the consented ones elsewhere, or `nil`.
    public func roles(of app: AppRegistration, in tenantId: String) async throws -> [String]? {
        if app.tenantId == tenantId { return app.roles }
        guard app.isMultiTenant else { return nil }
        return try await database.read { db in
            try String.fetchOne(db, sql: "SELECT roles FROM app_consent WHERE tenant_id = ? AND client_id = ?",
                                arguments: [tenantId, app.clientId])
        }.map { $0.split(separator: " ").map(String.init) }
    }

    /// The stored token signing keys, oldest first.
    public func signingKeys() async throws -> [StoredSigningKey] {
        try await database.read { db in
            try Row.fetchAll(db, sql: """
                SELECT kid, algorithm, private_key_pem, created_at, retired_at FROM signing_key ORDER BY created_at, kid
                """).map { row in
                StoredSigningKey(kid: row["kid"], algorithm: row["algorithm"], material: Secret(row["private_key_pem"]),
                                 createdAt: DateTimeOffset(row["created_at"] as String) ?? DateTimeOffset(secondsSinceEpoch: 0),
                                 retiredAt: (row["retired_at"] as String?).flatMap { DateTimeOffset($0) })
            }
        }
    }

    /// Stores a new signing key.
    public func addSigningKey(kid: String, algorithm: String, pem material: Secret) async throws {
        try await database.write { db in
            try db.execute(sql: "INSERT INTO signing_key (kid, algorithm, private_key_pem, created_at) VALUES (?, ?, ?, ?)",
                           arguments: [kid, algorithm, material.revealed, DateTimeOffset.now().iso8601])
        }
    }

    public func updateSigningKey(kid: String, material: Secret) async throws {
        let changed = try await database.write { db in
            try db.execute(sql: "UPDATE signing_key SET private_key_pem = ? WHERE kid = ?", arguments: [material.revealed, kid])
            return db.changesCount
        }
        if changed == 0 { throw VigilError(.notFound, "No signing key with kid '\(kid)'.") }
    }

    public func retireSigningKeys(except kid: String, at: DateTimeOffset) async throws -> [String] {
        try await database.write { db in
            let kids = try String.fetchAll(db, sql: "SELECT kid FROM signing_key WHERE kid <> ? AND retired_at IS NULL ORDER BY kid",
                                           arguments: [kid])
            try db.execute(sql: "UPDATE signing_key SET retired_at = ? WHERE kid <> ? AND retired_at IS NULL",
                           arguments: [at.iso8601, kid])
            return kids
        }
    }

    public func deleteSigningKey(kid: String) async throws {
        try await database.write { db in
            try db.execute(sql: "DELETE FROM signing_key WHERE kid = ?", arguments: [kid])
        }
    }
}

import Foundation
import PostgresNIO
import VigilCore

/// Tenants, app registrations, consents and token signing keys in PostgreSQL.
public struct PostgresIdentityRepository: IdentityRepository {
    private let database: VigilPostgres

    public init(database: VigilPostgres) {
        self.database = database
    }

    private func rows<T: Sendable>(_ query: PostgresQuery, _ map: @Sendable (PostgresRow) throws -> T) async throws -> [T] {
        try await database.withConnection { connection in
            var out: [T] = []
            for try await row in try await connection.query(query, logger: database.logger) { out.append(try map(row)) }
            return out
        }
    }

    private func execute(_ query: PostgresQuery) async throws {
        try await database.withConnection { connection in
            _ = try await connection.query(query, logger: database.logger)
        }
    }

    public func createTenant(name: String, id: String) async throws -> Tenant {
        let now = DateTimeOffset.now().iso8601
        try await execute("INSERT INTO tenant (id, name, created_at) VALUES (\(id), \(name), \(now))")
        return Tenant(id: id, name: name)
    }

    public func tenant(id: String) async throws -> Tenant? {
        try await rows("SELECT id, name FROM tenant WHERE id = \(id)") { row in
            let (id, name) = try row.decode((String, String).self)
            return Tenant(id: id, name: name)
        }.first
    }

    public func tenants() async throws -> [Tenant] {
        try await rows("SELECT id, name FROM tenant ORDER BY created_at, id") { row in
            let (id, name) = try row.decode((String, String).self)
            return Tenant(id: id, name: name)
        }
    }

    public func createApp(tenantId: String, name: String, roles: [String], multiTenant: Bool)
        async throws -> (AppRegistration, Secret)
    {
        guard try await tenant(id: tenantId) != nil else {
            throw VigilError(.notFound, "There is no tenant '\(tenantId)'.")
        }
        let clientId = UUID().uuidString.lowercased()
        let secret = ClientSecrets.generate()
        let app = AppRegistration(clientId: clientId, tenantId: tenantId, name: name, roles: roles, isMultiTenant: multiTenant)
        let hash = ClientSecrets.hash(secret)
        let roleText = roles.joined(separator: " ")
        let now = DateTimeOffset.now().iso8601
        try await execute("""
            INSERT INTO app (client_id, tenant_id, name, secret_hash, roles, multi_tenant, created_at)
            VALUES (\(clientId), \(tenantId), \(name), \(hash), \(roleText), \(multiTenant), \(now))
            """)
        return (app, Secret(secret))
    }

    private static func app(_ row: PostgresRow) throws -> (AppRegistration, String) {
        let (clientId, tenantId, name, roles, multiTenant, hash, disabled) =
            try row.decode((String, String, String, String, Bool, String, Bool).self)
        return (AppRegistration(clientId: clientId, tenantId: tenantId, name: name, roles: ClientSecrets.roles(roles),
                                isMultiTenant: multiTenant, isDisabled: disabled), hash)
    }

    private func appWithHash(clientId: String) async throws -> (AppRegistration, String)? {
        try await rows("""
            SELECT client_id, tenant_id, name, roles, multi_tenant, secret_hash, disabled FROM app WHERE client_id = \(clientId)
            """, Self.app).first
    }

    public func rotateSecret(clientId: String) async throws -> Secret {
        let secret = ClientSecrets.generate()
        let hash = ClientSecrets.hash(secret)
        let updated = try await rows("UPDATE app SET secret_hash = \(hash) WHERE client_id = \(clientId) RETURNING client_id") {
            try $0.decode(String.self)
        }
        guard !updated.isEmpty else { throw VigilError(.notFound, "There is no app with client id '\(clientId)'.") }
        return Secret(secret)
    }

    public func setDisabled(clientId: String, _ disabled: Bool) async throws {
        let updated = try await rows("UPDATE app SET disabled = \(disabled) WHERE client_id = \(clientId) RETURNING client_id") {
            try $0.decode(String.self)
        }
        guard !updated.isEmpty else { throw VigilError(.notFound, "There is no app with client id '\(clientId)'.") }
    }

    public func app(clientId: String) async throws -> AppRegistration? {
        try await appWithHash(clientId: clientId)?.0
    }

    public func authenticate(clientId: String, secret: String) async throws -> AppRegistration? {
        guard let (app, hash) = try await appWithHash(clientId: clientId) else { return nil }
        return ClientSecrets.matches(secret, hash: hash) ? app : nil
    }

    public func consent(tenantId: String, clientId: String, roles: [String]) async throws {
        guard try await tenant(id: tenantId) != nil else { throw VigilError(.notFound, "There is no tenant '\(tenantId)'.") }
        guard let app = try await app(clientId: clientId) else {
            throw VigilError(.notFound, "There is no app with client id '\(clientId)'.")
        }
        try ClientSecrets.checkConsent(app: app, tenantId: tenantId)
        let roleText = roles.joined(separator: " ")
        let now = DateTimeOffset.now().iso8601
        try await execute("""
            INSERT INTO app_consent (tenant_id, client_id, roles, created_at) VALUES (\(tenantId), \(clientId), \(roleText), \(now))
            ON CONFLICT (tenant_id, client_id) DO UPDATE SET roles = excluded.roles
            """)
    }

    public func roles(of app: AppRegistration, in tenantId: String) async throws -> [String]? {
        if app.tenantId == tenantId { return app.roles }
        guard app.isMultiTenant else { return nil }
        return try await rows("SELECT roles FROM app_consent WHERE tenant_id = \(tenantId) AND client_id = \(app.clientId)") { row in
            ClientSecrets.roles(try row.decode(String.self))
        }.first
    }

    public func signingKeys() async throws -> [StoredSigningKey] {
        try await rows("""
            SELECT kid, algorithm, private_key_pem, created_at, retired_at FROM signing_key ORDER BY created_at, kid
            """) { row in
            let (kid, algorithm, material, created, retired) = try row.decode((String, String, String, String, String?).self)
            return StoredSigningKey(kid: kid, algorithm: algorithm, material: Secret(material),
                                    createdAt: DateTimeOffset(created) ?? DateTimeOffset(secondsSinceEpoch: 0),
                                    retiredAt: retired.flatMap { DateTimeOffset($0) })
        }
    }

    public func addSigningKey(kid: String, algorithm: String, pem material: Secret) async throws {
        let now = DateTimeOffset.now().iso8601
        try await execute("""
            INSERT INTO signing_key (kid, algorithm, private_key_pem, created_at) VALUES (\(kid), \(algorithm), \(material.revealed), \(now))
            """)
    }

    public func updateSigningKey(kid: String, material: Secret) async throws {
        let changed = try await rows("UPDATE signing_key SET private_key_pem = \(material.revealed) WHERE kid = \(kid) RETURNING kid") {
            try $0.decode(String.self)
        }
        if changed.isEmpty { throw VigilError(.notFound, "No signing key with kid '\(kid)'.") }
    }

    public func retireSigningKeys(except kid: String, at: DateTimeOffset) async throws -> [String] {
        let at = at.iso8601
        return try await rows("""
            UPDATE signing_key SET retired_at = \(at) WHERE kid <> \(kid) AND retired_at IS NULL RETURNING kid
            """) { try $0.decode(String.self) }.sorted()
    }

    public func deleteSigningKey(kid: String) async throws {
        try await execute("DELETE FROM signing_key WHERE kid = \(kid)")
    }
}

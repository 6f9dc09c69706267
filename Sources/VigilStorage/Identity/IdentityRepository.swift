import Crypto
import Foundation
import GRDB
import VigilCore

/// A tenant: every row Vigil stores belongs to one.
public struct Tenant: Sendable, Equatable {
    public var id: String
    public var name: String
}

/// An application registration (client credentials) with the app roles it was granted in its tenant.
public struct AppRegistration: Sendable, Equatable {
    public var clientId: String
    public var tenantId: String
    public var name: String
    public var roles: [String]
    public var isMultiTenant: Bool
}

/// A secret value that never prints: its description is `***`.
public struct Secret: Sendable, Equatable, Codable, CustomStringConvertible, CustomDebugStringConvertible {
    /// The secret text; read it only to hand it to its owner once.
    public let revealed: String
    public init(_ value: String) { revealed = value }
    public var description: String { "***" }
    public var debugDescription: String { "***" }

    public init(from decoder: any Decoder) throws {
        revealed = try decoder.singleValueContainer().decode(String.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(revealed)
    }
}

/// Tenants, app registrations, consents and token signing keys.
public struct IdentityRepository: Sendable {
    private let database: VigilDatabase

    public init(database: VigilDatabase) {
        self.database = database
    }

    /// Creates a tenant with a new id.
    public func createTenant(name: String, id: String = UUID().uuidString.lowercased()) async throws -> Tenant {
        try await database.pool.write { db in
            try db.execute(sql: "INSERT INTO tenant (id, name, created_at) VALUES (?, ?, ?)",
                           arguments: [id, name, DateTimeOffset.now().iso8601])
        }
        return Tenant(id: id, name: name)
    }

    public func tenant(id: String) async throws -> Tenant? {
        try await database.pool.read { db in
            try Row.fetchOne(db, sql: "SELECT id, name FROM tenant WHERE id = ?", arguments: [id])
                .map { Tenant(id: $0["id"], name: $0["name"]) }
        }
    }

    public func tenants() async throws -> [Tenant] {
        try await database.pool.read { db in
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
        var bytes = [UInt8](repeating: 0, count: 32)
        var rng = SystemRandomNumberGenerator()
        for i in bytes.indices { bytes[i] = UInt8.random(in: 0...255, using: &rng) }
        let secret = Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
        let app = AppRegistration(clientId: clientId, tenantId: tenantId, name: name, roles: roles,
                                  isMultiTenant: multiTenant)
        try await database.pool.write { db in
            try db.execute(sql: """
                INSERT INTO app (client_id, tenant_id, name, secret_hash, roles, multi_tenant, created_at)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                """, arguments: [clientId, tenantId, name, Self.hash(secret), roles.joined(separator: " "),
                                 multiTenant, DateTimeOffset.now().iso8601])
        }
        return (app, Secret(secret))
    }

    public func app(clientId: String) async throws -> AppRegistration? {
        try await database.pool.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM app WHERE client_id = ?", arguments: [clientId]).map(Self.app)
        }
    }

    private static func app(_ row: Row) -> AppRegistration {
        AppRegistration(clientId: row["client_id"], tenantId: row["tenant_id"], name: row["name"],
                        roles: (row["roles"] as String).split(separator: " ").map(String.init),
                        isMultiTenant: row["multi_tenant"])
    }

    /// Checks client credentials; returns the app only when the secret matches (constant-time).
    public func authenticate(clientId: String, secret: String) async throws -> AppRegistration? {
        let row = try await database.pool.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM app WHERE client_id = ?", arguments: [clientId])
        }
        guard let row else { return nil }
        let stored = Array((row["secret_hash"] as String).utf8)
        let given = Array(Self.hash(secret).utf8)
        var difference: UInt8 = stored.count == given.count ? 0 : 1
        for (a, b) in zip(stored, given) { difference |= a ^ b }
        return difference == 0 ? Self.app(row) : nil
    }

    /// Records that `tenantId` lets a multi-tenant app act in it with `roles`.
    public func consent(tenantId: String, clientId: String, roles: [String]) async throws {
        guard try await tenant(id: tenantId) != nil else { throw VigilError(.notFound, "There is no tenant '\(tenantId)'.") }
        guard let app = try await app(clientId: clientId) else {
            throw VigilError(.notFound, "There is no app with client id '\(clientId)'.")
        }
        guard app.isMultiTenant || app.tenantId == tenantId else {
            throw VigilError(.badRequest, "The app '\(clientId)' is not multi-tenant; register it with --multi-tenant.")
        }
        try await database.pool.write { db in
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
        return try await database.pool.read { db in
            try String.fetchOne(db, sql: "SELECT roles FROM app_consent WHERE tenant_id = ? AND client_id = ?",
                                arguments: [tenantId, app.clientId])
        }.map { $0.split(separator: " ").map(String.init) }
    }

    /// The stored token signing keys (kid, PEM), oldest first.
    public func signingKeys() async throws -> [(kid: String, pem: Secret)] {
        try await database.pool.read { db in
            try Row.fetchAll(db, sql: "SELECT kid, private_key_pem FROM signing_key ORDER BY created_at, kid")
                .map { ($0["kid"], Secret($0["private_key_pem"])) }
        }
    }

    /// Stores a new signing key.
    public func addSigningKey(kid: String, algorithm: String, pem: Secret) async throws {
        try await database.pool.write { db in
            try db.execute(sql: "INSERT INTO signing_key (kid, algorithm, private_key_pem, created_at) VALUES (?, ?, ?, ?)",
                           arguments: [kid, algorithm, pem.revealed, DateTimeOffset.now().iso8601])
        }
    }

    /// SHA-256 of a client secret, hex. Secrets are 256-bit random values, so a fast hash suffices.
    static func hash(_ secret: String) -> String {
        SHA256.hash(data: Array(secret.utf8)).map { String(format: "%02x", $0) }.joined()
    }
}

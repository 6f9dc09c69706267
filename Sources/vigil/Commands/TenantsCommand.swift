import Foundation
import ArgumentParser
import VigilCore
import VigilStorage
import VigilEngine

/// `vigil tenants`: manage tenants.
struct TenantsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tenants", abstract: "Manage tenants.", subcommands: [Create.self, List.self])

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create a tenant; prints {\"tenantId\",\"name\"}.")
        @OptionGroup var data: DataOptions
        @Argument(help: "The tenant's name.") var name: String

        func run() async throws {
            let identity = try await data.identity()
            let tenant = try await identity.createTenant(name: name)
            print(AlertDocument.line(["tenantId": .string(tenant.id), "name": .string(tenant.name)]))
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List tenants as NDJSON.")
        @OptionGroup var data: DataOptions

        func run() async throws {
            let identity = try await data.identity()
            for tenant in try await identity.tenants() {
                print(AlertDocument.line(["tenantId": .string(tenant.id), "name": .string(tenant.name)]))
            }
        }
    }
}

/// `vigil apps`: app registrations and consents.
struct AppsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "apps", abstract: "Register apps (client credentials) and grant consents.",
        subcommands: [Create.self, Consent.self, RotateSecret.self, Disable.self, Enable.self])

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Register an app; prints {\"tenantId\",\"clientId\",\"clientSecret\"} (the secret only now).")
        @OptionGroup var data: DataOptions
        @Option(help: "The tenant the app is registered in.") var tenant: String
        @Option(help: "The app's name.") var name: String
        @Option(help: "Comma-separated roles, e.g. SecurityEvents.Read.All,Vigil.Ingest.") var roles: String
        @Flag(help: "Let other tenants consent to the app.") var multiTenant = false

        func run() async throws {
            let roles = try Self.parseRoles(roles)
            let identity = try await data.identity()
            let (app, secret) = try await identity.createApp(tenantId: tenant, name: name, roles: roles, multiTenant: multiTenant)
            print(AlertDocument.line(["tenantId": .string(app.tenantId), "clientId": .string(app.clientId),
                                      "clientSecret": .string(secret.revealed)]))
        }

        static func parseRoles(_ text: String) throws -> [String] {
            let roles = text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            if let unknown = roles.first(where: { !Permission.all.contains($0) }) {
                throw ValidationError("Unknown role '\(unknown)'. Roles: \(Permission.all.joined(separator: ", ")).")
            }
            return roles
        }
    }

    struct Consent: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Let a multi-tenant app act in a tenant with the given roles.")
        @OptionGroup var data: DataOptions
        @Option(help: "The consenting tenant.") var tenant: String
        @Option(help: "The app's client id.") var clientId: String
        @Option(help: "Comma-separated roles the tenant grants.") var roles: String

        func run() async throws {
            let roles = try Create.parseRoles(roles)
            let identity = try await data.identity()
            try await identity.consent(tenantId: tenant, clientId: clientId, roles: roles)
            print(AlertDocument.line(["tenantId": .string(tenant), "clientId": .string(clientId),
                                      "roles": .array(roles.map(JSONValue.string))]))
        }
    }

    struct RotateSecret: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "rotate-secret",
            abstract: "Give an app a new client secret; prints {\"clientId\",\"clientSecret\"} (the secret only now). The old secret stops working at once; tokens already issued keep working until they expire.")
        @OptionGroup var data: DataOptions
        @Option(help: "The app's client id.") var clientId: String

        func run() async throws {
            let secret = try await data.identity().rotateSecret(clientId: clientId)
            print(AlertDocument.line(["clientId": .string(clientId), "clientSecret": .string(secret.revealed)]))
        }
    }

    struct Disable: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Disable an app: it gets no more tokens, and the tokens it holds stop working within a minute (on every replica).")
        @OptionGroup var data: DataOptions
        @Option(help: "The app's client id.") var clientId: String

        func run() async throws {
            try await data.identity().setDisabled(clientId: clientId, true)
            print(AlertDocument.line(["clientId": .string(clientId), "disabled": true]))
        }
    }

    struct Enable: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Enable a disabled app again.")
        @OptionGroup var data: DataOptions
        @Option(help: "The app's client id.") var clientId: String

        func run() async throws {
            try await data.identity().setDisabled(clientId: clientId, false)
            print(AlertDocument.line(["clientId": .string(clientId), "disabled": false]))
        }
    }
}

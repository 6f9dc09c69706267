import Foundation

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
    /// A disabled app gets no token, and the tokens it holds stop working (`vigil apps disable`).
    public var isDisabled: Bool = false
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

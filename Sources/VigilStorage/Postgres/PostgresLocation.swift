import Foundation
import VigilCore

/// Where a PostgreSQL database is: parsed from `postgres://user:password@host:port/database?sslmode=…`.
/// The password is a `Secret`; `description` never shows it.
public struct PostgresLocation: Sendable, Equatable, CustomStringConvertible {
    /// How the connection uses TLS (`sslmode`): `disable`, `prefer` (the default) or `require`.
    public enum TLSMode: String, Sendable, Equatable {
        case disable, prefer, require
    }

    public var host: String
    public var port: Int
    public var username: String
    public var password: Secret?
    public var database: String
    public var tls: TLSMode

    public init(host: String, port: Int = 5432, username: String, password: Secret?, database: String,
                tls: TLSMode = .prefer) {
        self.host = host
        self.port = port
        self.username = username
        self.password = password
        self.database = database
        self.tls = tls
    }

    /// Parses a `postgres://` (or `postgresql://`) URL. User, password and database may be percent-encoded.
    /// - Throws: `VigilError` (`badRequest`) naming what is wrong, without the password.
    public init(url: Secret) throws(VigilError) {
        let text = url.revealed
        guard let components = URLComponents(string: text),
              let scheme = components.scheme?.lowercased(), scheme == "postgres" || scheme == "postgresql" else {
            throw VigilError(.badRequest, "The database URL must look like postgres://user:password@host:5432/database.")
        }
        guard let host = components.host, !host.isEmpty else {
            throw VigilError(.badRequest, "The database URL names no host (postgres://user:password@host:5432/database).")
        }
        guard let user = components.user?.removingPercentEncoding, !user.isEmpty else {
            throw VigilError(.badRequest, "The database URL names no user (postgres://user:password@\(host)/database).")
        }
        let database = String(components.path.drop(while: { $0 == "/" })).removingPercentEncoding ?? ""
        guard !database.isEmpty else {
            throw VigilError(.badRequest, "The database URL names no database (postgres://\(user)@\(host)/database).")
        }
        var tls = TLSMode.prefer
        for item in components.queryItems ?? [] {
            switch item.name {
            case "sslmode":
                guard let mode = TLSMode(rawValue: item.value ?? "") else {
                    throw VigilError(.badRequest, "sslmode in the database URL must be disable, prefer or require.")
                }
                tls = mode
            default:
                throw VigilError(.badRequest, "Unknown parameter '\(item.name)' in the database URL (only sslmode is read).")
            }
        }
        let port = components.port ?? 5432
        guard (1...65535).contains(port) else {
            throw VigilError(.badRequest, "The database URL's port must be 1–65535.")
        }
        self.init(host: host, port: port, username: user,
                  password: components.password.map { Secret($0.removingPercentEncoding ?? $0) },
                  database: database, tls: tls)
    }

    /// The URL with the password replaced by `***`.
    public var description: String {
        let credentials = password == nil ? username : "\(username):***"
        let hostPart = host.contains(":") ? "[\(host)]" : host
        return "postgres://\(credentials)@\(hostPart):\(port)/\(database)" + (tls == .prefer ? "" : "?sslmode=\(tls.rawValue)")
    }
}

import VigilCore

/// A named, time-limited claim on a piece of work (a tailed source, a scheduled job) held by one
/// replica. See `WorkLeaseRepository`.
public struct WorkLease: Sendable, Equatable {
    /// What is claimed, e.g. `tail:sensor-1` or `job:indicator-retention`.
    public var name: String
    /// Who holds it: a replica's `WorkLeaseHolder.id`.
    public var holder: String
    /// When the claim lapses unless renewed (the database's clock on PostgreSQL).
    public var expiresAt: DateTimeOffset
    /// Grows by one each time the lease changes hands (not on renewal): a fencing token.
    public var generation: Int

    public init(name: String, holder: String, expiresAt: DateTimeOffset, generation: Int) {
        self.name = name
        self.holder = holder
        self.expiresAt = expiresAt
        self.generation = generation
    }
}

/// The identity a process claims work under: unique per process start (host name, process id and a
/// random suffix), so a restarted replica never mistakes an old claim for its own.
public enum WorkLeaseHolder {
    /// This process's holder id.
    public static let id: String = {
        let host = ProcessInfo.processInfo.hostName
        let pid = ProcessInfo.processInfo.processIdentifier
        return "\(host):\(pid):\(UUID().uuidString.prefix(8).lowercased())"
    }()
}

import Foundation

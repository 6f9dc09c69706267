import AsyncHTTPClient
import Foundation
import NIOCore
import NIOSSL
import Synchronization
import VigilCore

/// Every outbound HTTP request of the process — webhooks and the validation handshake, action webhooks and
/// their status URLs, remote providers and their token URLs, external issuers' key sets — goes through one
/// of these. A request's host is resolved once, every address it resolves to is checked against the
/// `TargetPolicy`, and the connection goes to the checked address (a second lookup, as in DNS rebinding,
/// cannot change the target), with the `Host` header and TLS server name of the original host. Redirects
/// are never followed: one could carry a body or credentials to another origin, or lead to a refused address.
public final class OutboundClient: Sendable {
    /// The rules this client's requests must pass.
    public let policy: TargetPolicy
    let resolve: TargetPolicy.Resolver
    let pool: PinnedClientPool

    /// A client for operator-configured URLs, shared by the process.
    public static let operatorConfigured = OutboundClient(policy: .operatorConfigured)

    /// - Parameters:
    ///   - resolve: the name lookup (the system's by default; tests give a fixed table).
    ///   - pool: where connections are kept (one pool for the process by default).
    public init(policy: TargetPolicy, resolve: @escaping TargetPolicy.Resolver = TargetPolicy.resolve,
                pool: PinnedClientPool = .shared)
    {
        self.policy = policy
        self.resolve = resolve
        self.pool = pool
    }

    /// The same lookup and pool with other rules.
    public func with(policy: TargetPolicy) -> OutboundClient {
        OutboundClient(policy: policy, resolve: resolve, pool: pool)
    }

    /// Checks the request's URL (resolving its host once) and sends the request to the checked address.
    ///
    /// - Parameter field: the name of the URL in error messages.
    /// - Throws: `OutboundRefusal` when the policy refuses the URL; otherwise what `HTTPClient.execute` throws.
    public func execute(_ request: HTTPClientRequest, timeout: TimeAmount, field: String = "url") async throws -> HTTPClientResponse {
        let target: TargetPolicy.PinnedTarget
        do {
            target = try await policy.pin(request.url, field: field, resolve: resolve)
        } catch {
            throw OutboundRefusal(error: error)
        }
        return try await pool.client(for: target).execute(request, timeout: timeout)
    }
}

/// A URL the outbound policy refused, with the policy's reason.
public struct OutboundRefusal: Error, CustomStringConvertible, Sendable {
    public var error: VigilError
    public var description: String { error.message }
}

/// HTTP clients by pinned target: one per (host, checked address), whose DNS override sends that host to
/// that address, so connections to it are kept alive and reused. At most `capacity` are kept; the least
/// recently used one beyond that is shut down (a request still on it fails and is retried by its caller).
public final class PinnedClientPool: Sendable {
    /// The pool of the process.
    public static let shared = PinnedClientPool()

    let capacity: Int
    let tlsConfiguration: TLSConfiguration?
    private let state = Mutex<(clients: [String: (client: HTTPClient, used: UInt64)], tick: UInt64)>(([:], 0))

    /// - Parameter tlsConfiguration: the TLS settings of every connection (the system's trust roots when `nil`).
    public init(capacity: Int = 128, tlsConfiguration: TLSConfiguration? = nil) {
        self.capacity = max(1, capacity)
        self.tlsConfiguration = tlsConfiguration
    }

    func configuration(override: [String: String]) -> HTTPClient.Configuration {
        var configuration = HTTPClient.Configuration(tlsConfiguration: tlsConfiguration)
        configuration.redirectConfiguration = .disallow
        configuration.decompression = .disabled
        configuration.dnsOverride = override
        return configuration
    }

    func client(for target: TargetPolicy.PinnedTarget) -> HTTPClient {
        let key = target.address.map { target.host + "\u{0}" + $0 } ?? ""
        var evicted: HTTPClient?
        let client = state.withLock { state -> HTTPClient in
            state.tick += 1
            if let entry = state.clients[key] {
                state.clients[key] = (entry.client, state.tick)
                return entry.client
            }
            let override = target.address.map { [target.host: $0] } ?? [:]
            let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration(override: override))
            if state.clients.count >= capacity, let oldest = state.clients.min(by: { $0.value.used < $1.value.used }) {
                evicted = oldest.value.client
                state.clients[oldest.key] = nil
            }
            state.clients[key] = (client, state.tick)
            return client
        }
        // Requests still on an evicted client fail (their callers retry); how the shutdown ends changes nothing.
        evicted?.shutdown { _ in }
        return client
    }

    deinit {
        // A client shutting down keeps itself alive until its connections are closed.
        for entry in state.withLock({ $0.clients.values }) { entry.client.shutdown { _ in } }
    }

    /// How many clients the pool holds (for tests).
    public var count: Int { state.withLock { $0.clients.count } }
}

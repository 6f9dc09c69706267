import Foundation
import Synchronization
import VigilStorage
import VigilEngine

/// Whether the app a token was issued to has been disabled since, read from the identity store at most once
/// per `ttl` seconds per app: a disabled app's tokens stop working within that time on every replica,
/// without a database read per request. A failed read keeps the last known answer (none: not disabled) and
/// is tried again on the next request.
final class AppStatusCache: Sendable {
    private let identity: (any IdentityRepository)?
    private let ttl: Double
    private let clock: @Sendable () -> Double
    private let entries = Mutex<[String: (disabled: Bool, checkedAt: Double)]>([:])

    init(identity: (any IdentityRepository)?, ttl: Double = 30,
         clock: @escaping @Sendable () -> Double = { Date().timeIntervalSince1970 })
    {
        self.identity = identity
        self.ttl = ttl
        self.clock = clock
    }

    func isDisabled(_ appId: String) async -> Bool {
        guard let identity else { return false }
        let now = clock()
        let known = entries.withLock { $0[appId] }
        if let known, now - known.checkedAt < ttl { return known.disabled }
        let disabled: Bool
        do {
            disabled = try await identity.app(clientId: appId)?.isDisabled ?? false
        } catch {
            return known?.disabled ?? false
        }
        entries.withLock { $0[appId] = (disabled, now) }
        return disabled
    }
}

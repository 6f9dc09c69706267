import Foundation
import VigilCore
import VigilStorage
import VigilEngine

/// Per (tenant, app, resource class) request limits in fixed one-minute windows, as Graph applies them
/// to security resources (150/min on alerts, 1000/min on indicators by default). On PostgreSQL the windows
/// are counted in the database, so the budget is shared by every replica; when the database cannot count
/// (it is unreachable), this replica counts alone until it can again, rather than refusing or waving through.
public actor RateLimiter {
    private struct Key: Hashable {
        var tenantId: String
        var appId: String
        var resource: String
    }

    private var windows: [Key: (start: Int64, count: Int)] = [:]
    private let limits: [String: Int]
    private let clock: @Sendable () -> Double
    private let shared: (any ThrottleCounter)?
    /// Requests counted locally because the shared counter failed.
    public private(set) var sharedFailures = 0
    /// Why the shared counter last failed.
    public private(set) var lastSharedError: String?

    /// - Parameters:
    ///   - limits: requests per minute by resource class (`alerts`, `indicators`, …); a class without a limit
    ///     is not throttled.
    ///   - shared: windows shared with other replicas (PostgreSQL); `nil` counts in this process.
    public init(limits: [String: Int], shared: (any ThrottleCounter)? = nil,
                clock: @escaping @Sendable () -> Double = { Date().timeIntervalSince1970 }) {
        self.limits = limits
        self.shared = shared
        self.clock = clock
    }

    /// Counts a request; throws 429 with the seconds to wait when the window's limit is exceeded.
    public func admit(tenantId: String, appId: String, resource: String) async throws(VigilError) {
        guard let limit = limits[resource], limit > 0 else { return }
        if let shared {
            do {
                let (count, left) = try await shared.count(resource + "\u{0}" + tenantId + "\u{0}" + appId)
                try Self.check(count: count, limit: limit, secondsLeft: left)
                return
            } catch let error as VigilError where error.code == .tooManyRequests {
                throw error
            } catch {
                sharedFailures += 1
                lastSharedError = "\(error)"
            }
        }
        let now = clock()
        let window = Int64(now / 60)
        let key = Key(tenantId: tenantId, appId: appId, resource: resource)
        var entry = windows[key] ?? (window, 0)
        if entry.start != window { entry = (window, 0) }
        entry.count += 1
        windows[key] = entry
        if windows.count > 100_000 { windows = windows.filter { $0.value.start == window } }
        try Self.check(count: entry.count, limit: limit, secondsLeft: Double(window + 1) * 60 - now)
    }

    static func check(count: Int, limit: Int, secondsLeft: Double) throws(VigilError) {
        guard count <= limit else {
            var error = VigilError(.tooManyRequests, "Please retry again later.")
            error.retryAfterSeconds = max(1, Int(secondsLeft.rounded(.up)))
            throw error
        }
    }
}

import Foundation
import VigilCore

/// Per (tenant, app, resource class) request limits in fixed one-minute windows, as Graph applies them
/// to security resources (150/min on alerts, 1000/min on indicators by default).
public actor RateLimiter {
    private struct Key: Hashable {
        var tenantId: String
        var appId: String
        var resource: String
    }

    private var windows: [Key: (start: Int64, count: Int)] = [:]
    private let limits: [String: Int]
    private let clock: @Sendable () -> Double

    /// - Parameter limits: requests per minute by resource class (`alerts`, `indicators`, …); a class
    ///   without a limit is not throttled.
    public init(limits: [String: Int], clock: @escaping @Sendable () -> Double = { Date().timeIntervalSince1970 }) {
        self.limits = limits
        self.clock = clock
    }

    /// Counts a request; throws 429 with the seconds to wait when the window's limit is exceeded.
    public func admit(tenantId: String, appId: String, resource: String) throws(VigilError) {
        guard let limit = limits[resource], limit > 0 else { return }
        let now = clock()
        let window = Int64(now / 60)
        let key = Key(tenantId: tenantId, appId: appId, resource: resource)
        var entry = windows[key] ?? (window, 0)
        if entry.start != window { entry = (window, 0) }
        entry.count += 1
        windows[key] = entry
        if windows.count > 100_000 { windows = windows.filter { $0.value.start == window } }
        guard entry.count <= limit else {
            var error = VigilError(.tooManyRequests, "Please retry again later.")
            error.retryAfterSeconds = max(1, Int((Double(window + 1) * 60 - now).rounded(.up)))
            throw error
        }
    }
}

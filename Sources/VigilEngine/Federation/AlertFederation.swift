import AsyncHTTPClient
import Foundation
import Logging
import Synchronization
import VigilCore
import VigilStorage

/// A provider that gave no usable answer to one request, as Graph reports it in a `Warning` item.
public struct ProviderWarning: Sendable, Equatable {
    public var vendor: String
    public var provider: String
    public var status: Int
    public var latencyMs: Int
    /// Vigil's own explanation (logged, not sent: Graph's item has no room for it).
    public var detail: String

    /// `199 - "{vendor}/{provider}/{status}/{latencyMs}"`.
    public var headerItem: String {
        let text = "\(vendor)/\(provider)/\(status)/\(latencyMs)"
            .replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
        return "199 - \"\(text)\""
    }
}

/// A merged page of a federated list.
public struct FederatedPage: Sendable {
    public var items: [ProviderItem]
    /// The `$skiptoken` of the next page, or `nil` when every provider is exhausted.
    public var nextToken: String?
    /// Sum of the providers' counts (first page with `$count=true`).
    public var count: Int?
    public var warnings: [ProviderWarning]

    public init(items: [ProviderItem], nextToken: String?, count: Int?, warnings: [ProviderWarning]) {
        self.items = items
        self.nextToken = nextToken
        self.count = count
        self.warnings = warnings
    }
}

/// Fans requests out to a tenant's providers (the local store plus its enabled remote providers)
/// concurrently, each under its own deadline and circuit breaker, and merges what they return.
public final class AlertFederation: Sendable {
    public let local: LocalAlertProvider
    /// Enabled remote providers by tenant, in configuration order.
    let remotes: [String: [any RemoteAlertProvider]]
    let state: FederationStateRepository?
    let settings: FederationSettings
    let breakers: Mutex<[String: CircuitBreaker]>
    let slots: CallSlots
    let logger: Logger
    /// Seconds on a monotonic scale; the circuit breakers' only source of time.
    let now: @Sendable () -> Double
    /// Signs the `$skiptoken`s this federation hands out and checks those it is given.
    let signer: SkipTokenSigner

    /// - Parameters:
    ///   - signer: signs `$skiptoken`s; replicas must share it (`VigilServices` derives it from the database).
    ///   - clock: monotonic seconds for the circuit breakers (tests pass a manual clock).
    public init(local: LocalAlertProvider, remotes: [any RemoteAlertProvider], state: FederationStateRepository?,
                settings: FederationSettings, signer: SkipTokenSigner = .random(),
                logger: Logger = Logger(label: "vigil.federation"),
                clock: @escaping @Sendable () -> Double = AlertFederation.monotonicSeconds)
    {
        self.now = clock
        self.signer = signer
        self.local = local
        var byTenant: [String: [any RemoteAlertProvider]] = [:]
        for remote in remotes {
            byTenant[remote.tenantId, default: []].append(remote)
        }
        self.remotes = byTenant
        self.state = state
        self.settings = settings
        self.breakers = Mutex([:])
        self.slots = CallSlots(limit: settings.maxConcurrentCalls)
        self.logger = logger
    }

    /// The providers a tenant fans out to: the store first, then its enabled remote providers.
    public func providers(for tenantId: String) -> [any AlertProvider] {
        [local] + (remotes[tenantId] ?? [])
    }

    /// Whether the tenant has any remote provider.
    public func isFederated(_ tenantId: String) -> Bool { !(remotes[tenantId]?.isEmpty ?? true) }

    // MARK: - List

    /// How many following pages retry a provider that failed.
    static let pageRetries = 2

    /// One merged page: every provider still having items is asked for its next page concurrently; the
    /// results are merged in the requested order (`$top` applies per provider, as in Graph).
    public func list(tenantId: String, query: ProviderQuery, skipToken: String?) async throws -> FederatedPage {
        let digest = PageCursor.queryDigest(filter: query.odata.filterText, orderBy: query.odata.orderBy)
            + "." + (query.odata.select?.joined(separator: ",") ?? "")
        let all = providers(for: tenantId)
        let asked: [(provider: any AlertProvider, continuation: String?)]
        var pageQuery = query
        var failures: [String: Int] = [:]
        if let skipToken {
            let token = try FederatedSkipToken.decode(skipToken, signer: signer, tenantId: tenantId, query: digest)
            asked = all.compactMap { p in token.continuations[p.name].map { (p, $0.isEmpty ? nil : $0) } }
            failures = token.failures
            pageQuery.skip = 0
        } else {
            asked = all.map { ($0, nil) }
        }
        let continuations = asked.map(\.continuation)
        let sent = pageQuery
        let outcomes = await fanOut(asked.map(\.provider)) { provider, index in
            try await provider.listAlerts(tenantId: tenantId, query: sent, continuation: continuations[index])
        }
        var pages: [(name: String, page: ProviderPage)] = []
        var warnings: [ProviderWarning] = []
        var next = FederatedSkipToken(tenantId: tenantId, query: digest, continuations: [:])
        for (index, outcome) in outcomes.enumerated() {
            let name = asked[index].provider.name
            switch outcome {
            case .success(let page):
                pages.append((name, page))
                if let continuation = page.continuation { next.continuations[name] = continuation }
            case .failure(let warning):
                warnings.append(warning)
                // A provider that fails mid-way is asked again for the same page on the next pages (a few
                // times), so a passing failure leaves no gap.
                let failed = (failures[name] ?? 0) + 1
                if failed <= Self.pageRetries {
                    next.continuations[name] = asked[index].continuation ?? ""
                    next.failures[name] = failed
                }
            case .clientError(let error): throw error
            }
        }
        let nextToken = next.continuations.isEmpty ? nil : next.token(signer)
        let counts = pages.compactMap(\.page.count)
        let items = try merge(pages.map(\.page.items), query: query.odata)
        learnRoutes(tenantId: tenantId, pages: pages)
        return FederatedPage(items: items, nextToken: nextToken, count: counts.isEmpty ? nil : counts.reduce(0, +),
                             warnings: warnings)
    }

    /// Merges per-provider pages (each already in the requested order) into one, by `$orderby` then id; ties
    /// keep the providers' order. Only the sort keys are read from each item, and positions are sorted rather
    /// than the items themselves.
    public func merge(_ lists: [[ProviderItem]], query: ODataQuery<Alert>) throws -> [ProviderItem] {
        let nonEmpty = lists.filter { !$0.isEmpty }
        guard nonEmpty.count > 1, !query.orderBy.isEmpty else { return nonEmpty.flatMap { $0 } }
        let key = query.sortKeyReader()
        let names = Set(query.orderBy.compactMap { $0.path.fields.first?.name } + ["id"])
        let items = nonEmpty.flatMap { $0 }
        let keys = try items.map { try $0.sortKey(query, reader: key, names: names) }
        var order = Array(items.indices)
        order.sort { a, b in
            if query.precedes(keys[a], keys[b]) { return true }
            if query.precedes(keys[b], keys[a]) { return false }
            return a < b
        }
        return order.map { items[$0] }
    }

    /// Remembers which remote provider listed which alert ids (in the background: it never delays a page).
    private func learnRoutes(tenantId: String, pages: [(name: String, page: ProviderPage)]) {
        guard let state else { return }
        var routes: [(alertId: String, provider: String)] = []
        for (name, page) in pages where name != LocalAlertProvider.providerName {
            for item in page.items {
                if let id = item.id { routes.append((id, name)) }
            }
        }
        guard !routes.isEmpty else { return }
        let logger = logger
        Task {
            do {
                try await state.learnRoutes(tenantId: tenantId, routes: routes, at: .now())
            } catch {
                logger.warning("Could not remember alert routes: \(error)")
            }
        }
    }

    // MARK: - Get and update

    /// One alert: from the provider that listed it when known, else from every provider (404s dropped).
    public func alert(tenantId: String, id: String) async throws -> (item: ProviderItem?, warnings: [ProviderWarning]) {
        var candidates = providers(for: tenantId)
        var routed: String?
        do {
            routed = try await state?.route(tenantId: tenantId, alertId: id)
        } catch {
            // Without the remembered route every provider is asked: slower, still correct.
            logger.warning("Could not read the route of alert \(id): \(error)")
        }
        if let routed, let provider = candidates.first(where: { $0.name == routed }) {
            candidates = [provider]
        }
        let outcomes = await fanOut(candidates) { provider, _ in try await provider.alert(tenantId: tenantId, id: id) }
        var found: ProviderItem?
        var warnings: [ProviderWarning] = []
        for outcome in outcomes {
            switch outcome {
            case .success(let item): if found == nil { found = item }
            case .failure(let warning): warnings.append(warning)
            case .clientError(let error): throw error
            }
        }
        if found == nil, candidates.count == 1, candidates[0].name != LocalAlertProvider.providerName, warnings.isEmpty {
            // The remembered route is stale (the provider no longer has it): ask everyone.
            let others = providers(for: tenantId).filter { $0.name != candidates[0].name }
            for outcome in await fanOut(others, { provider, _ in try await provider.alert(tenantId: tenantId, id: id) }) {
                switch outcome {
                case .success(let item): if found == nil { found = item }
                case .failure(let warning): warnings.append(warning)
                case .clientError(let error): throw error
                }
            }
        }
        return (found, warnings)
    }

    /// The provider that owns alerts with this `vendorInformation`: a remote provider configured with
    /// that vendor and provider, else the local store.
    public func owner(tenantId: String, vendor: String, provider: String) -> any AlertProvider {
        remotes[tenantId]?.first { $0.vendor.caseInsensitiveCompare(vendor) == .orderedSame
            && $0.provider.caseInsensitiveCompare(provider) == .orderedSame } ?? local
    }

    /// Applies a PATCH through the owning provider. A remote provider's refusal or silence becomes a Graph
    /// error carrying its status (504 on timeout), never a silent success.
    public func update(tenantId: String, id: String, change: AlertUpdate) async throws -> Alert {
        let provider = owner(tenantId: tenantId, vendor: change.vendor, provider: change.provider)
        let notFound = VigilError(.notFound, "No alert with id '\(id)' from \(change.vendor)/\(change.provider) was found.")
        let outcome = await fanOut([provider]) { provider, _ in
            try await provider.updateAlert(tenantId: tenantId, id: id, change: change)
        }
        switch outcome[0] {
        case .success(let alert?): return alert
        case .success(nil): throw notFound
        case .clientError(let error): throw error
        case .failure(let warning):
            throw VigilError(Self.errorCode(status: warning.status),
                             "The provider \(provider.label) (\(provider.name)) did not apply the change: \(warning.detail)",
                             target: "vendorInformation")
        }
    }

    static func errorCode(status: Int) -> VigilError.Code {
        switch status {
        case 400: .badRequest
        case 401, 403: .forbidden
        case 404: .notFound
        case 409: .conflict
        case 429: .tooManyRequests
        case 504: .gatewayTimeout
        case 503: .serviceUnavailable
        default: .badGateway
        }
    }

    // MARK: - Fan-out

    enum Outcome<T: Sendable>: Sendable {
        case success(T)
        /// The provider failed: reported as a warning.
        case failure(ProviderWarning)
        /// The request itself is wrong (a tampered token, a local validation error): reported to the client.
        case clientError(any Error)
    }

    /// Calls every provider concurrently, each under its own deadline and circuit breaker, and returns the
    /// outcomes in provider order. A slow provider never delays the others beyond its own timeout.
    func fanOut<T: Sendable>(_ providers: [any AlertProvider],
                             _ call: @escaping @Sendable (any AlertProvider, Int) async throws -> T) async -> [Outcome<T>] {
        let results = await withTaskGroup(of: (Int, Outcome<T>, ProviderCallRecord?).self) { group in
            for (index, provider) in providers.enumerated() {
                group.addTask { await self.call(provider, index: index, call) }
            }
            var results = [Outcome<T>?](repeating: nil, count: providers.count)
            var records: [ProviderCallRecord] = []
            for await (index, outcome, record) in group {
                results[index] = outcome
                if let record { records.append(record) }
            }
            if let state, !records.isEmpty {
                let logger = logger
                Task {
                    do { try await state.record(records) } catch { logger.warning("Could not record provider health: \(error)") }
                }
            }
            return results
        }
        return results.map { $0! }
    }

    private func call<T: Sendable>(_ provider: any AlertProvider, index: Int,
                                   _ call: @escaping @Sendable (any AlertProvider, Int) async throws -> T)
        async -> (Int, Outcome<T>, ProviderCallRecord?)
    {
        let isLocal = provider.name == LocalAlertProvider.providerName
        let clock = ContinuousClock()
        let started = clock.now
        if !isLocal, !admit(provider.name) {
            let warning = ProviderWarning(vendor: provider.vendor, provider: provider.provider, status: 503, latencyMs: 0,
                                          detail: "skipped: the circuit is open after repeated failures")
            return (index, .failure(warning), nil)
        }
        let outcome: Result<T, any Error> = await slots.run(isLocal: isLocal) {
            await Self.withDeadline(provider.timeout) { try await call(provider, index) }
        }
        let latency = Int((clock.now - started) / .milliseconds(1))
        let record: (Int, String?)
        let result: Outcome<T>
        switch outcome {
        case .success(let value):
            result = .success(value)
            record = (200, nil)
        case .failure(let failure as ProviderFailure):
            logger.warning("Provider \(provider.name) failed: \(failure)")
            result = .failure(ProviderWarning(vendor: provider.vendor, provider: provider.provider, status: failure.status,
                                              latencyMs: latency, detail: failure.message))
            record = (failure.status, failure.message)
        case .failure(let error):
            if isLocal || error is VigilError {
                return (index, .clientError(error), nil)
            }
            result = .failure(ProviderWarning(vendor: provider.vendor, provider: provider.provider, status: 500,
                                              latencyMs: latency, detail: "\(error)"))
            record = (500, "\(error)")
        }
        guard !isLocal else { return (index, result, nil) }
        finish(provider.name, success: record.1 == nil)
        return (index, result, ProviderCallRecord(name: provider.name, at: .now(), status: record.0, latencyMs: latency,
                                                  error: record.1))
    }

    /// Runs `body`, giving up with a 504 failure after `timeout` (the body is cancelled).
    public static func withDeadline<T: Sendable>(_ timeout: Duration,
                                          _ body: @escaping @Sendable () async throws -> T) async -> Result<T, any Error> {
        await withTaskGroup(of: Result<T, any Error>?.self) { group in
            group.addTask {
                do { return .success(try await body()) } catch { return .failure(error) }
            }
            group.addTask {
                do { try await Task.sleep(for: timeout) } catch { return nil }
                let seconds = Double(timeout.components.seconds) + Double(timeout.components.attoseconds) / 1e18
                return .failure(ProviderFailure(status: 504, "no answer within \(seconds) s"))
            }
            let first = await group.next()!
            group.cancelAll()
            return first ?? .failure(CancellationError())
        }
    }

    /// Seconds since the first use, on the continuous clock.
    public static func monotonicSeconds() -> Double {
        let t = ContinuousClock.now - epoch
        return Double(t.components.seconds) + Double(t.components.attoseconds) / 1e18
    }
    private static let epoch = ContinuousClock.now

    private func admit(_ name: String) -> Bool {
        let now = now()
        let settings = settings
        return breakers.withLock { breakers in
            var breaker = breakers[name] ?? CircuitBreaker(threshold: settings.failureThreshold, coolDown: settings.coolDownSeconds)
            let admitted = breaker.admit(now: now)
            breakers[name] = breaker
            return admitted
        }
    }

    private func finish(_ name: String, success: Bool) {
        let now = now()
        let settings = settings
        breakers.withLock { breakers in
            var breaker = breakers[name] ?? CircuitBreaker(threshold: settings.failureThreshold, coolDown: settings.coolDownSeconds)
            breaker.record(success: success, now: now)
            breakers[name] = breaker
        }
    }

    /// The circuit state of a provider (for tests and `/health`).
    public func circuit(_ name: String) -> CircuitBreaker.State {
        breakers.withLock { $0[name]?.state ?? .closed(failures: 0) }
    }
}

/// Bounds the remote calls in flight across all requests; calls beyond the bound wait their turn.
final class CallSlots: Sendable {
    private let limit: Int
    private let state = Mutex<(used: Int, waiting: [CheckedContinuation<Void, Never>])>((0, []))

    init(limit: Int) {
        self.limit = max(1, limit)
    }

    func run<T: Sendable>(isLocal: Bool, _ body: () async -> Result<T, any Error>) async -> Result<T, any Error> {
        if isLocal { return await body() }
        await acquire()
        defer { release() }
        return await body()
    }

    private func acquire() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let resume = state.withLock { state -> Bool in
                if state.used < limit {
                    state.used += 1
                    return true
                }
                state.waiting.append(continuation)
                return false
            }
            if resume { continuation.resume() }
        }
    }

    private func release() {
        let next = state.withLock { state -> CheckedContinuation<Void, Never>? in
            if state.waiting.isEmpty {
                state.used -= 1
                return nil
            }
            return state.waiting.removeFirst()
        }
        next?.resume()
    }
}

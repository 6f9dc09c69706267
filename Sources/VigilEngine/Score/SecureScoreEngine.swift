import Logging
import VigilCore
import VigilStorage

/// Computes, stores and reads secure scores: evaluates each tenant's controls, merges the remote providers'
/// latest scores, and keeps one snapshot per tenant per day.
public struct SecureScoreEngine: Sendable {
    public let repository: any SecureScoreRepository
    public let catalog: ScoreCatalog
    public let facts: ScoreFactsCollector
    /// Remote providers; each contributes to its own tenant's score.
    public let remotes: [any SecureScoreProvider]
    /// The ids of every tenant of the deployment.
    public let tenants: @Sendable () async throws -> [String]
    /// Replaces `{baseUrl}` in control action URLs.
    public let baseURL: String
    public let logger: Logger

    public init(repository: any SecureScoreRepository, catalog: ScoreCatalog, facts: ScoreFactsCollector,
                remotes: [any SecureScoreProvider], tenants: @escaping @Sendable () async throws -> [String], baseURL: String,
                logger: Logger = Logger(label: "vigil.score"))
    {
        self.repository = repository
        self.catalog = catalog
        self.facts = facts
        self.remotes = remotes
        self.tenants = tenants
        self.baseURL = baseURL
        self.logger = logger
    }

    // MARK: - Compute

    /// Computes and stores today's snapshot of each tenant (every tenant when `tenantIds` is `nil`), then
    /// sets each new snapshot's `AllTenants` average over every tenant's latest score.
    /// - Returns: the stored snapshots, in the order of `tenantIds`.
    public func compute(tenantIds: [String]? = nil, at now: DateTimeOffset = .now()) async throws -> [SecureScore] {
        let ids: [String]
        if let tenantIds { ids = tenantIds } else { ids = try await tenants() }
        var computed: [(SecureScore, [SecureScoreControlProfile])] = []
        for tenantId in ids {
            computed.append(try await score(tenantId: tenantId, at: now))
        }
        var latest = try await repository.latestScores()
        for (score, _) in computed { latest[score.azureTenantId ?? ""] = score.currentScore ?? 0 }
        let average = SecureScoreCalculator.allTenantsAverage(latest.keys.sorted().map { latest[$0]! })
        var stored: [SecureScore] = []
        for (score, profiles) in computed {
            var score = score
            score.averageComparativeScores = [average]
            try await repository.save(try SecureScoreRecord(score, remoteProfiles: profiles))
            stored.append(score)
        }
        return stored
    }

    /// Today's snapshot of the tenants that have none yet; returns them.
    public func computeMissing(at now: DateTimeOffset = .now()) async throws -> [SecureScore] {
        let day = SecureScoreCalculator.day(of: now)
        var missing: [String] = []
        for tenantId in try await tenants() {
            if try await repository.snapshot(tenantId: tenantId, day: day) == nil { missing.append(tenantId) }
        }
        guard !missing.isEmpty else { return [] }
        return try await compute(tenantIds: missing, at: now)
    }

    /// One tenant's score (without the comparison) and the remote profiles fetched for it.
    func score(tenantId: String, at now: DateTimeOffset) async throws -> (SecureScore, [SecureScoreControlProfile]) {
        let states = try await repository.states(tenantId: tenantId)
        var inputs: [SecureScoreCalculator.ControlInput] = []
        for control in catalog.controls(for: tenantId) {
            var outcome: ScoreOutcome?
            if let check = control.check {
                do {
                    outcome = check.evaluate(try await facts.facts(for: check, tenantId: tenantId, at: now), now: now)
                } catch {
                    // Recorded in the snapshot (the control scores 0 with the reason) and in the log.
                    logger.error("secure score: cannot observe \(control.id)", metadata: ["tenant": "\(tenantId)", "error": "\(error)"])
                    outcome = .scored(0, "Could not be observed: \(error)")
                }
            }
            inputs.append(.init(control: control, updates: states[control.id] ?? [], checkOutcome: outcome))
        }
        let remoteInputs = await fetchRemotes(tenantId: tenantId)
        let score = SecureScoreCalculator.score(tenantId: tenantId, at: now, controls: inputs, remotes: remoteInputs)
        let profiles = remoteInputs.flatMap { remote in
            remote.profiles.map { profile in
                var p = profile
                p.passthrough.properties[SecureScoreCalculator.providerAnnotation] = .string(remote.name)
                return p
            }
        }
        return (score, profiles)
    }

    /// The latest score and profiles of each of the tenant's enabled remote providers, concurrently, each
    /// within its timeout. A provider that fails is reported in its input, never thrown.
    func fetchRemotes(tenantId: String) async -> [SecureScoreCalculator.RemoteInput] {
        let providers = remotes.filter { $0.tenantId == tenantId }
        guard !providers.isEmpty else { return [] }
        return await withTaskGroup(of: (Int, SecureScoreCalculator.RemoteInput).self) { group in
            for (index, provider) in providers.enumerated() {
                group.addTask {
                    let result = await AlertFederation.withDeadline(provider.timeout) {
                        (try await provider.latestSecureScore(), try await provider.secureScoreControlProfiles(maxPages: 20))
                    }
                    switch result {
                    case .success(let (score, profiles)):
                        return (index, .init(name: provider.name, score: score, profiles: profiles))
                    case .failure(let error):
                        let failure = error as? ProviderFailure
                        logger.warning("secure score: remote provider failed",
                                       metadata: ["provider": "\(provider.name)", "error": "\(error)"])
                        return (index, .init(name: provider.name, score: nil, profiles: [],
                                             failure: (failure?.status ?? 502, failure?.message ?? "\(error)")))
                    }
                }
            }
            var out: [(Int, SecureScoreCalculator.RemoteInput)] = []
            for await item in group { out.append(item) }
            return out.sorted { $0.0 < $1.0 }.map(\.1)
        }
    }

    // MARK: - Read

    /// The tenant's snapshots, newest first.
    public func snapshots(tenantId: String, limit: Int? = nil) async throws -> [SecureScore] {
        try await repository.snapshots(tenantId: tenantId, limit: limit).map { record throws(VigilError) in try record.score() }
    }

    /// The snapshot with a `{tenantId}_{yyyy-MM-dd}` id, if it is the tenant's.
    public func snapshot(tenantId: String, id: String) async throws -> SecureScore? {
        let prefix = tenantId + "_"
        guard id.hasPrefix(prefix) else { return nil }
        return try await repository.snapshot(tenantId: tenantId, day: String(id.dropFirst(prefix.count)))?.score()
    }

    /// The tenant's control profiles: the catalog's controls that apply to it, with their state history,
    /// then the remote providers' profiles fetched with the latest snapshot (marked `@vigil.provider`).
    public func profiles(tenantId: String) async throws -> [SecureScoreControlProfile] {
        let states = try await repository.states(tenantId: tenantId)
        var out = catalog.controls(for: tenantId).map {
            $0.profile(tenantId: tenantId, baseURL: baseURL, updates: states[$0.id] ?? [])
        }
        if let latest = try await repository.snapshots(tenantId: tenantId, limit: 1).first {
            out += try latest.profiles()
        }
        return out
    }

    /// The catalog control with this id that applies to the tenant (ids compare case-insensitively).
    public func control(tenantId: String, id: String) -> ScoreControl? {
        catalog.controls(for: tenantId).first { $0.id.lowercased() == id.lowercased() }
    }

    /// Appends a state update to one of the tenant's catalog controls; returns its profile.
    public func appendState(tenantId: String, control: ScoreControl, update: SecureScoreControlStateUpdate)
        async throws -> SecureScoreControlProfile
    {
        try await repository.appendState(ControlStateRecord(tenantId: tenantId, controlId: control.id, update: update))
        let states = try await repository.states(tenantId: tenantId)
        return control.profile(tenantId: tenantId, baseURL: baseURL, updates: states[control.id] ?? [])
    }
}

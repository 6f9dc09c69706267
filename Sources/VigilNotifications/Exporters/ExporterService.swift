import Logging
import ServiceLifecycle
import VigilCore
import VigilStorage

/// One SIEM exporter: follows the alert change feed from its saved cursor and sends each batch to its
/// destination, at least once and in feed order.
///
/// Each round reads up to `batchSize` changes after the cursor, drops changes whose alert is gone and
/// alerts its `$filter` does not match, sends the rest, and only then saves the cursor (with the exported
/// count and the time of success). A failed send is retried with the same alerts after an exponential,
/// capped back-off, and its error is saved as `lastError` meanwhile; nothing is dropped and the cursor does
/// not move. When the feed has nothing new, it waits for the change signal or `pollSeconds`. A restart
/// resumes after the saved cursor, so a batch sent but not yet saved when the process stopped is sent again.
///
/// With `leases` (replicas sharing one database), the exporter runs on one replica at a time: it follows the
/// feed only while it holds the lease `exporter:<name>`, which it renews in the background (every third of
/// `leaseTTL`) and checks again before each send. The other replicas try to claim it every second; when the
/// holder dies its lease lapses after `leaseTTL` and one of them takes over from the saved cursor. A graceful
/// stop releases the lease, so another replica continues at once.
public final class ExporterService: Service, Sendable {
    /// The exporter's configuration (validated).
    public let configuration: ExporterConfiguration
    let feed: any AlertChangeFeed
    let states: any ExporterStateRepository
    let signal: ChangeSignal?
    let destination: any ExportDestination
    let filter: ODataPredicate<Alert>?
    let logger: Logger
    let leases: (any WorkLeaseRepository)?
    let holder: String
    let leaseTTL: Duration

    /// - Parameters:
    ///   - configuration: a validated configuration (see ``ExporterConfiguration/validate()``).
    ///   - destination: where batches go (see ``ExporterFactory`` for the one a configuration names).
    ///   - signal: the signal the alert store notifies after each commit, if any.
    ///   - leases: the shared database's leases, when several replicas run the exporter (`nil`: it always runs).
    ///   - holder: this replica's lease holder id.
    ///   - leaseTTL: how long the lease holds without renewal (a dead holder is replaced after it).
    /// - Throws: `VigilError` when the filter does not parse.
    public init(configuration: ExporterConfiguration, feed: any AlertChangeFeed, states: any ExporterStateRepository,
                signal: ChangeSignal?, destination: any ExportDestination, logger: Logger,
                leases: (any WorkLeaseRepository)? = nil, holder: String = WorkLeaseHolder.id,
                leaseTTL: Duration = .seconds(10)) throws(VigilError)
    {
        self.configuration = configuration
        self.feed = feed
        self.states = states
        self.signal = signal
        self.destination = destination
        self.leases = leases
        self.holder = holder
        self.leaseTTL = leaseTTL
        filter = try configuration.filter.map { text throws(VigilError) in try ODataQuery<Alert>.parseFilter(text) }
        var logger = logger
        logger[metadataKey: "exporter"] = "\(configuration.name)"
        self.logger = logger
    }

    var name: String { configuration.name }

    /// The name of the lease that makes one replica run this exporter.
    public var leaseName: String { "exporter:" + configuration.name }

    public func run() async throws {
        logger.info("exporter started", metadata: ["type": "\(configuration.kind)", "destination": "\(configuration.destination)"])
        await cancelWhenGracefulShutdown {
            if self.leases == nil {
                await self.follow()
            } else {
                await self.followWhileHolding()
            }
        }
        await destination.close()
        if let leases {
            do {
                try await leases.release(leaseName, holder: holder)
            } catch {
                logger.error("cannot release the exporter's lease; another replica takes over when it lapses",
                             metadata: ["error": "\(error)"])
            }
        }
        logger.info("exporter stopped")
    }

    /// With leases: waits until this replica holds the exporter's lease, follows the feed while it keeps it,
    /// and waits again when it is lost. Returns when the task is cancelled.
    func followWhileHolding() async {
        var waiting = false
        while !Task.isCancelled {
            guard await claimLease() else {
                if !waiting { logger.info("another replica runs the exporter; standing by") }
                waiting = true
                await pause(.seconds(1))
                continue
            }
            waiting = false
            logger.info("exporter holds its lease", metadata: ["lease": "\(leaseName)"])
            await withTaskGroup(of: Void.self) { group in
                group.addTask { await self.follow() }
                group.addTask { await self.keepLease() }
                await group.next()
                group.cancelAll()
            }
            guard !Task.isCancelled else { return }
            // Another replica may have written meanwhile (a file rotated, a connection moved): start afresh.
            logger.warning("exporter lost its lease; another replica continues from the saved cursor")
            await destination.close()
        }
    }

    /// Claims (or renews) the lease; `false` when another replica holds it or the database does not answer.
    func claimLease() async -> Bool {
        guard let leases else { return true }
        do {
            return try await leases.claim(leaseName, holder: holder, ttl: leaseTTL) != nil
        } catch {
            if !Task.isCancelled { logger.error("cannot claim the exporter's lease", metadata: ["error": "\(error)"]) }
            return false
        }
    }

    /// Renews the lease every third of its TTL; returns when it is lost (taken by another replica, or not
    /// renewed for a whole TTL because the database did not answer) or when cancelled.
    func keepLease() async {
        guard let leases else { return }
        let clock = ContinuousClock()
        var renewed = clock.now
        while !Task.isCancelled {
            await pause(leaseTTL / 3)
            if Task.isCancelled { return }
            do {
                guard try await leases.renew(leaseName, holder: holder, ttl: leaseTTL) != nil else { return }
                renewed = clock.now
            } catch {
                logger.error("cannot renew the exporter's lease", metadata: ["error": "\(error)"])
                if clock.now - renewed >= leaseTTL { return }
            }
        }
    }

    /// Whether this replica may send now: always without leases; with them, when a renewal confirms the lease.
    func stillHolds() async -> Bool {
        guard let leases else { return true }
        do {
            return try await leases.renew(leaseName, holder: holder, ttl: leaseTTL) != nil
        } catch {
            logger.error("cannot confirm the exporter's lease before sending", metadata: ["error": "\(error)"])
            return false
        }
    }

    /// The loop; returns when the task is cancelled.
    func follow() async {
        var backoff = ExportBackoff(initial: .seconds(configuration.retryInitialSeconds),
                                    maximum: .seconds(configuration.retryMaxSeconds))
        guard var state = await loadState(&backoff) else { return }
        while !Task.isCancelled {
            let entries: [AlertChangeEntry]
            do {
                entries = try await feed.changes(tenantId: configuration.tenant, after: state.cursor,
                                                 limit: configuration.batchSize)
            } catch {
                if Task.isCancelled { return }
                state.failed("cannot read the change feed: \(error)", at: .now())
                logger.error("cannot read the change feed", metadata: ["error": "\(error)"])
                await save(&state)
                await pause(backoff.failed())
                continue
            }
            guard !entries.isEmpty else {
                await waitForChanges()
                continue
            }
            let batch = ExportBatch(entries: entries, filter: filter)
            guard await deliver(batch, state: &state, backoff: &backoff) else { return }
            state.accepted(batch, at: .now())
            for problem in batch.unreadable { logger.error("skipped an unreadable alert", metadata: ["alert": "\(problem)"]) }
            await save(&state)
        }
    }

    /// Sends the batch until the destination accepts it; `false` when cancelled or the lease is lost first.
    private func deliver(_ batch: ExportBatch, state: inout ExporterState, backoff: inout ExportBackoff) async -> Bool {
        guard !batch.items.isEmpty else { return !Task.isCancelled }
        while true {
            // Never send without the lease: a replica that stalled past it may have been replaced.
            guard await stillHolds() else { return false }
            do {
                try await destination.send(batch.items)
                if backoff.failures > 0 { logger.info("destination accepts batches again") }
                backoff.succeeded()
                return true
            } catch {
                if Task.isCancelled { return false }
                let wait = backoff.failed(retryable: error.retryable)
                state.failed(error.message, at: .now())
                logger.error("delivery failed; retrying", metadata: [
                    "error": "\(error.message)", "retryInSeconds": "\(wait.components.seconds)",
                    "attempt": "\(backoff.failures)",
                ])
                await save(&state)
                await pause(wait)
                if Task.isCancelled { return false }
            }
        }
    }

    /// The saved state (a new one before the first save), retried until the database answers.
    private func loadState(_ backoff: inout ExportBackoff) async -> ExporterState? {
        while !Task.isCancelled {
            do {
                let state = try await states.state(name: name) ?? ExporterState()
                logger.info("exporter resumes", metadata: ["cursor": "\(state.cursor)"])
                return state
            } catch {
                logger.error("cannot read the exporter's saved cursor; retrying", metadata: ["error": "\(error)"])
                await pause(backoff.failed())
            }
        }
        return nil
    }

    /// Saves the state. When the database refuses, the error goes to the log and into the state, so the
    /// next save that works shows it; the exporter goes on (a restart then resends from the older cursor).
    private func save(_ state: inout ExporterState) async {
        do {
            try await states.save(name: name, state)
        } catch {
            logger.error("cannot save the exporter state", metadata: ["error": "\(error)"])
            state.failed("cannot save the exporter state: \(error)", at: .now())
        }
    }

    private func waitForChanges() async {
        let timeout = Duration.seconds(configuration.pollSeconds)
        if let signal {
            await signal.wait(timeout: timeout)
        } else {
            await pause(timeout)
        }
    }

    private func pause(_ duration: Duration) async {
        do {
            try await Task.sleep(for: duration)
        } catch {
            // Cancelled: the loop sees `Task.isCancelled` and stops.
        }
    }
}

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
public final class ExporterService: Service, Sendable {
    /// The exporter's configuration (validated).
    public let configuration: ExporterConfiguration
    let feed: any AlertChangeFeed
    let states: any ExporterStateRepository
    let signal: ChangeSignal?
    let destination: any ExportDestination
    let filter: ODataPredicate<Alert>?
    let logger: Logger

    /// - Parameters:
    ///   - configuration: a validated configuration (see ``ExporterConfiguration/validate()``).
    ///   - destination: where batches go (see ``ExporterFactory`` for the one a configuration names).
    ///   - signal: the signal the alert store notifies after each commit, if any.
    /// - Throws: `VigilError` when the filter does not parse.
    public init(configuration: ExporterConfiguration, feed: any AlertChangeFeed, states: any ExporterStateRepository,
                signal: ChangeSignal?, destination: any ExportDestination, logger: Logger) throws(VigilError)
    {
        self.configuration = configuration
        self.feed = feed
        self.states = states
        self.signal = signal
        self.destination = destination
        filter = try configuration.filter.map { text throws(VigilError) in try ODataQuery<Alert>.parseFilter(text) }
        var logger = logger
        logger[metadataKey: "exporter"] = "\(configuration.name)"
        self.logger = logger
    }

    var name: String { configuration.name }

    public func run() async throws {
        logger.info("exporter started", metadata: ["type": "\(configuration.kind)", "destination": "\(configuration.destination)"])
        await cancelWhenGracefulShutdown { await self.follow() }
        await destination.close()
        logger.info("exporter stopped")
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

    /// Sends the batch until the destination accepts it; `false` when cancelled first.
    private func deliver(_ batch: ExportBatch, state: inout ExporterState, backoff: inout ExportBackoff) async -> Bool {
        guard !batch.items.isEmpty else { return !Task.isCancelled }
        while true {
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

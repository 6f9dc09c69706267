import VigilCore
import VigilStorage

/// Hands actions to a remote Graph-compatible provider and follows their status there.
public struct RemoteActionHandler: ActionHandler {
    let provider: any ActionProvider
    /// Seconds between looks at a running remote action.
    let pollInterval: Double

    public init(provider: any ActionProvider, pollInterval: Double = 5) {
        self.provider = provider
        self.pollInterval = pollInterval
    }

    /// What the provider's view of an action means here.
    func outcome(_ remote: SecurityAction, remoteId: String?) -> ActionOutcome {
        switch remote.phase {
        case .completed: return .completed
        case .failed:
            return .failed(code: remote.errorInfo?.code ?? 500,
                           message: remote.errorInfo?.message ?? "\(provider.providerLabel) reports the action failed")
        case .notStarted, .running, nil: return .running(remoteId: remote.id ?? remoteId, after: pollInterval)
        }
    }

    /// A provider that failed to answer: retried later for statuses that may pass, failed otherwise.
    func outcome(_ failure: any Error) -> ActionOutcome {
        if let failure = failure as? ProviderFailure {
            if [408, 429, 500, 502, 503, 504].contains(failure.status) {
                return .retry(after: pollInterval, message: "\(provider.providerLabel): \(failure.message)")
            }
            return .failed(code: Int32(failure.status), message: "\(provider.providerLabel) refused the action: \(failure.message)")
        }
        return .retry(after: pollInterval, message: "\(provider.providerLabel): \(failure)")
    }

    public func start(_ record: SecurityActionRecord) async -> ActionOutcome {
        do {
            return outcome(try await provider.submitAction(record.action), remoteId: nil)
        } catch {
            return outcome(error)
        }
    }

    public func poll(_ record: SecurityActionRecord) async -> ActionOutcome {
        guard let remoteId = record.remoteId else { return await start(record) }
        do {
            guard let remote = try await provider.securityAction(id: remoteId) else {
                return .failed(code: 404, message: "\(provider.providerLabel) no longer knows the action \(remoteId).")
            }
            return outcome(remote, remoteId: remoteId)
        } catch {
            return outcome(error)
        }
    }

    public func cancel(_ record: SecurityActionRecord) async -> ActionOutcome? {
        guard let remoteId = record.remoteId else { return nil }
        do {
            try await provider.cancelAction(id: remoteId)
            return .failed(code: 499, message: "Cancelled; \(provider.providerLabel) accepted the cancellation.")
        } catch {
            return outcome(error)
        }
    }
}

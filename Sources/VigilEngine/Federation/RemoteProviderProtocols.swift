import VigilCore

/// A provider that belongs to one tenant (remote providers do; the local store serves every tenant).
public protocol TenantProvider: Sendable {
    /// The provider's unique name.
    var name: String { get }
    /// The tenant whose requests it serves.
    var tenantId: String { get }
    /// `vendorInformation.vendor` of what it carries.
    var vendor: String { get }
    /// `vendorInformation.provider` of what it carries.
    var provider: String { get }
    /// How long a call may take.
    var timeout: Duration { get }
}

extension TenantProvider {
    /// `{vendor}/{provider}`, as in Graph's warnings.
    public var providerLabel: String { "\(vendor)/\(provider)" }
}

/// A remote provider of one tenant's alerts.
public protocol RemoteAlertProvider: AlertProvider, TenantProvider {}

/// A provider that carries out security actions (`securityActions` on a Graph-compatible endpoint).
public protocol ActionProvider: TenantProvider {
    /// Submits an action; returns it as the provider stored it (with its id there).
    /// - Throws: `ProviderFailure` for anything but a usable answer.
    func submitAction(_ action: SecurityAction) async throws -> SecurityAction
    /// The action as the provider sees it now, or `nil` when it no longer knows it.
    func securityAction(id: String) async throws -> SecurityAction?
    /// Asks the provider to cancel a running action.
    func cancelAction(id: String) async throws
}

/// A provider whose secure score Vigil merges into its tenant's (`secureScores`,
/// `secureScoreControlProfiles` on a Graph-compatible endpoint).
public protocol SecureScoreProvider: TenantProvider {
    /// The provider's latest score, if it has one.
    func latestSecureScore() async throws -> SecureScore?
    /// Its control profiles, following at most `maxPages` pages.
    func secureScoreControlProfiles(maxPages: Int) async throws -> [SecureScoreControlProfile]
    /// Applies a PATCH of one of its control profiles; `nil` when it does not have it.
    func updateControlProfile(id: String, body: [String: JSONValue]) async throws -> SecureScoreControlProfile?
}

extension RemoteGraphProvider: RemoteAlertProvider, ActionProvider, SecureScoreProvider {
    public var tenantId: String { configuration.tenant }
}

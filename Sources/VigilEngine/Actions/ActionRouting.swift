import VigilCore
import VigilNotifications
import VigilStorage

/// Picks who carries out an action from its `vendorInformation`: Vigil itself (`Vigil`/`Vigil`), a
/// configured action webhook, or one of the tenant's remote providers. The choice is stored with the
/// action as a key (`vigil`, `webhook:<name>`, `provider:<name>`), so it survives restarts.
public struct ActionRouting: Sendable {
    public static let none = "none"
    let builtIn: BuiltInActionHandler
    let webhooks: [(configuration: ActionWebhookConfiguration, handler: WebhookActionHandler)]
    let remotes: [(provider: any ActionProvider, handler: RemoteActionHandler)]

    public init(builtIn: BuiltInActionHandler, webhooks: [ActionWebhookConfiguration], remotes: [any ActionProvider],
                client: WebhookClient, pollInterval: Double,
                policy: TargetPolicy = TargetPolicy(allowPrivate: true, allowHTTP: true)) throws(VigilError)
    {
        self.builtIn = builtIn
        var hooks: [(ActionWebhookConfiguration, WebhookActionHandler)] = []
        for hook in webhooks {
            hooks.append((hook, try WebhookActionHandler(configuration: hook, client: client, pollInterval: pollInterval,
                                                                   policy: policy)))
        }
        self.webhooks = hooks
        self.remotes = remotes.map { ($0, RemoteActionHandler(provider: $0, pollInterval: pollInterval)) }
    }

    static func same(_ a: String?, _ b: String) -> Bool { a?.lowercased() == b.lowercased() }

    /// The handler key for an action of a tenant, or `none` when nothing matches its `vendorInformation`.
    public func key(for action: SecurityAction, tenantId: String) -> String {
        let vendor = action.vendorInformation?.vendor
        let provider = action.vendorInformation?.provider
        if Self.same(vendor, BuiltInActionHandler.vendor), Self.same(provider, BuiltInActionHandler.provider) { return "vigil" }
        if let hook = webhooks.first(where: { ($0.configuration.tenant ?? tenantId) == tenantId
                && Self.same(vendor, $0.configuration.vendor) && Self.same(provider, $0.configuration.provider) }) {
            return "webhook:" + hook.configuration.name
        }
        if let remote = remotes.first(where: { $0.provider.tenantId == tenantId
                && Self.same(vendor, $0.provider.vendor) && Self.same(provider, $0.provider.provider) }) {
            return "provider:" + remote.provider.name
        }
        return Self.none
    }

    /// The handler a key names (`nil` for `none` or a webhook/provider no longer configured).
    public func handler(_ key: String) -> (any ActionHandler)? {
        if key == "vigil" { return builtIn }
        if key.hasPrefix("webhook:") {
            let name = key.dropFirst("webhook:".count)
            return webhooks.first { $0.configuration.name == name }?.handler
        }
        if key.hasPrefix("provider:") {
            let name = key.dropFirst("provider:".count)
            return remotes.first { $0.provider.name == name }?.handler
        }
        return nil
    }

    /// Whether the handler a key names can cancel a running action.
    public func canCancelRunning(_ key: String) -> Bool { key.hasPrefix("provider:") }

    /// What is known about routing, for the `errorInfo` of an action nothing carries out.
    public func unroutable(_ action: SecurityAction, tenantId: String) -> String {
        let named = "\(action.vendorInformation?.vendor ?? "?")/\(action.vendorInformation?.provider ?? "?")"
        var targets = ["Vigil/Vigil (Vigil's own blockIp, blockDomain, blockUrl, blockFile and allow…)"]
        targets += webhooks.filter { ($0.configuration.tenant ?? tenantId) == tenantId }
            .map { "\($0.configuration.vendor)/\($0.configuration.provider)" }
        targets += remotes.filter { $0.provider.tenantId == tenantId }.map { $0.provider.providerLabel }
        return "No provider of this tenant carries out actions for \(named); known: \(targets.joined(separator: ", "))."
    }
}

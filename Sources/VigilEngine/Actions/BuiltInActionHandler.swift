import Foundation
import VigilCore
import VigilDetection
import VigilStorage

/// Vigil's own actions (`vendorInformation` `{"vendor":"Vigil","provider":"Vigil"}`): `blockIp`, `blockDomain`,
/// `blockUrl`, `blockFile` and their `allow…` counterparts become threat indicators with action `block` or
/// `allow`, served by `/feeds/blocklist` and `/feeds/allowlist`; `expiresAfterMinutes` reverts them by
/// letting the indicator expire.
public struct BuiltInActionHandler: ActionHandler {
    public static let vendor = "Vigil"
    public static let provider = "Vigil"
    /// The app id the indicators of actions are owned by (apps see their own indicators only).
    public static let ownerAppId = "vigil-actions"
    /// An indicator without `expiresAfterMinutes` lasts this long (Graph indicators always expire).
    static let defaultLifetimeDays: Int64 = 3650

    enum Target: String {
        case ip = "Ip", domain = "Domain", url = "Url", file = "File"
    }

    /// Canonical names (lowercased key → name, target, action).
    static let actions: [String: (name: String, target: Target, action: String)] = {
        var table: [String: (String, Target, String)] = [:]
        for target in [Target.ip, .domain, .url, .file] {
            for verb in ["block", "allow"] {
                let name = verb + target.rawValue
                table[name.lowercased()] = (name, target, verb)
            }
        }
        return table
    }()

    /// The canonical spelling of an action name (`BlockIp` → `blockIp`), or `nil` for a name Vigil lacks.
    public static func canonicalName(_ name: String) -> String? { actions[name.lowercased()]?.name }

    let indicators: IndicatorRepository
    let matcher: IndicatorMatcher
    let clock: @Sendable () -> DateTimeOffset

    public init(indicators: IndicatorRepository, matcher: IndicatorMatcher,
                clock: @escaping @Sendable () -> DateTimeOffset = { .now() }) {
        self.indicators = indicators
        self.matcher = matcher
        self.clock = clock
    }

    /// The indicator an action asks for, or a failure saying what is missing.
    static func indicator(for action: SecurityAction, id: String, now: DateTimeOffset) -> Result<TiIndicator, ActionFailure> {
        let name = action.name ?? ""
        guard let entry = actions[name.lowercased()] else {
            let known = actions.values.map(\.name).sorted().joined(separator: ", ")
            return .failure(ActionFailure(code: 400, "Vigil cannot carry out '\(name)'; its actions are \(known)."))
        }
        var indicator = TiIndicator()
        indicator.action = TiAction(rawValue: entry.action)
        indicator.targetProduct = "Vigil"
        indicator.threatType = "WatchList"
        indicator.tlpLevel = TlpLevel(rawValue: "amber")
        indicator.externalId = "securityAction:\(id)"
        indicator.description = "securityAction \(entry.name) \(id)" + (action.actionReason.map { ": \($0)" } ?? "")
        var lifetime = defaultLifetimeDays * 86_400
        if let text = action.parameter("expiresAfterMinutes") {
            guard let minutes = Int64(text), minutes > 0, minutes <= 5_256_000 else {
                return .failure(ActionFailure(code: 400, "The parameter expiresAfterMinutes must be a whole number of minutes, 1 or more; it is '\(text)'."))
            }
            lifetime = minutes * 60
        }
        indicator.expirationDateTime = now.adding(seconds: lifetime)
        switch entry.target {
        case .ip:
            guard let value = action.parameter("ip", "ipAddress", "address"), IndicatorPattern.network(value) != nil else {
                return .failure(ActionFailure(code: 400, "\(entry.name) needs a parameter 'IP' with an IPv4 or IPv6 address or network."))
            }
            if value.contains("/") { indicator.networkCidrBlock = value }
            else if value.contains(":") { indicator.networkIPv6 = value }
            else { indicator.networkIPv4 = value }
        case .domain:
            guard let value = action.parameter("domain", "domainName"), ObservableValue.domain(value) != nil else {
                return .failure(ActionFailure(code: 400, "\(entry.name) needs a parameter 'domain' with a domain name."))
            }
            indicator.domainName = value
        case .url:
            guard let value = action.parameter("url"), ObservableValue.url(value) != nil else {
                return .failure(ActionFailure(code: 400, "\(entry.name) needs a parameter 'url' with an absolute URL."))
            }
            indicator.url = value
        case .file:
            guard let value = action.parameter("fileHash", "hash", "sha256", "sha1", "md5"), let (kind, _) = ObservableValue.hash(value) else {
                return .failure(ActionFailure(code: 400, "\(entry.name) needs a parameter 'fileHash' with an MD5, SHA-1 or SHA-256 hash."))
            }
            indicator.fileHashValue = value.lowercased()
            indicator.fileHashType = FileHashType(rawValue: kind == .md5 ? "md5" : kind == .sha1 ? "sha1" : "sha256")
        }
        if let problem = indicator.submissionProblem { return .failure(ActionFailure(code: 400, "Invalid indicator: \(problem).")) }
        return .success(indicator)
    }

    public func start(_ record: SecurityActionRecord) async -> ActionOutcome {
        let now = clock()
        switch Self.indicator(for: record.action, id: record.id, now: now) {
        case .failure(let failure):
            return .failed(code: failure.code, message: failure.message)
        case .success(var indicator):
            indicator.stampSubmission(id: "action-" + record.id, tenantId: record.tenantId, now: now)
            do {
                try await indicators.create(tenantId: record.tenantId, appId: Self.ownerAppId, [indicator], at: now)
                await matcher.invalidate(tenantId: record.tenantId)
                return .completed
            } catch {
                return .retry(after: 5, message: "could not store the indicator: \(error)")
            }
        }
    }
}

/// Why an action cannot be carried out: a code (HTTP-like) and a message for `errorInfo`.
public struct ActionFailure: Error, Sendable {
    public var code: Int32
    public var message: String
    public init(code: Int32, _ message: String) {
        self.code = code
        self.message = message
    }
}

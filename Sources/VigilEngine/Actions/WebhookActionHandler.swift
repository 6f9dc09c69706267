import Foundation
import VigilCore
import VigilNotifications
import VigilStorage

/// Carries out actions by POSTing a signed JSON request to a configured receiver and taking the outcome
/// from its answer: a 2xx is `completed` unless its JSON body says `{"status":"failed", "errorInfo": …}`
/// (or `"running"` with a `statusUrl` to look at later); a 4xx fails the action; a 5xx, 408, 429 or no
/// answer is retried with backoff up to `maxAttempts`.
public struct WebhookActionHandler: ActionHandler {
    let configuration: ActionWebhookConfiguration
    let secret: Secret?
    let client: WebhookClient
    let pollInterval: Double
    /// The outbound rules a `statusUrl` the receiver names must pass before Vigil posts to it (the receiver is
    /// trusted with the action, not with choosing where Vigil connects).
    let policy: TargetPolicy

    public init(configuration: ActionWebhookConfiguration, client: WebhookClient, pollInterval: Double = 5,
                policy: TargetPolicy = TargetPolicy(allowPrivate: true, allowHTTP: true)) throws(VigilError)
    {
        self.configuration = configuration
        self.secret = try configuration.resolvedSecret()
        self.client = client
        self.pollInterval = pollInterval
        self.policy = policy
    }

    /// The request body: the action as the receiver needs it.
    static func request(_ record: SecurityActionRecord) -> [UInt8] {
        var body: [String: JSONValue] = ["id": .string(record.id), "tenantId": .string(record.tenantId)]
        let object = record.action.jsonObject
        for key in ["name", "actionReason", "parameters", "vendorInformation", "appId", "user", "clientContext", "createdDateTime"] {
            if let value = object[key] { body[key] = value }
        }
        return JSONWriter.bytes(.object(body))
    }

    func headers(_ body: [UInt8]) -> [(String, String)] {
        guard let secret else { return [] }
        return [("X-Vigil-Signature", WebhookClient.signature(body: body, secret: secret,
                                                              timestamp: DateTimeOffset.now().secondsSinceEpoch))]
    }

    public func start(_ record: SecurityActionRecord) async -> ActionOutcome {
        if let names = configuration.actions, !names.contains(where: { $0.lowercased() == record.action.name?.lowercased() }) {
            return .failed(code: 400, message: "The action webhook '\(configuration.name)' does not carry out '\(record.action.name ?? "")'; it carries out \(names.joined(separator: ", ")).")
        }
        let body = Self.request(record)
        let answer = await client.post(configuration.url, body: body, contentType: "application/json",
                                       headers: headers(body), timeout: configuration.timeoutSeconds)
        return outcome(answer, attempts: record.attempts + 1)
    }

    public func poll(_ record: SecurityActionRecord) async -> ActionOutcome {
        guard let statusUrl = record.remoteId else { return .completed }
        let body = Self.request(record)
        let answer = await client.post(statusUrl, body: body, contentType: "application/json", headers: headers(body),
                                       timeout: configuration.timeoutSeconds, policy: policy, field: "statusUrl")
        if answer.blocked {
            return .failed(code: 400, message: "The action webhook '\(configuration.name)' named a statusUrl Vigil does not post to: \(answer.error ?? "")")
        }
        return outcome(answer, attempts: record.attempts + 1)
    }

    /// What an answer means, after `attempts` tries.
    func outcome(_ answer: WebhookClient.Answer, attempts: Int) -> ActionOutcome {
        let label = "The action webhook '\(configuration.name)'"
        guard let status = answer.status, ![408, 429].contains(status), status < 500 else {
            let why = answer.status.map { "answered \($0)" } ?? (answer.error ?? "did not answer")
            guard attempts < configuration.maxAttempts else {
                return .failed(code: Int32(answer.status ?? 504), message: "\(label) \(why), \(attempts) times; giving up.")
            }
            return .retry(after: Double(1 << min(attempts, 10)), message: "\(label) \(why)")
        }
        let json = answer.body.isEmpty ? nil : (try? JSONParser.parse(answer.body))
        let reported = json?["status"]?.stringValue?.lowercased()
        let error = json?["errorInfo"]
        let message = error?["message"]?.stringValue ?? json?["message"]?.stringValue
        guard (200..<300).contains(status) else {
            return .failed(code: Int32(status), message: "\(label) refused the action (\(status))" + (message.map { ": \($0)" } ?? "."))
        }
        switch reported {
        case "failed":
            var code: Int32 = 500
            if case .int(let i)? = error?["code"] { code = Int32(clamping: i) }
            return .failed(code: code, message: message ?? "\(label) reports the action failed.")
        case "running", "notstarted":
            if let url = json?["statusUrl"]?.stringValue { return .running(remoteId: url, after: pollInterval) }
            return .completed
        default:
            return .completed
        }
    }
}

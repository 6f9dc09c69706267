import Foundation
import VigilCore

/// The `$skiptoken` of a federated list: each provider's own continuation (its nextLink, or the store's
/// cursor), bound to the tenant and query. Providers absent from it are exhausted. Opaque to clients
/// (base64url JSON signed by `SkipTokenSigner`: an altered or forged token is refused); each remote
/// continuation is also checked against its provider's URL before use.
struct FederatedSkipToken: Sendable, Equatable {
    var tenantId: String
    var query: String
    /// Each provider's continuation; `""` asks a provider for its first page again.
    var continuations: [String: String]
    /// How many pages in a row a provider has failed (it is retried on the next pages up to a limit).
    var failures: [String: Int] = [:]

    /// The token, signed.
    func token(_ signer: SkipTokenSigner) -> String {
        var object: [String: JSONValue] = [:]
        for (name, continuation) in continuations { object[name] = .string(continuation) }
        var fields: [String: JSONValue] = ["t": .string(tenantId), "q": .string(query), "c": .object(object)]
        if !failures.isEmpty {
            fields["f"] = .object(failures.mapValues { .int(Int64($0)) })
        }
        return signer.sign(JSONWriter.bytes(.object(fields)))
    }

    static func decode(_ token: String, signer: SkipTokenSigner, tenantId: String, query: String) throws(VigilError)
        -> FederatedSkipToken
    {
        let invalid = VigilError(.badRequest, "Invalid $skiptoken: use the @odata.nextLink of the previous page as it is.",
                                 target: "$skiptoken")
        // Anything unreadable or unsigned is the same client mistake: the 400 below says so.
        guard token.utf8.count < 65_536, let data = signer.verify(token),
              case .object(let o) = try? JSONParser.parse(data),
              case .string(let t)? = o["t"], case .string(let q)? = o["q"], case .object(let c)? = o["c"],
              t == tenantId, q == query
        else { throw invalid }
        var continuations: [String: String] = [:]
        for (name, value) in c {
            guard case .string(let s) = value else { throw invalid }
            continuations[name] = s
        }
        var failures: [String: Int] = [:]
        if case .object(let f)? = o["f"] {
            for (name, value) in f {
                guard case .int(let n) = value, n > 0, n < 100 else { throw invalid }
                failures[name] = Int(n)
            }
        }
        return FederatedSkipToken(tenantId: t, query: q, continuations: continuations, failures: failures)
    }
}

import AsyncHTTPClient
import NIOCore
import VigilCore

/// Secure score on a remote Graph-compatible provider (`…/security/secureScores`,
/// `…/security/secureScoreControlProfiles`).
extension RemoteGraphProvider {
    var secureScoresURL: String { root + "/security/secureScores" }
    var controlProfilesURL: String { root + "/security/secureScoreControlProfiles" }

    /// The provider's latest secure score (the newest `createdDateTime` on the first page of `$top=1`), or
    /// `nil` when it has none or does not know the resource (404).
    /// - Throws: `ProviderFailure` when the provider fails or answers something that is not a score list.
    public func latestSecureScore() async throws -> SecureScore? {
        let (status, body) = try await send(.GET, secureScoresURL + "?$top=1")
        if status == 404 { return nil }
        guard (200..<300).contains(status) else { throw Self.failure(status: status, body: body) }
        let scores = try Self.values(body).map(SecureScore.init(jsonObject:))
        return scores.max { ($0.createdDateTime ?? DateTimeOffset(secondsSinceEpoch: 0)) < ($1.createdDateTime ?? DateTimeOffset(secondsSinceEpoch: 0)) }
    }

    /// The provider's control profiles, following `@odata.nextLink` for at most `maxPages` pages; none when
    /// it does not know the resource (404).
    /// - Throws: `ProviderFailure` when a page fails or a next link leaves the collection.
    public func secureScoreControlProfiles(maxPages: Int = 20) async throws -> [SecureScoreControlProfile] {
        var url: String? = controlProfilesURL
        var profiles: [SecureScoreControlProfile] = []
        var pages = 0
        while let next = url, pages < maxPages {
            pages += 1
            let (status, body) = try await send(.GET, next)
            if status == 404 { return profiles }
            guard (200..<300).contains(status) else { throw Self.failure(status: status, body: body) }
            guard case .object(let object) = try Self.parse(body) else {
                throw ProviderFailure(status: 502, "the answer is not a JSON object")
            }
            profiles += try Self.values(object).map(SecureScoreControlProfile.init(jsonObject:))
            url = nil
            if case .string(let link)? = object["@odata.nextLink"] {
                guard link.hasPrefix(controlProfilesURL + "?") else {
                    throw ProviderFailure(status: 502, "its @odata.nextLink leaves \(controlProfilesURL)")
                }
                url = link
            }
        }
        return profiles
    }

    static func values(_ body: ByteBuffer) throws -> [[String: JSONValue]] {
        guard case .object(let object) = try parse(body) else {
            throw ProviderFailure(status: 502, "the answer is not a JSON object")
        }
        return try values(object)
    }

    static func values(_ object: [String: JSONValue]) throws -> [[String: JSONValue]] {
        guard case .array(let items)? = object["value"] else {
            throw ProviderFailure(status: 502, "the answer has no 'value' array")
        }
        return try items.map { item in
            guard case .object(let o) = item else { throw ProviderFailure(status: 502, "an item of 'value' is not a JSON object") }
            return o
        }
    }
}

extension RemoteGraphProvider {
    /// Sends a control state update (PATCH) to the provider; returns the profile it answers with, or `nil`
    /// when it answered without one (204).
    /// - Throws: `VigilError` (`notFound`) when the provider does not know the id; `ProviderFailure` when it
    ///   refuses or fails.
    public func updateControlProfile(id: String, body: [String: JSONValue]) async throws -> SecureScoreControlProfile? {
        let (status, answer) = try await send(.PATCH, controlProfilesURL + "/" + percentEncodeQueryComponent(id),
                                              body: JSONWriter.bytes(.object(body)),
                                              headers: [("Prefer", "return=representation")])
        if status == 404 { throw VigilError(.notFound, "Provider '\(name)' has no secureScoreControlProfile '\(id)'.") }
        guard (200..<300).contains(status) else { throw Self.failure(status: status, body: answer) }
        guard answer.readableBytes > 0, case .object(let object) = try Self.parse(answer), object["id"] != nil else { return nil }
        return SecureScoreControlProfile(jsonObject: object)
    }
}

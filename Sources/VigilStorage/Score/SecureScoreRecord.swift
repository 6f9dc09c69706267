import VigilCore

/// A stored secure score snapshot: one per tenant and UTC day. The columns are what lists and comparisons
/// need without a parse; the body is the entity's JSON.
public struct SecureScoreRecord: Sendable, Equatable {
    public var tenantId: String
    /// `yyyy-MM-dd` (UTC).
    public var day: String
    public var createdAt: DateTimeOffset
    public var currentScore: Double
    public var maxScore: Double
    /// The `secureScore` JSON.
    public var body: String
    /// The remote providers' control profiles fetched with this snapshot, as a JSON array (each profile with
    /// `@vigil.provider`).
    public var remoteProfiles: String

    public init(tenantId: String, day: String, createdAt: DateTimeOffset, currentScore: Double, maxScore: Double,
                body: String, remoteProfiles: String = "[]")
    {
        self.tenantId = tenantId
        self.day = day
        self.createdAt = createdAt
        self.currentScore = currentScore
        self.maxScore = maxScore
        self.body = body
        self.remoteProfiles = remoteProfiles
    }

    /// The record of a computed score (its tenant, day and creation time taken from the entity).
    /// - Throws: `VigilError` (`internalError`) when the score lacks its tenant or creation time.
    public init(_ score: SecureScore, remoteProfiles: [SecureScoreControlProfile] = []) throws(VigilError) {
        guard let tenantId = score.azureTenantId, let created = score.createdDateTime else {
            throw VigilError(.internalError, "A secure score snapshot needs azureTenantId and createdDateTime.")
        }
        self.init(tenantId: tenantId, day: SecureScoreCalculator.day(of: created), createdAt: created,
                  currentScore: score.currentScore ?? 0, maxScore: score.maxScore ?? 0, body: JSONWriter.string(score.json),
                  remoteProfiles: JSONWriter.string(.array(remoteProfiles.map(\.json))))
    }

    /// The snapshot's entity.
    /// - Throws: `VigilError` (`internalError`) when the stored body is not a JSON object.
    public func score() throws(VigilError) -> SecureScore {
        guard case .object(let object) = try JSONParser.parse(body) else {
            throw VigilError(.internalError, "A stored secure score is not a JSON object.")
        }
        return SecureScore(jsonObject: object)
    }

    /// The remote profiles stored with the snapshot.
    /// - Throws: `VigilError` (`internalError`) when the stored value is not an array of objects.
    public func profiles() throws(VigilError) -> [SecureScoreControlProfile] {
        guard case .array(let items) = try JSONParser.parse(remoteProfiles) else {
            throw VigilError(.internalError, "Stored remote control profiles are not a JSON array.")
        }
        return try items.map { item throws(VigilError) in
            guard case .object(let o) = item else {
                throw VigilError(.internalError, "A stored remote control profile is not a JSON object.")
            }
            return SecureScoreControlProfile(jsonObject: o)
        }
    }
}

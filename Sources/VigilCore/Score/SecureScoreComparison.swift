/// What changed between two snapshots of a tenant's score: the current and maximum score deltas and
/// every control whose score moved, appeared or disappeared. Pure.
public struct SecureScoreComparison: Sendable, Equatable {
    /// One control whose score differs.
    public struct Change: Sendable, Equatable {
        /// The control's name, with the remote provider it came from (`nil` for Vigil's own controls).
        public var controlName: String
        public var provider: String?
        public var controlCategory: String?
        /// The score before (`nil`: the control is new) and after (`nil`: it is gone).
        public var before: Double?
        public var after: Double?

        /// after − before, counting a missing side as 0.
        public var delta: Double { SecureScoreCalculator.round2((after ?? 0) - (before ?? 0)) }

        /// `{controlName, controlCategory, provider?, before, after, delta}`.
        public var json: JSONValue {
            var o: [String: JSONValue] = ["controlName": .string(controlName), "before": before.map(JSONValue.double) ?? .null,
                                          "after": after.map(JSONValue.double) ?? .null, "delta": .double(delta)]
            o["controlCategory"] = controlCategory.map(JSONValue.string) ?? .null
            if let provider { o["provider"] = .string(provider) }
            return .object(o)
        }
    }

    /// The newer snapshot.
    public var latest: SecureScore
    /// The snapshot before it, if any.
    public var previous: SecureScore?
    /// Controls whose score changed, in the latest snapshot's order (then those that disappeared).
    public var changes: [Change]

    /// Compares `latest` with the snapshot before it (`nil` when there is none yet).
    public init(latest: SecureScore, previous: SecureScore?) {
        self.latest = latest
        self.previous = previous
        changes = []
        guard let previous else { return }
        func key(_ c: ControlScore) -> String {
            (c.passthrough.properties[SecureScoreCalculator.providerAnnotation]?.stringValue ?? "") + "\u{0}" + (c.controlName ?? "")
        }
        var before: [String: ControlScore] = [:]
        for c in previous.controlScores ?? [] where before[key(c)] == nil { before[key(c)] = c }
        var seen: Set<String> = []
        for c in latest.controlScores ?? [] where seen.insert(key(c)).inserted {
            let old = before[key(c)]
            let change = Change(controlName: c.controlName ?? "",
                                provider: c.passthrough.properties[SecureScoreCalculator.providerAnnotation]?.stringValue,
                                controlCategory: c.controlCategory, before: old.map { $0.score ?? 0 }, after: c.score ?? 0)
            if old == nil || change.delta != 0 { changes.append(change) }
        }
        for c in previous.controlScores ?? [] where seen.insert(key(c)).inserted {
            changes.append(Change(controlName: c.controlName ?? "",
                                  provider: c.passthrough.properties[SecureScoreCalculator.providerAnnotation]?.stringValue,
                                  controlCategory: c.controlCategory, before: c.score ?? 0, after: nil))
        }
    }

    /// The report `vigil score` prints: both snapshots' totals, the deltas and the changes.
    public var json: JSONValue {
        func summary(_ s: SecureScore) -> JSONValue {
            ["id": s.id.map(JSONValue.string) ?? .null, "createdDateTime": s.createdDateTime.map { .string($0.iso8601) } ?? .null,
             "currentScore": .double(s.currentScore ?? 0), "maxScore": .double(s.maxScore ?? 0)]
        }
        var o: [String: JSONValue] = ["tenantId": latest.azureTenantId.map(JSONValue.string) ?? .null,
                                      "latest": summary(latest), "previous": previous.map(summary) ?? .null,
                                      "changes": .array(changes.map(\.json))]
        if let previous {
            o["delta"] = ["currentScore": .double(SecureScoreCalculator.round2((latest.currentScore ?? 0) - (previous.currentScore ?? 0))),
                          "maxScore": .double(SecureScoreCalculator.round2((latest.maxScore ?? 0) - (previous.maxScore ?? 0)))]
        } else {
            o["delta"] = .null
        }
        o["controlScores"] = .array((latest.controlScores ?? []).map(\.json))
        return .object(o)
    }
}

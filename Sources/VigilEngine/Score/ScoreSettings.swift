import VigilCore

/// The `score:` section of the configuration file.
public struct ScoreSettings: Sendable, Codable, Equatable {
    /// Catalog files of controls a deployment adds to the built-in ones (YAML, the format in the README).
    public var catalogs: [String] = []
    /// Whether `vigil serve` takes the daily snapshots (at start when today's is missing, then after each UTC
    /// midnight).
    public var daily: Bool = true

    public init(catalogs: [String] = [], daily: Bool = true) {
        self.catalogs = catalogs
        self.daily = daily
    }

    public enum CodingKeys: String, CodingKey, CaseIterable {
        case catalogs, daily
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        catalogs = try c.decodeIfPresent([String].self, forKey: .catalogs) ?? []
        daily = try c.decodeIfPresent(Bool.self, forKey: .daily) ?? true
    }

    /// A description of the first invalid value, or `nil`.
    public var problem: String? {
        if catalogs.contains(where: \.isEmpty) { return "score.catalogs: a path is empty." }
        return nil
    }
}

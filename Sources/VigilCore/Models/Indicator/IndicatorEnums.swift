/// Enumerations of the threat indicator (`microsoft.graph.tiIndicator`, spec §3.2).

/// `microsoft.graph.tiAction`.
public struct TiAction: GraphEnum {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public static let schema = EnumSchema("tiAction", [
        "unknown": 0, "allow": 1, "block": 2, "alert": 3, "unknownFutureValue": 127,
    ])
    public static let unknown: Self = "unknown"
    public static let allow: Self = "allow"
    public static let block: Self = "block"
    public static let alert: Self = "alert"
    public static let unknownFutureValue: Self = "unknownFutureValue"
}

/// `microsoft.graph.diamondModel`.
public struct DiamondModel: GraphEnum {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public static let schema = EnumSchema("diamondModel", [
        "unknown": 0, "adversary": 1, "capability": 2, "infrastructure": 3, "victim": 4, "unknownFutureValue": 127,
    ])
    public static let unknown: Self = "unknown"
    public static let adversary: Self = "adversary"
    public static let capability: Self = "capability"
    public static let infrastructure: Self = "infrastructure"
    public static let victim: Self = "victim"
    public static let unknownFutureValue: Self = "unknownFutureValue"
}

/// `microsoft.graph.tlpLevel`.
public struct TlpLevel: GraphEnum {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public static let schema = EnumSchema("tlpLevel", [
        "unknown": 0, "white": 1, "green": 2, "amber": 3, "red": 4, "unknownFutureValue": 127,
    ])
    public static let unknown: Self = "unknown"
    public static let white: Self = "white"
    public static let green: Self = "green"
    public static let amber: Self = "amber"
    public static let red: Self = "red"
    public static let unknownFutureValue: Self = "unknownFutureValue"
}

/// The status of a security action (spec §4).

/// `microsoft.graph.operationStatus`.
public struct OperationStatus: GraphEnum {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public static let schema = EnumSchema("operationStatus", [
        "NotStarted": 0, "Running": 1, "Completed": 2, "Failed": 3,
    ])
    public static let NotStarted: Self = "NotStarted"
    public static let Running: Self = "Running"
    public static let Completed: Self = "Completed"
    public static let Failed: Self = "Failed"
}

import VigilCore

/// One appended `controlStateUpdates` entry of a tenant's control.
public struct ControlStateRecord: Sendable, Equatable {
    public var tenantId: String
    public var controlId: String
    public var update: SecureScoreControlStateUpdate

    public init(tenantId: String, controlId: String, update: SecureScoreControlStateUpdate) {
        self.tenantId = tenantId
        self.controlId = controlId
        self.update = update
    }

    /// The stored JSON of the update.
    public var body: String { JSONWriter.string(update.json) }

    /// Reads a stored update.
    /// - Throws: `VigilError` (`internalError`) when it is not a JSON object.
    public static func update(fromBody body: String) throws(VigilError) -> SecureScoreControlStateUpdate {
        guard case .object(let object) = try JSONParser.parse(body) else {
            throw VigilError(.internalError, "A stored control state update is not a JSON object.")
        }
        return SecureScoreControlStateUpdate(jsonObject: object)
    }
}

import VigilCore

/// How an indicator is stored: its JSON text, written from and read back into a `TiIndicator`. Pure.
enum IndicatorBody {
    /// The JSON text of an indicator.
    static func encode(_ indicator: TiIndicator) -> String {
        JSONWriter.string(indicator.json)
    }

    /// Reads a stored body (written by `encode`, so a JSON object).
    static func decode(_ body: String) throws -> TiIndicator {
        guard case .object(let object) = try JSONParser.parse(Array(body.utf8)) else {
            throw VigilError(.internalError, "A stored indicator is not a JSON object.")
        }
        return TiIndicator(jsonObject: object)
    }

    /// The stored action key (lowercased member name).
    static func action(_ indicator: TiIndicator) -> String? {
        indicator.action.map { AlertRecord.enumKey($0.rawValue) }
    }
}

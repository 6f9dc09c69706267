import VigilCore

/// Writes an alert as its Graph JSON object on one line, with three instance annotations that a consumer
/// of an at-least-once stream needs: `@vigil.tenantId`, `@vigil.changeType` (`created` or `updated`) and
/// `@vigil.sequence` (the change's number in the feed, increasing; a repeat after a restart has the same
/// number). Graph clients ignore annotations they do not know. Pure.
public enum AlertJSONFormatter {
    /// The tenant of the alert.
    public static let tenantAnnotation = "@vigil.tenantId"
    /// `created` or `updated`.
    public static let changeTypeAnnotation = "@vigil.changeType"
    /// The change's sequence number in the feed.
    public static let sequenceAnnotation = "@vigil.sequence"

    /// Appends the JSON object of an exported alert (no line end). The JSON writer escapes control
    /// characters in strings, so the output holds no raw line break.
    /// - Parameters:
    ///   - item: the alert and its change.
    ///   - out: the buffer to append to.
    public static func write(_ item: ExportedAlert, to out: inout [UInt8]) {
        var alert = item.alert
        alert.passthrough.properties[tenantAnnotation] = .string(item.change.tenantId)
        alert.passthrough.properties[changeTypeAnnotation] = .string(item.change.changeType.rawValue)
        alert.passthrough.properties[sequenceAnnotation] = .int(item.change.sequence)
        alert.writeJSON(to: &out)
    }

    /// The JSON text of an exported alert.
    public static func line(_ item: ExportedAlert) -> String {
        var out: [UInt8] = []
        write(item, to: &out)
        return String(decoding: out, as: UTF8.self)
    }
}

/// The field names a rule set reads, each with a small number: events are loaded into slots by number so
/// that matching never looks names up.
///
/// An event's field name finds a rule's field exactly, else without regard to case (`image` finds `Image`),
/// else — for a name holding spaces, as Windows Defender and other event logs write their `EventData`
/// (`Threat Name`, `Process Name`) — by the name without its spaces (`ThreatName`, `ProcessName`, as SigmaHQ
/// writes them and pySigma's Windows pipelines map them) or with underscores for them (`Feature_Name`).
struct SigmaFieldTable: Sendable {
    private(set) var names: [String] = []
    private var ids: [String: Int32] = [:]
    private var folded: [String: Int32] = [:]

    var count: Int { names.count }

    /// The number of a name, adding it when new.
    mutating func intern(_ name: String) -> Int32 {
        if let id = ids[name] { return id }
        let id = Int32(names.count)
        names.append(name)
        ids[name] = id
        let lower = name.lowercased()
        if folded[lower] == nil { folded[lower] = id }
        return id
    }

    /// The number of an event's field name, or `nil` when no rule reads it.
    func lookup(_ name: String) -> Int32? {
        if let id = ids[name] { return id }
        let lower = name.lowercased()
        if let id = folded[lower] { return id }
        guard lower.utf8.contains(UInt8(ascii: " ")) else { return nil }
        return folded[Self.spaces(in: lower, as: "")] ?? folded[Self.spaces(in: lower, as: "_")]
    }

    /// The name with each space replaced (removed when `replacement` is empty).
    private static func spaces(in name: String, as replacement: String) -> String {
        name.split(separator: " ", omittingEmptySubsequences: false).joined(separator: replacement)
    }
}

/// The field names a rule set reads, each with a small number: events are loaded into slots by number so
/// that matching never looks names up.
///
/// Names are matched exactly, else without regard to case (`image` finds `Image`).
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
        ids[name] ?? folded[name.lowercased()]
    }
}

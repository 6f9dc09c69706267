extension ODataQuery {
    /// Applies the query in memory, exactly as the API does: filter, sort (ties broken by `id`, nulls
    /// first in ascending order), then `$skip` and `$top`.
    /// - Parameter items: the objects to query.
    /// - Returns: the matching objects in result order.
    public func evaluate(_ items: [Root]) -> [Root] {
        var result = filter.map { $0.filter(items) } ?? items
        let key = sortKeyReader()
        result = result.map { ($0, key($0)) }.sorted { precedes($0.1, $1.1) }.map(\.0)
        let start = min(skip ?? 0, result.count)
        let end = top.map { min(start + $0, result.count) } ?? result.count
        return Array(result[start..<end])
    }

    /// Reads the sort key of an object: its `$orderby` values, then its `id` (the tie-breaker).
    public func sortKeyReader() -> @Sendable (Root) -> [ODataValue] {
        let readers = orderBy.map { ODataQuery.reader(for: $0.path) }
        let idReader = Root.graphSchema.field(named: "id")?.read
        return { item in
            var key = readers.map { $0(item) }
            key.append(withUnsafePointer(to: item) { idReader?($0) } ?? .null)
            return key
        }
    }

    /// Whether the object with sort key `a` comes before the one with `b` in the requested order.
    public func precedes(_ a: [ODataValue], _ b: [ODataValue]) -> Bool {
        for (i, item) in orderBy.enumerated() where i < a.count && i < b.count {
            let c = ODataQuery.sortOrder(a[i], b[i], path: item.path)
            if c != 0 { return item.descending ? c > 0 : c < 0 }
        }
        guard let x = a.last, let y = b.last else { return false }
        return ODataQuery.sortOrder(x, y, path: nil) < 0
    }

    /// The JSON of an object with `$select` applied.
    public func project(_ item: Root) -> [String: JSONValue] {
        guard let select else { return item.jsonObject }
        return item.selecting(Set(select))
    }

    /// Reads a sort key from an object.
    static func reader(for path: BoundPath) -> @Sendable (Root) -> ODataValue {
        ODataPredicate<Root>.reader(for: path)
    }

    /// Total order for sorting: nulls first, then by value (enums by member value).
    public static func sortOrder(_ a: ODataValue, _ b: ODataValue, path: BoundPath?) -> Int {
        switch (a, b) {
        case (.null, .null): return 0
        case (.null, _): return -1
        case (_, .null): return 1
        default:
            var kind = ComparisonKind.string
            if let path, case .enumeration(let e) = path.type { kind = .enumeration(e) }
            return ODataComparison.order(a, b, kind) ?? 0
        }
    }
}

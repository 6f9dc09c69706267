extension ODataQuery {
    /// Applies the query in memory, exactly as the API does: filter, sort (ties broken by `id`, nulls
    /// first in ascending order), then `$skip` and `$top`.
    /// - Parameter items: the objects to query.
    /// - Returns: the matching objects in result order.
    public func evaluate(_ items: [Root]) -> [Root] {
        var result = filter.map { $0.filter(items) } ?? items
        let keys = orderBy.map { item in (read: ODataQuery.reader(for: item.path), item.descending) }
        let idReader = Root.graphSchema.field(named: "id")?.read
        if !keys.isEmpty || idReader != nil {
            result = result.map { item in
                (item, keys.map { key in key.read(item) }, withUnsafePointer(to: item) { idReader?($0) } ?? .null)
            }
                .sorted { a, b in
                    for (i, key) in keys.enumerated() {
                        let c = ODataQuery.sortOrder(a.1[i], b.1[i], path: orderBy[i].path)
                        if c != 0 { return key.1 ? c > 0 : c < 0 }
                    }
                    return ODataQuery.sortOrder(a.2, b.2, path: nil) < 0
                }
                .map(\.0)
        }
        let start = min(skip ?? 0, result.count)
        let end = top.map { min(start + $0, result.count) } ?? result.count
        return Array(result[start..<end])
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

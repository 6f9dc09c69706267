/// Limits of the system query options for one entity set.
public struct ODataLimits: Sendable {
    /// Largest accepted `$top`.
    public var maxTop: Int
    /// Largest accepted `$skip`.
    public var maxSkip: Int
    /// Most `$orderby` keys.
    public var maxOrderByKeys: Int

    public init(maxTop: Int = 1000, maxSkip: Int = 500, maxOrderByKeys: Int = 8) {
        self.maxTop = maxTop
        self.maxSkip = maxSkip
        self.maxOrderByKeys = maxOrderByKeys
    }

    /// Graph's limits on `/security/alerts`: `$top` ≤ 1000, `$skip` ≤ 500.
    public static let graph = ODataLimits()
}

/// One `$orderby` key.
public struct OrderByItem: Sendable, CustomStringConvertible {
    /// The property sorted on.
    public let path: BoundPath
    /// Whether the order is descending.
    public let descending: Bool

    public var description: String { "\(path) \(descending ? "desc" : "asc")" }
}

/// The validated system query options of a request on an entity set: `$filter`, `$orderby`, `$select`,
/// `$top`, `$skip`, `$count` and `$skiptoken`. Option names are accepted with or without `$`.
public struct ODataQuery<Root: GraphObject>: Sendable {
    /// The compiled filter, if any.
    public var filter: ODataPredicate<Root>?
    /// The filter text as received.
    public var filterText: String?
    /// Sort keys, in order.
    public var orderBy: [OrderByItem] = []
    /// Selected top-level properties (canonical names), or `nil` for all.
    public var select: [String]?
    /// `$top`, when given.
    public var top: Int?
    /// `$skip`, when given.
    public var skip: Int?
    /// Whether `$count=true` was asked for.
    public var count = false
    /// The opaque continuation token, when given.
    public var skipToken: String?

    public init() {}

    private static var schema: any AnyObjectSchema { Root.graphSchema }

    /// Options Vigil knows but does not support on this entity set.
    static var unsupported: Set<String> { ["expand", "search", "format", "apply", "compute", "levels", "index"] }

    /// Parses and validates query options.
    /// - Parameters:
    ///   - parameters: decoded query-string pairs in order; pairs whose names are not system query
    ///     options are ignored.
    ///   - limits: the entity set's limits.
    /// - Throws: `VigilError` (`badRequest`) naming the option and the offending token.
    public static func parse(_ parameters: [(name: String, value: String)], limits: ODataLimits = .graph)
        throws(VigilError) -> ODataQuery
    {
        var query = ODataQuery()
        var seen: Set<String> = []
        for (rawName, value) in parameters {
            var name = rawName.lowercased()
            if name.hasPrefix("$") { name.removeFirst() }
            let known = ["filter", "orderby", "select", "top", "skip", "count", "skiptoken"]
            guard known.contains(name) || unsupported.contains(name) else {
                if rawName.hasPrefix("$") {
                    throw VigilError(.badRequest, "The query option '\(rawName)' is not supported.", target: rawName)
                }
                continue
            }
            let option = "$" + name
            guard seen.insert(name).inserted else {
                throw VigilError(.badRequest, "The query option '\(option)' was given more than once.", target: option)
            }
            switch name {
            case "filter":
                query.filterText = value
                query.filter = try parseFilter(value)
            case "orderby": query.orderBy = try parseOrderBy(value, limits: limits)
            case "select": query.select = try parseSelect(value)
            case "top": query.top = try integer(value, option: option, range: 1...limits.maxTop)
            case "skip": query.skip = try integer(value, option: option, range: 0...limits.maxSkip)
            case "count":
                switch value.lowercased() {
                case "true": query.count = true
                case "false": query.count = false
                default:
                    throw VigilError(.badRequest, "Invalid $count: '\(value)' is not true or false.", target: option)
                }
            case "skiptoken": query.skipToken = value
            default:
                throw VigilError(.badRequest, "The query option '\(option)' is not supported on \(schema.name).",
                                 target: option)
            }
        }
        return query
    }

    /// Parses and binds a `$filter` for `Root`.
    public static func parseFilter(_ text: String, option: String = "$filter") throws(VigilError) -> ODataPredicate<Root> {
        let expression = try ODataParser.parseFilter(text, option: option)
        var binder = ODataBinder(schema: schema, option: option)
        let bound = try binder.bindFilter(expression)
        return ODataPredicate(bound, slots: binder.slotCount)
    }

    static func integer(_ text: String, option: String, range: ClosedRange<Int>) throws(VigilError) -> Int {
        let trimmed = text.trimmingASCIISpaces
        guard !trimmed.isEmpty, trimmed.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }) || trimmed.hasPrefix("-") else {
            throw VigilError(.badRequest, "Invalid \(option): '\(text)' is not a whole number.", target: option)
        }
        guard let v = Int(trimmed), range.contains(v) else {
            throw VigilError(.badRequest,
                             "Invalid \(option): '\(text)' is out of range; it must be between \(range.lowerBound) and \(range.upperBound).",
                             target: option)
        }
        return v
    }

    static func parseOrderBy(_ text: String, limits: ODataLimits) throws(VigilError) -> [OrderByItem] {
        let option = "$orderby"
        var parser = try ODataParser(checking: Array(text.utf8), option: option)
        let binder = ODataBinder(schema: schema, option: option)
        var items: [OrderByItem] = []
        while true {
            let (path, direction) = try parser.parseOrderByItem()
            let bound = try binder.resolve(path)
            let offset = path.offsets.last ?? 0
            if bound.isCollection {
                throw parser.error("'\(bound)' is a collection and cannot be sorted on", at: ODataToken(kind: .end, offset: offset))
            }
            if case .complex = bound.type {
                throw parser.error("'\(bound)' is an object; sort on one of its properties", at: ODataToken(kind: .end, offset: offset))
            }
            if let last = bound.fields.last, !last.isSortable {
                throw parser.error("the property '\(last.name)' cannot be sorted on", at: ODataToken(kind: .end, offset: offset))
            }
            items.append(OrderByItem(path: bound, descending: direction))
            if items.count > limits.maxOrderByKeys {
                throw VigilError(.badRequest, "Invalid $orderby: at most \(limits.maxOrderByKeys) keys are allowed.", target: option)
            }
            if try !parser.consumeComma() { break }
        }
        try parser.expectEnd()
        return items
    }

    static func parseSelect(_ text: String) throws(VigilError) -> [String]? {
        var names: [String] = []
        for part in text.split(separator: ",", omittingEmptySubsequences: false) {
            let name = String(part).trimmingASCIISpaces
            if name == "*" { return nil }
            guard !name.isEmpty else {
                throw VigilError(.badRequest, "Invalid $select: an empty property name in '\(text)'.", target: "$select")
            }
            guard let field = schema.anyField(named: name) else {
                let hint = name.contains("/") ? " (only top-level properties can be selected)" : ""
                throw VigilError(.badRequest, "Invalid $select: '\(name)' is not a property of \(schema.name)\(hint).",
                                 target: "$select")
            }
            if !names.contains(field.name) { names.append(field.name) }
        }
        return names
    }
}

extension String {
    /// The string without leading and trailing ASCII spaces and tabs.
    var trimmingASCIISpaces: String {
        var s = Substring(self)
        while let f = s.first, f == " " || f == "\t" { s.removeFirst() }
        while let l = s.last, l == " " || l == "\t" { s.removeLast() }
        return String(s)
    }
}

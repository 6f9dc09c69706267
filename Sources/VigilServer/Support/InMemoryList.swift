import VigilCore
import VigilEngine

/// An OData list answered from entities already in memory (indicators, security actions, …): options
/// evaluated by the in-memory engine, pages linked by an offset `$skiptoken` with a per-resource prefix.
struct InMemoryList<Entity: GraphObject> {
    /// The query string as sent.
    var pairs: [(name: String, value: String)]
    /// The prefix of this resource's skip tokens (`i12`, `a12`, …), so a token from another list is refused.
    var tokenPrefix: String
    /// `@odata.context` of the list.
    var contextURL: String
    /// The list's absolute URL without a query, for `@odata.nextLink`.
    var listURL: String
    var defaultTop: Int

    /// The parsed options with `$top`/`$skip` taken out, and the page's offset and size.
    func plan() throws(VigilError) -> (query: ODataQuery<Entity>, offset: Int, top: Int) {
        var query = try ODataQuery<Entity>.parse(pairs)
        let top = query.top ?? defaultTop
        var offset = query.skip ?? 0
        if let token = query.skipToken {
            guard token.hasPrefix(tokenPrefix), let n = Int(token.dropFirst(tokenPrefix.count)), n >= 0 else {
                throw VigilError(.badRequest, "Invalid $skiptoken: use the @odata.nextLink of the previous page as it is.",
                                 target: "$skiptoken")
            }
            offset = n
        }
        query.top = nil
        query.skip = nil
        return (query, offset, top)
    }

    /// The page of `entities` the query asks for, as a Graph collection body.
    func page(_ entities: [Entity]) throws(VigilError) -> JSONValue {
        let (query, offset, top) = try plan()
        let all = query.evaluate(entities)
        let page = all.dropFirst(offset).prefix(top)
        var body: [String: JSONValue] = ["@odata.context": .string(contextURL),
                                         "value": .array(page.map { .object(query.project($0)) })]
        if query.count { body["@odata.count"] = .int(Int64(all.count)) }
        if offset + top < all.count {
            var items = pairs.filter { !["$skip", "skip", "$skiptoken", "skiptoken"].contains($0.name.lowercased()) }
            items.append(("$skiptoken", "\(tokenPrefix)\(offset + top)"))
            let text = items.map { "\(percentEncodeQueryComponent($0.name))=\(percentEncodeQueryComponent($0.value))" }
                .joined(separator: "&")
            body["@odata.nextLink"] = .string("\(listURL)?\(text)")
        }
        return .object(body)
    }
}

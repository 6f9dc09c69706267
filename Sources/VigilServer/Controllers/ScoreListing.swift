import Hummingbird
import VigilCore
import VigilEngine

/// The list answer of the secure score collections, evaluated in memory (options read by `InMemoryList`):
/// `$filter` and `$orderby` (without it, the collection's own order) over every item, then a page of `$top`
/// from `$skip` (or the `$skiptoken` offset), `@odata.count`, `@odata.nextLink`, and a `$select` context.
enum ScoreListing {
    /// - Parameters:
    ///   - all: every item of the tenant, in the default order.
    ///   - path: the collection below the version, e.g. `security/secureScores`.
    static func response<T: GraphObject>(_ all: [T], request: Request, version: String, path: String,
                                         services: VigilServices) throws(VigilError) -> Response {
        let pairs = try request.queryPairs()
        let base = services.configuration.baseURL
        let list = InMemoryList<T>(pairs: pairs, tokenPrefix: "o", contextURL: "\(base)/\(version)/$metadata#\(path)",
                                   listURL: "\(base)/\(version)/\(path)", defaultTop: services.configuration.defaultPageSize)
        let (query, offset, top) = try list.plan()
        // Without $orderby the collection keeps its own order (snapshots newest first, catalog order).
        let matching = query.orderBy.isEmpty ? (query.filter.map { $0.filter(all) } ?? all) : query.evaluate(all)
        let page = matching.dropFirst(offset).prefix(top)
        var contextURL = list.contextURL
        if let select = query.select { contextURL += "(\(select.joined(separator: ",")))" }
        var body: [String: JSONValue] = ["@odata.context": .string(contextURL),
                                         "value": .array(page.map { .object(query.project($0)) })]
        if query.count { body["@odata.count"] = .int(Int64(matching.count)) }
        if offset + top < matching.count {
            var items = pairs.filter { !["$skip", "skip", "$skiptoken", "skiptoken"].contains($0.name.lowercased()) }
            items.append(("$skiptoken", "\(list.tokenPrefix)\(offset + top)"))
            let text = items.map { "\(percentEncodeQueryComponent($0.name))=\(percentEncodeQueryComponent($0.value))" }
                .joined(separator: "&")
            body["@odata.nextLink"] = .string("\(list.listURL)?\(text)")
        }
        return GraphResponse.json(.object(body))
    }

    /// One entity with its `@odata.context`, projected by `$select`.
    static func entity<T: GraphObject>(_ item: T, request: Request, version: String, path: String,
                                       services: VigilServices) throws(VigilError) -> Response {
        let query = try ODataQuery<T>.parse(try request.queryPairs().filter { ["$select", "select"].contains($0.name.lowercased()) })
        var body = query.project(item)
        body["@odata.context"] = .string("\(services.configuration.baseURL)/\(version)/$metadata#\(path)/$entity")
        return GraphResponse.json(.object(body))
    }

    /// The caller, when it may read (`write: false`) or change secure score data, and the engine.
    static func admit(_ context: VigilRequestContext, services: VigilServices, write: Bool) async throws
        -> (CallerIdentity, SecureScoreEngine)
    {
        let caller = try context.caller()
        let required = write ? [Permission.securityEventsReadWrite]
                             : [Permission.securityEventsRead, Permission.securityEventsReadWrite]
        guard caller.has(anyOf: required) else {
            throw VigilError(.forbidden, "Missing permission: this operation needs \(required.joined(separator: " or ")).")
        }
        try await services.limiter.admit(tenantId: caller.tenantId, appId: caller.appId, resource: "alerts")
        guard let engine = services.score else {
            throw VigilError(.serviceUnavailable, "Secure score needs the database; this server runs without one.")
        }
        return (caller, engine)
    }
}

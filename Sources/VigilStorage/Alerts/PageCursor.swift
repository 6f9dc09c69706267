import Foundation
import VigilCore

/// The position after the last alert of a page, for keyset paging: the sort-key values, id and provider
/// of that alert, bound to the tenant and the query that produced it. Opaque to clients (base64url JSON);
/// a cursor from another tenant or another query is rejected.
public struct PageCursor: Sendable, Equatable {
    public var tenantId: String
    /// A digest of the filter and sort order the cursor belongs to.
    public var query: String
    /// The sort-key values of the last alert (as stored: enum ranks, UTC date text).
    public var keys: [JSONValue]
    public var id: String
    public var provider: String
    /// How many alerts came before the next page (for in-memory paging).
    public var offset: Int

    public init(tenantId: String, query: String, keys: [JSONValue], id: String, provider: String, offset: Int) {
        self.tenantId = tenantId
        self.query = query
        self.keys = keys
        self.id = id
        self.provider = provider
        self.offset = offset
    }

    /// The opaque `$skiptoken` text.
    public var token: String {
        let json: JSONValue = ["t": .string(tenantId), "q": .string(query), "k": .array(keys), "i": .string(id),
                               "p": .string(provider), "o": .int(Int64(offset))]
        return Data(JSONWriter.bytes(json)).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    /// Decodes a `$skiptoken` and checks it belongs to this tenant and query.
    public static func decode(_ token: String, tenantId: String, query: String) throws(VigilError) -> PageCursor {
        let invalid = VigilError(.badRequest, "Invalid $skiptoken: use the @odata.nextLink of the previous page as it is.",
                                 target: "$skiptoken")
        var base64 = token.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while base64.utf8.count % 4 != 0 { base64 += "=" }
        guard token.utf8.count < 8192, let data = Data(base64Encoded: base64),
              case .object(let o) = try? JSONParser.parse(data),
              case .string(let t)? = o["t"], case .string(let q)? = o["q"], case .array(let k)? = o["k"],
              case .string(let i)? = o["i"], case .string(let p)? = o["p"], case .int(let offset)? = o["o"]
        else { throw invalid }
        guard t == tenantId, q == query, offset >= 0 else { throw invalid }
        return PageCursor(tenantId: t, query: q, keys: k, id: i, provider: p, offset: Int(offset))
    }

    /// The digest of a list request's filter and order that cursors are bound to.
    public static func queryDigest(filter: String?, orderBy: [OrderByItem]) -> String {
        // FNV-1a over the normalized query; it identifies, it does not protect. Unpadded hex, as cursors
        // already handed out carry it.
        let text = (filter ?? "") + "\u{0}" + orderBy.map(\.description).joined(separator: ",")
        return String(StableHash.fnv1a64(text.utf8), radix: 16)
    }
}

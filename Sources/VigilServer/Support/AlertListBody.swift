import VigilCore
import VigilEngine

/// The JSON body of an alert list answer (`@odata.context`, `@odata.count`, `@odata.nextLink`, `value`),
/// written by hand so that stored alerts are copied, not decoded and encoded again (unless `$select`).
public enum AlertListBody {
    /// Writes the body of `page`.
    /// - Parameters:
    ///   - select: the `$select` projection, if any (items are then decoded and projected).
    ///   - nextLink: the full `@odata.nextLink`, when there is a next page.
    public static func write(_ page: FederatedPage, query: ODataQuery<Alert>, contextURL: String, nextLink: String?) throws
        -> [UInt8]
    {
        var out: [UInt8] = []
        out.reserveCapacity(page.items.reduce(256) { total, item in
            switch item {
            case .stored(let stored): total + stored.body.count + 40
            case .raw(let raw): total + raw.bytes.count + 1
            default: total + 2048
            }
        })
        out.append(contentsOf: #"{"@odata.context":"#.utf8)
        JSONWriter.writeString(contextURL, to: &out)
        if let total = page.count { out.append(contentsOf: #","@odata.count":\#(total)"#.utf8) }
        if let nextLink {
            out.append(contentsOf: #","@odata.nextLink":"#.utf8)
            JSONWriter.writeString(nextLink, to: &out)
        }
        out.append(contentsOf: #","value":["#.utf8)
        for (i, item) in page.items.enumerated() {
            if i > 0 { out.append(UInt8(ascii: ",")) }
            switch item {
            case .stored(let stored) where query.select == nil: stored.writeAnnotated(to: &out)
            case .alert(let alert) where query.select == nil: alert.writeJSON(to: &out)
            case .raw(let raw) where query.select == nil: out.append(contentsOf: raw.bytes)
            case .object(let object) where query.select == nil: JSONWriter.write(.object(object), to: &out)
            default: JSONWriter.write(.object(query.project(try item.decoded())), to: &out)
            }
        }
        out.append(contentsOf: "]}".utf8)
        return out
    }
}

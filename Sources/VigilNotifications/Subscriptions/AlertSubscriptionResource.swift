import VigilCore

/// What an alert subscription watches: one alert, the alerts a filter selects, or (when allowed) all.
public enum AlertSubscriptionResource: Sendable {
    case alert(id: String)
    case filtered(ODataPredicate<Alert>)
    case all

    /// Reads a subscription `resource`: `security/alerts/{id}`, `security/alerts?$filter=…` (leading `/`,
    /// letter case of the path and percent-encoding tolerated).
    ///
    /// - Throws: `VigilError` (400) naming the problem: another resource, another query option, an invalid
    ///   filter (with its position), or a bare `security/alerts` when `allowUnfiltered` is off.
    public static func parse(_ resource: String, allowUnfiltered: Bool) throws(VigilError) -> AlertSubscriptionResource {
        var text = Substring(resource.trimmingWhitespace)
        while text.hasPrefix("/") { text = text.dropFirst() }
        let parts = text.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)
        let path = parts[0]
        let base = "security/alerts"
        guard path.lowercased().hasPrefix(base) else {
            throw VigilError(.badRequest, "Unsupported subscription resource '\(resource)': Vigil notifies changes of security/alerts/{id} and security/alerts?$filter=….", target: "resource")
        }
        let rest = path.dropFirst(base.count)
        if rest.hasPrefix("/"), rest.count > 1 {
            guard parts.count == 1 else {
                throw VigilError(.badRequest, "A subscription to one alert takes no query options.", target: "resource")
            }
            return .alert(id: percentDecoded(rest.dropFirst()))
        }
        guard rest.isEmpty || rest == "/" else {
            throw VigilError(.badRequest, "Unsupported subscription resource '\(resource)'.", target: "resource")
        }
        var filter: String?
        if parts.count == 2 {
            for option in parts[1].split(separator: "&", omittingEmptySubsequences: true) {
                let kv = option.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                let name = percentDecoded(kv[0]).lowercased()
                guard name == "$filter" || name == "filter", kv.count == 2 else {
                    throw VigilError(.badRequest, "Subscription resources take only $filter; '\(percentDecoded(kv[0]))' is not supported.", target: "resource")
                }
                guard filter == nil else { throw VigilError(.badRequest, "$filter is given twice in the resource.", target: "resource") }
                filter = percentDecoded(kv[1])
            }
        }
        if let filter, !filter.trimmingWhitespace.isEmpty {
            return .filtered(try ODataQuery<Alert>.parseFilter(filter))
        }
        guard allowUnfiltered else {
            throw VigilError(.badRequest, "The resource 'security/alerts' without a $filter is too wide; subscribe to security/alerts?$filter=… or security/alerts/{id}.", target: "resource")
        }
        return .all
    }

    /// Whether a change of `alert` concerns this resource.
    public func matches(_ alert: Alert) -> Bool {
        switch self {
        case .alert(let id): alert.id == id
        case .filtered(let predicate): predicate.matches(alert)
        case .all: true
        }
    }

    /// `%XX` sequences decoded (a `+` stays a `+`: resources arrive in JSON, not forms); the text as it is
    /// when the escapes are not valid UTF-8.
    static func percentDecoded(_ text: Substring) -> String {
        guard text.contains("%") else { return String(text) }
        var bytes: [UInt8] = []
        var utf8 = Array(text.utf8)[...]
        while let c = utf8.popFirst() {
            if c == UInt8(ascii: "%"), utf8.count >= 2, let hi = hex(utf8[utf8.startIndex]), let lo = hex(utf8[utf8.startIndex + 1]) {
                bytes.append(hi << 4 | lo)
                utf8 = utf8.dropFirst(2)
            } else {
                bytes.append(c)
            }
        }
        return String(validating: bytes, as: UTF8.self) ?? String(text)
    }

    private static func hex(_ c: UInt8) -> UInt8? {
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): c - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): c - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): c - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}

extension String {
    var trimmingWhitespace: String {
        String(drop { $0.isWhitespace }.reversed().drop { $0.isWhitespace }.reversed())
    }
}

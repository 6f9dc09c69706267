import VigilCore

/// An alert as a remote provider sent it, inside its page's bytes: validated, located, not built. It is
/// copied into the answer as it came, and decoded (whole, or only the properties a merge needs) only when
/// something asks, so a federated page costs a scan of the providers' bytes rather than a tree per alert.
public struct RawAlert: Sendable {
    /// The whole page body, shared by every item of the page (copy-on-write: never copied per item).
    let page: [UInt8]
    let span: JSONObjectSpan

    init(page: [UInt8], span: JSONObjectSpan) {
        self.page = page
        self.span = span
    }

    /// The alert's JSON as the provider wrote it.
    public var bytes: ArraySlice<UInt8> { page[span.range] }

    /// The value of one top-level property, parsed; `nil` when absent (or, impossibly after the scan, malformed).
    public func member(_ name: String) -> JSONValue? {
        span.value(name, in: page).flatMap { try? JSONParser.parse(page[$0]) }
    }

    /// The whole alert as a JSON object.
    public func object() throws(VigilError) -> [String: JSONValue] {
        guard case .object(let object) = try JSONParser.parse(bytes) else {
            throw VigilError(.internalError, "A provider's alert is not a JSON object.")
        }
        return object
    }

    /// An object of only the named top-level properties.
    func partialObject(_ names: Set<String>) -> [String: JSONValue] {
        var out: [String: JSONValue] = [:]
        for name in names {
            if let range = span.value(name, in: page), let value = try? JSONParser.parse(page[range]) { out[name] = value }
        }
        return out
    }
}

import Foundation

/// Percent-encodes a form or query value strictly (only unreserved characters stay as they are).
public func percentEncodeFormValue(_ text: String) -> String {
    var allowed = CharacterSet.alphanumerics
    allowed.insert(charactersIn: "-._~")
    return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
}

/// Percent-encodes a query-string name or value (`$` kept, as OData clients send it).
public func percentEncodeQueryComponent(_ text: String) -> String {
    var allowed = CharacterSet.urlQueryAllowed
    allowed.remove(charactersIn: "&=+#?/")
    allowed.insert("$")
    return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
}

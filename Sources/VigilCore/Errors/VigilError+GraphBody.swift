/// The one place that turns a `VigilError` into the Graph error body:
/// `{"error":{"code","message","target"?,"innerError":{"date","request-id","client-request-id"?}}}`.
extension VigilError {
    /// The Graph error body for this error.
    ///
    /// - Parameters:
    ///   - requestId: the id Vigil gave the request (also sent as the `request-id` header).
    ///   - clientRequestId: the caller's `client-request-id`, echoed when it sent one.
    ///   - date: when the error happened.
    public func graphBody(requestId: String, clientRequestId: String? = nil,
                          date: DateTimeOffset = .now()) -> JSONValue {
        var inner: [String: JSONValue] = [
            "date": .string(DateTimeOffset(secondsSinceEpoch: date.secondsSinceEpoch, fractionDigits: 0).iso8601),
            "request-id": .string(requestId),
        ]
        if let clientRequestId { inner["client-request-id"] = .string(clientRequestId) }
        var error: [String: JSONValue] = [
            "code": .string(code.graphCode),
            "message": .string(message),
            "innerError": .object(inner),
        ]
        if let target { error["target"] = .string(target) }
        return .object(["error": .object(error)])
    }
}

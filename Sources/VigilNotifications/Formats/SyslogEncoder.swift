import VigilCore

/// Turns exported alerts into RFC 5424 messages carrying CEF or JSON. Pure.
public struct SyslogEncoder: Sendable, Equatable {
    /// What the MSG part carries.
    public enum Payload: String, Sendable, Equatable {
        case cef, json
    }

    public var builder: SyslogMessageBuilder
    public var payload: Payload

    public init(builder: SyslogMessageBuilder, payload: Payload) {
        self.builder = builder
        self.payload = payload
    }

    /// One message: severity from the alert, TIMESTAMP the time of the change, MSGID the change type.
    public func message(_ item: ExportedAlert) -> [UInt8] {
        var body: [UInt8] = []
        body.reserveCapacity(1024)
        switch payload {
        case .cef: CEFFormatter.write(item.alert, to: &body)
        case .json: AlertJSONFormatter.write(item, to: &body)
        }
        var out: [UInt8] = []
        out.reserveCapacity(body.count + 80)
        builder.write(severity: SyslogMessageBuilder.severity(item.alert.severity), time: item.change.changedAt,
                      messageId: item.change.changeType.rawValue, message: body, to: &out)
        return out
    }

    /// The messages of a batch, each octet-count framed, in one buffer (for TCP and TLS).
    public func framed(_ items: [ExportedAlert]) -> [UInt8] {
        var out: [UInt8] = []
        for item in items { OctetCounting.frame(message(item), to: &out) }
        return out
    }
}

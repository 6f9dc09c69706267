import VigilCore

/// Turns exported alerts into RFC 5424 messages carrying CEF or JSON. Pure.
public struct SyslogEncoder: Sendable, Equatable {
    /// What the MSG part carries.
    public enum Payload: String, Sendable, Equatable {
        case cef, json
    }

    /// Writes the RFC 5424 header.
    public var builder: SyslogMessageBuilder
    /// What MSG carries.
    public var payload: Payload

    public init(builder: SyslogMessageBuilder, payload: Payload) {
        self.builder = builder
        self.payload = payload
    }

    /// One message: severity from the alert, TIMESTAMP the time of the change, MSGID the change type.
    public func message(_ item: ExportedAlert) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(1024)
        write(item, to: &out)
        return out
    }

    /// Appends one message (see ``message(_:)``).
    public func write(_ item: ExportedAlert, to out: inout [UInt8]) {
        builder.writeHeader(severity: SyslogMessageBuilder.severity(item.alert.severity), time: item.change.changedAt,
                            messageId: item.change.changeType.rawValue, to: &out)
        let start = out.count
        switch payload {
        case .cef: CEFFormatter.write(item.alert, to: &out)
        case .json: AlertJSONFormatter.write(item, to: &out)
        }
        // Both writers escape line breaks; this keeps one message one line whatever they do.
        for index in start..<out.count where out[index] == 0x0A || out[index] == 0x0D { out[index] = 0x20 }
    }

    /// The messages of a batch, each octet-count framed, in one buffer (for TCP and TLS).
    public func framed(_ items: [ExportedAlert]) -> [UInt8] {
        var out: [UInt8] = []
        writeFramed(items, to: &out)
        return out
    }

    /// Appends the octet-count framed messages of a batch.
    public func writeFramed(_ items: [ExportedAlert], to out: inout [UInt8]) {
        var message: [UInt8] = []
        message.reserveCapacity(4096)
        for index in items.indices {  // by index: `for item in` would copy each alert
            message.removeAll(keepingCapacity: true)
            write(items[index], to: &message)
            OctetCounting.frame(message, to: &out)
        }
    }
}

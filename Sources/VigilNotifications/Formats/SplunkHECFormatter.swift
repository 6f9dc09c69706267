import VigilCore

/// Builds the body of one Splunk HTTP Event Collector request (`POST /services/collector/event`): one JSON
/// event object per alert, concatenated (separated by a line feed, which HEC accepts between objects). Pure.
///
/// Each object: `time` (the alert's event time in epoch seconds with milliseconds), `host`, `source`,
/// `sourcetype`, `index` (only when set) and `event` (the alert as ``AlertJSONFormatter`` writes it).
public struct SplunkHECFormatter: Sendable, Equatable {
    /// The `host` metadata (omitted when `nil`).
    public var host: String?
    /// The `source` metadata.
    public var source: String
    /// The `sourcetype` metadata.
    public var sourcetype: String
    /// The `index` metadata (omitted when `nil`: the token's default index).
    public var index: String?

    public init(host: String?, source: String = "vigil", sourcetype: String = "vigil:alert", index: String? = nil) {
        self.host = host
        self.source = source
        self.sourcetype = sourcetype
        self.index = index
    }

    /// The request body for a batch.
    public func body(_ items: [ExportedAlert]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(items.count * 2048)
        for index in items.indices {  // by index: `for item in` would copy each alert
            if index > 0 { out.append(0x0A) }
            write(items[index], to: &out)
        }
        return out
    }

    /// Appends one event object.
    public func write(_ item: ExportedAlert, to out: inout [UInt8]) {
        out.append(contentsOf: "{\"time\":".utf8)
        out.append(contentsOf: Self.epochSeconds(item.eventTime).utf8)
        if let host {
            out.append(contentsOf: ",\"host\":".utf8)
            JSONWriter.writeString(host, to: &out)
        }
        out.append(contentsOf: ",\"source\":".utf8)
        JSONWriter.writeString(source, to: &out)
        out.append(contentsOf: ",\"sourcetype\":".utf8)
        JSONWriter.writeString(sourcetype, to: &out)
        if let index {
            out.append(contentsOf: ",\"index\":".utf8)
            JSONWriter.writeString(index, to: &out)
        }
        out.append(contentsOf: ",\"event\":".utf8)
        AlertJSONFormatter.write(item, to: &out)
        out.append(UInt8(ascii: "}"))
    }

    /// Epoch seconds with three decimals, e.g. `1700000000.123` (HEC's `time` format).
    static func epochSeconds(_ time: DateTimeOffset) -> String {
        let millis = Int(time.nanoseconds / 1_000_000)
        let fraction = String(millis)
        return "\(time.secondsSinceEpoch)." + String(repeating: "0", count: 3 - fraction.count) + fraction
    }
}

import VigilCore

/// One event's values as the matcher reads them: the text of every scalar, as written and lowercased,
/// in one byte buffer, and for each field number of the rule set the values it holds.
///
/// Reused from event to event (buffers keep their capacity; per-field slots are reset by a stamp), so
/// loading an event allocates nothing once warm.
struct SigmaEventView {
    struct Value {
        /// The field number, or -1 when no rule reads the field (keyword searches still see it).
        var field: Int32
        var start: Int32
        var length: Int32
        var lowerStart: Int32
        var lowerLength: Int32
        var isNull: Bool
        /// Whether the text is all ASCII.
        var ascii: Bool
        /// The next value of the same field, or -1.
        var next: Int32
    }

    private(set) var bytes: [UInt8] = []
    private(set) var values: [Value] = []
    private var first: [Int32] = []
    private var last: [Int32] = []
    private var stamps: [UInt32] = []
    private var stamp: UInt32 = 0
    /// Field names seen before and their numbers (-1: not read by any rule); bounded.
    private var nameCache: [String: Int32] = [:]

    init(fieldCount: Int) {
        first = Array(repeating: -1, count: fieldCount)
        last = Array(repeating: -1, count: fieldCount)
        stamps = Array(repeating: 0, count: fieldCount)
    }

    /// Loads an event's fields.
    mutating func load(_ event: SigmaEvent, table: SigmaFieldTable) {
        stamp &+= 1
        if stamp == 0 {
            for i in stamps.indices { stamps[i] = 0 }
            stamp = 1
        }
        bytes.removeAll(keepingCapacity: true)
        values.removeAll(keepingCapacity: true)
        for (name, value) in event.fields {
            let field = fieldNumber(name, table: table)
            append(value, field: field)
        }
    }

    private mutating func fieldNumber(_ name: String, table: SigmaFieldTable) -> Int32 {
        if let cached = nameCache[name] { return cached }
        let id = table.lookup(name) ?? -1
        if nameCache.count < 50_000 { nameCache[name] = id }
        return id
    }

    private mutating func append(_ value: JSONValue, field: Int32) {
        let start = Int32(bytes.count)
        var isNull = false
        switch value {
        case .null: isNull = true
        case .bool(let b): bytes.append(contentsOf: (b ? "true" : "false").utf8)
        case .int(let i): bytes.append(contentsOf: String(i).utf8)
        case .double(let d): bytes.append(contentsOf: String(d).utf8)
        case .string(let s): bytes.append(contentsOf: s.utf8)
        case .array, .object: bytes.append(contentsOf: JSONWriter.bytes(value))
        }
        let length = Int32(bytes.count) - start
        let end = bytes.count
        var hasUpper = false, ascii = true
        for i in Int(start)..<end {
            let b = bytes[i]
            if b >= 0x80 { ascii = false; break }
            if b >= 0x41, b <= 0x5A { hasUpper = true }
        }
        var lowerStart = start
        var lowerLength = length
        if !ascii {
            lowerStart = Int32(end)
            let text = Array(bytes[Int(start)..<end])
            text.withUnsafeBufferPointer { CaseFolding.appendLowercased($0, to: &bytes) }
            lowerLength = Int32(bytes.count - end)
        } else if hasUpper {
            lowerStart = Int32(end)
            for i in Int(start)..<end {
                let b = bytes[i]
                bytes.append(b >= 0x41 && b <= 0x5A ? b | 0x20 : b)
            }
        }
        let index = Int32(values.count)
        values.append(Value(field: field, start: start, length: length, lowerStart: lowerStart,
                            lowerLength: lowerLength, isNull: isNull, ascii: ascii, next: -1))
        guard field >= 0 else { return }
        let f = Int(field)
        if stamps[f] != stamp {
            stamps[f] = stamp
            first[f] = index
        } else {
            values[Int(last[f])].next = index
        }
        last[f] = index
    }

    /// The first value of a field, or -1 when the event does not have it.
    @inline(__always)
    func firstValue(_ field: Int32) -> Int32 {
        stamps[Int(field)] == stamp ? first[Int(field)] : -1
    }

    /// The text of a value as written.
    func original(_ value: Value) -> String {
        String(decoding: bytes[Int(value.start)..<Int(value.start + value.length)], as: UTF8.self)
    }
}

/// A stable 64-bit FNV-1a hash of a record's canonical text (keys sorted), as 16 hex digits: the alert
/// id of a notice that has neither `uid` nor `fuid`.
enum ZeekRecordHash {
    static func hex(of fields: [String: JSONValue]) -> String {
        var hash = StableHash.offsetBasis
        func feed(_ text: String) {
            hash = StableHash.fnv1a64(text.utf8, continuing: hash)
        }
        func feed(_ value: JSONValue) {
            switch value {
            case .null: feed("n")
            case .bool(let flag): feed(flag ? "t" : "f")
            case .int(let number): feed("i\(number);")
            case .double(let number): feed("d\(number);")
            case .string(let text): feed("s\(text.utf8.count):\(text)")
            case .array(let values):
                feed("[")
                values.forEach { feed($0) }
                feed("]")
            case .object(let object):
                feed("{")
                for key in object.keys.sorted() {
                    feed("s\(key.utf8.count):\(key)")
                    if let member = object[key] { feed(member) }
                }
                feed("}")
            }
        }
        feed(.object(fields))
        return StableHash.hex16(hash)
    }
}

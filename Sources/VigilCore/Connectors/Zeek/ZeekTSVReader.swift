/// The state of reading one Zeek ASCII log: the current header block and what each line is.
///
/// `#separator` (written escaped, `\x09`) starts a new block with default settings; the other header
/// lines are split on the separator. Values: `#unset_field` (default `-`) leaves the field out,
/// `#empty_field` (default `(empty)`) is an empty string, or an empty array for `set[…]`/`vector[…]`;
/// `count`/`int`/`port` become integers, `double`/`interval`/`time` numbers (a time stays epoch seconds,
/// as in Zeek JSON), `bool` `T`/`F` booleans, sets and vectors arrays split on `#set_separator`
/// (default `,`), everything else strings. `\xHH` escapes are decoded in values.
struct ZeekTSVReader {
    /// What one line was.
    enum Line {
        case header
        case record([String: JSONValue], path: String)
        case failure(String)
    }

    private var separator: [UInt8] = [9]
    private var setSeparator: [UInt8] = [UInt8(ascii: ",")]
    private var emptyField: [UInt8] = Array("(empty)".utf8)
    private var unsetField: [UInt8] = [UInt8(ascii: "-")]
    private var path: String?
    private var fields: [String]?
    private var types: [String]?
    /// Why the current block's header cannot be used, when it cannot.
    private var headerProblem: String?

    mutating func consume(_ line: [UInt8]) -> Line {
        if line.first == UInt8(ascii: "#") { return header(line) }
        if let headerProblem { return .failure(headerProblem) }
        guard let fields else {
            return .failure("a data line comes before any '#fields' header")
        }
        guard let path, !path.isEmpty else {
            return .failure("a data line comes before any '#path' header")
        }
        let columns = Self.split(line, on: separator)
        guard columns.count == fields.count else {
            return .failure("the line has \(columns.count) columns but '#fields' names \(fields.count)")
        }
        var record: [String: JSONValue] = [:]
        for (index, column) in columns.enumerated() {
            let name = fields[index]
            let type = types?[index] ?? "string"
            if column.elementsEqual(unsetField) { continue }
            switch convert(column, type: type) {
            case .success(let value): record[name] = value
            case .failure(let failure): return .failure("column '\(name)': \(failure.message)")
            }
        }
        return .record(record, path: path)
    }

    private mutating func header(_ line: [UInt8]) -> Line {
        let separatorDirective = Array("#separator ".utf8)
        let tabbedDirective = Array("#separator\t".utf8)
        if line.starts(with: separatorDirective) || line.starts(with: tabbedDirective) {
            self = ZeekTSVReader()
            let decoded = Self.unescape(line[separatorDirective.count...])
            if !decoded.isEmpty { separator = decoded }
            return .header
        }
        let parts = Self.split(line, on: separator)
        guard let directive = parts.first else { return .header }
        let values = parts.dropFirst().map { String(decoding: Self.unescape($0), as: UTF8.self) }
        switch String(decoding: directive, as: UTF8.self) {
        case "#set_separator":
            if let value = parts.dropFirst().first { setSeparator = Self.unescape(value) }
        case "#empty_field":
            if let value = parts.dropFirst().first { emptyField = Self.unescape(value) }
        case "#unset_field":
            if let value = parts.dropFirst().first { unsetField = Self.unescape(value) }
        case "#path":
            path = values.first
        case "#fields":
            fields = values
            types = nil
            headerProblem = nil
        case "#types":
            guard let fields, values.count == fields.count else {
                let problem = "'#types' names \(values.count) types but '#fields' names \(fields?.count ?? 0) fields"
                headerProblem = problem
                return .failure(problem)
            }
            types = values
        default:
            break // #open, #close and any other comment
        }
        return .header
    }

    private func convert(_ column: ArraySlice<UInt8>, type: String) -> Result<JSONValue, Failure> {
        if let elementType = Self.containerElementType(type) {
            if column.elementsEqual(emptyField) { return .success(.array([])) }
            var elements: [JSONValue] = []
            for element in Self.split(column, on: setSeparator) {
                switch scalar(element, type: elementType) {
                case .success(let value): elements.append(value)
                case .failure(let failure): return .failure(failure)
                }
            }
            return .success(.array(elements))
        }
        if column.elementsEqual(emptyField) { return .success(.string("")) }
        return scalar(column, type: type)
    }

    /// Why a value does not have its declared type.
    struct Failure: Error {
        let message: String
    }

    private func scalar(_ raw: ArraySlice<UInt8>, type: String) -> Result<JSONValue, Failure> {
        let text = String(decoding: Self.unescape(raw), as: UTF8.self)
        switch type {
        case "count", "int", "port":
            guard let number = Int64(text) else { return .failure(Failure(message: "'\(text)' is not a \(type)")) }
            return .success(.int(number))
        case "double", "interval", "time":
            guard let number = Double(text), number.isFinite else {
                return .failure(Failure(message: "'\(text)' is not a \(type)"))
            }
            return .success(.double(number))
        case "bool":
            switch text {
            case "T": return .success(.bool(true))
            case "F": return .success(.bool(false))
            default: return .failure(Failure(message: "'\(text)' is not a bool (T or F)"))
            }
        default:
            return .success(.string(text))
        }
    }

    /// `string` for `set[string]` or `vector[string]`; `nil` for a scalar type.
    private static func containerElementType(_ type: String) -> String? {
        for prefix in ["set[", "vector["] where type.hasPrefix(prefix) && type.hasSuffix("]") {
            return String(type.dropFirst(prefix.count).dropLast())
        }
        return nil
    }

    static func split(_ bytes: some Collection<UInt8>, on separator: [UInt8]) -> [ArraySlice<UInt8>] {
        let bytes = Array(bytes)
        guard !separator.isEmpty else { return [bytes[...]] }
        var parts: [ArraySlice<UInt8>] = []
        var start = 0
        var index = 0
        while index + separator.count <= bytes.count {
            if bytes[index..<(index + separator.count)].elementsEqual(separator) {
                parts.append(bytes[start..<index])
                index += separator.count
                start = index
            } else {
                index += 1
            }
        }
        parts.append(bytes[start...])
        return parts
    }

    /// Decodes `\xHH` escapes; any other backslash is kept as it is.
    static func unescape(_ bytes: some Collection<UInt8>) -> [UInt8] {
        let bytes = Array(bytes)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var index = 0
        while index < bytes.count {
            if bytes[index] == UInt8(ascii: "\\"), index + 3 < bytes.count, bytes[index + 1] == UInt8(ascii: "x"),
               let high = hexDigit(bytes[index + 2]), let low = hexDigit(bytes[index + 3])
            {
                out.append(high << 4 | low)
                index += 4
            } else {
                out.append(bytes[index])
                index += 1
            }
        }
        return out
    }

    private static func hexDigit(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}

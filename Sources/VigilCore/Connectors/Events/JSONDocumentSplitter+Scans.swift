/// The byte scanners of `JSONDocumentSplitter`: each keeps its state between chunks, so a document cut
/// anywhere is read on when the next bytes come.
extension JSONDocumentSplitter {
    static let newline = UInt8(ascii: "\n")
    static let quote = UInt8(ascii: "\"")
    static let backslash = UInt8(ascii: "\\")

    static func isWhitespace(_ c: UInt8) -> Bool {
        c == 0x20 || c == 0x0A || c == 0x09 || c == 0x0D
    }

    static func isOpening(_ c: UInt8) -> Bool { c == UInt8(ascii: "{") || c == UInt8(ascii: "[") }
    static func isClosing(_ c: UInt8) -> Bool { c == UInt8(ascii: "}") || c == UInt8(ascii: "]") }

    /// Finds the end of an object or array: brackets are counted outside strings.
    struct BracketScan: Sendable {
        var depth = 0
        var inString = false
        var escaped = false

        /// Reads `bytes` from `i` up to `end`, counting lines.
        /// - Returns: whether the closing bracket was read (`i` is then just past it).
        mutating func scan(_ bytes: [UInt8], _ i: inout Int, end: Int, line: inout Int) -> Bool {
            while i < end {
                let c = bytes[i]
                i += 1
                if c == newline { line += 1 }
                if inString {
                    if escaped {
                        escaped = false
                    } else if c == backslash {
                        escaped = true
                    } else if c == quote {
                        inString = false
                    }
                } else if c == quote {
                    inString = true
                } else if isOpening(c) {
                    depth += 1
                } else if isClosing(c) {
                    depth -= 1
                    if depth == 0 { return true }
                }
            }
            return false
        }
    }

    /// Reads the object that opens the input while finding out whether it is a collection: its members are
    /// `@` annotations and one `value` holding an array, whose position is kept so that it can be read
    /// again element by element.
    struct CollectionProbe: Sendable {
        var scan = BracketScan()
        /// The next string at depth 1 is a member name.
        var expectName = false
        /// Where the member name being read starts, from the object's start.
        var nameStart: Int?
        /// The last name was `value` and its value is still to come.
        var nameIsValue = false
        var awaitingValue = false
        var sawValue = false
        /// Whether every member so far fits a collection.
        var candidate = true
        /// Just past the `[` of the `value` array, from the object's start, and that bracket's line.
        var valueOffset: Int?
        var valueLine = 0

        /// Whether the object is a collection (or, while it is read, could still be one and has its array).
        var isCollection: Bool { candidate && valueOffset != nil }

        enum Outcome {
            /// The object ended.
            case closed
            /// It is not a collection; the bracket scan goes on from here.
            case ordinary
            /// Every byte up to the end was read.
            case more
        }

        /// Reads `bytes` from `i` up to `end`; `base` is where the object starts.
        mutating func scan(_ bytes: [UInt8], base: Int, _ i: inout Int, end: Int, line: inout Int) -> Outcome {
            while i < end {
                let c = bytes[i]
                if scan.inString {
                    i += 1
                    if c == newline { line += 1 }
                    if scan.escaped {
                        scan.escaped = false
                    } else if c == backslash {
                        scan.escaped = true
                    } else if c == quote {
                        scan.inString = false
                        if let start = nameStart {
                            nameStart = nil
                            member(bytes[(base + start + 1)..<(i - 1)])
                            if !candidate { return .ordinary }
                        }
                    }
                    continue
                }
                if awaitingValue, !isWhitespace(c) {
                    awaitingValue = false
                    guard c == UInt8(ascii: "[") else {
                        candidate = false
                        return .ordinary
                    }
                    valueOffset = i + 1 - base
                    valueLine = line
                }
                i += 1
                if c == newline { line += 1 }
                if c == quote {
                    scan.inString = true
                    if scan.depth == 1, expectName {
                        nameStart = i - 1 - base
                        expectName = false
                    }
                } else if isOpening(c) {
                    scan.depth += 1
                    if scan.depth == 1 { expectName = true }
                } else if isClosing(c) {
                    scan.depth -= 1
                    if scan.depth == 0 { return .closed }
                } else if scan.depth == 1, c == UInt8(ascii: ",") {
                    expectName = true
                } else if scan.depth == 1, c == UInt8(ascii: ":"), nameIsValue {
                    nameIsValue = false
                    awaitingValue = true
                }
            }
            return .more
        }

        private mutating func member(_ name: ArraySlice<UInt8>) {
            if name.first == UInt8(ascii: "@") { return }
            if !sawValue, name.elementsEqual("value".utf8) {
                sawValue = true
                nameIsValue = true
            } else {
                candidate = false
            }
        }
    }

    /// Reads the rest of a collection object after its `value` array, without keeping it: it holds `@`
    /// annotations only, unless the object was too large to be checked before it was streamed.
    struct TailScan: Sendable {
        /// The line the collection opened on.
        var openedOn: Int
        var scan = BracketScan(depth: 1)
        var expectName = false
        /// The next byte is the first of a member name.
        var nameBegins = false

        enum Outcome {
            case closed
            /// A member other than an annotation starts on this line.
            case otherMember(line: Int)
            case more
        }

        mutating func scan(_ bytes: [UInt8], _ i: inout Int, end: Int, line: inout Int) -> Outcome {
            while i < end {
                let c = bytes[i]
                if nameBegins {
                    nameBegins = false
                    if c != UInt8(ascii: "@") { return .otherMember(line: line) }
                }
                if scan.inString || c == quote || isOpening(c) || isClosing(c) {
                    let opensName = !scan.inString && c == quote && scan.depth == 1 && expectName
                    if scan.scan(bytes, &i, end: i + 1, line: &line) { return .closed }
                    if opensName {
                        expectName = false
                        nameBegins = true
                    }
                    continue
                }
                i += 1
                if c == newline { line += 1 }
                if scan.depth == 1, c == UInt8(ascii: ",") { expectName = true }
            }
            return .more
        }
    }
}

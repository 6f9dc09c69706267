/// Splits JSON objects out of bytes that arrive in chunks of any size, one document at a time, in any of
/// the shapes tools write them: a JSON array, a Graph-style collection `{"value":[…]}` (with `@`
/// annotations beside `value`), one object, NDJSON (one object a line), or objects one after another,
/// pretty-printed over several lines (as evtx-to-JSON converters write them).
///
/// An array or collection that opens the input is read element by element, so its size does not matter;
/// later arrays are documents like any other (and not objects). Every document is reported with the 1-based
/// line it starts on. A part that is not a JSON object is reported as an error with its line, and reading
/// goes on: a document never closed (at the end of the input, or within `limit` bytes) is reported on its
/// first line and reading resumes on the next line, so a truncated line of NDJSON costs only that line. At
/// most `limit` bytes of one document are held, plus the chunk being read.
///
/// Feed it with `append(_:)`, take documents with `next()` until it answers `nil`, and call `finish()` at
/// the end of the input (then `next()` gives the rest). The result does not depend on how the input is cut
/// into chunks.
public struct JSONDocumentSplitter: Sendable {
    /// One object with the line it starts on, or why a part of the input is not one.
    public typealias Document = Result<(line: Int, object: [String: JSONValue]), ConnectorError>

    /// The default `limit`: 64 MiB.
    public static let defaultLimit = 64 * 1024 * 1024

    /// Most bytes one document may take; a larger one is reported and skipped.
    public let limit: Int

    /// Bytes not yet consumed (and, while a document is read, the document so far).
    var buffer: [UInt8] = []
    /// Whether the input is complete.
    var ended = false
    /// Whether nothing but whitespace (or a byte-order mark) has been seen.
    var atStart = true
    /// Whether the first document is still to come (only it may be a streamed array or collection).
    var first = true
    /// The next byte to look at, and its line.
    var pos = 0
    var line = 1
    var context = Context.top
    var piece = Piece.none
    /// Where the piece being read starts, and its line.
    var pieceStart = 0
    var pieceLine = 1

    /// Where the reader is in the structure of the input.
    enum Context: Sendable {
        /// Between documents.
        case top
        /// Inside the opening array (opened on `line`), between elements.
        case array(line: Int)
        /// Inside the `value` array of the opening collection object (opened on `line`), between elements.
        case collection(line: Int)
        /// After the `value` array, up to the end of the collection object.
        case tail(TailScan)
    }

    /// The part being read.
    enum Piece: Sendable {
        case none
        /// An object or array, up to its closing bracket.
        case bracketed(BracketScan)
        /// The first document when it is an object: perhaps a collection.
        case probe(CollectionProbe)
        /// Something else at the top: the rest of its line.
        case line
        /// A string element of the array.
        case string(escaped: Bool)
        /// A number or literal element of the array.
        case bare
        /// The rest of a line too long to keep, skipped.
        case skippingLine
    }

    /// A splitter with nothing read yet.
    /// - Parameter limit: most bytes one document may take.
    public init(limit: Int = JSONDocumentSplitter.defaultLimit) {
        self.limit = max(1, limit)
    }

    /// A splitter over a whole body (it is not copied).
    /// - Parameters:
    ///   - body: the complete input.
    ///   - limit: most bytes one document may take.
    public init(body: [UInt8], limit: Int = JSONDocumentSplitter.defaultLimit) {
        self.limit = max(1, limit)
        buffer = body
        ended = true
    }

    /// Adds the next bytes of the input.
    /// - Parameter bytes: any number of bytes, cut anywhere.
    public mutating func append(_ bytes: [UInt8]) {
        append(bytes[...])
    }

    /// Adds the next bytes of the input (concrete types, so that a caller in another module runs specialized code).
    /// - Parameter bytes: any number of bytes, cut anywhere.
    public mutating func append(_ bytes: ArraySlice<UInt8>) {
        precondition(!ended, "append(_:) after finish()")
        compact()
        buffer.append(contentsOf: bytes)
    }

    /// Says that the input is complete: `next()` then reads what is left, documents not closed included.
    public mutating func finish() {
        ended = true
    }

    /// The next document.
    /// - Returns: an object with its line, or an error naming the line of a part that is not one; `nil` when
    ///   more input is needed (before `finish()`) or when the input is exhausted (after it).
    public mutating func next() -> Document? {
        while true {
            switch advance() {
            case .document(let document): return document
            case .again: continue
            case .starved:
                guard ended else { return nil }
                switch endOfInput() {
                case .document(let document): return document
                case .again: continue
                case .starved: return nil
                }
            }
        }
    }

    /// What one step of reading came to.
    enum Step {
        case document(Document)
        /// The state changed; read on.
        case again
        /// Every byte in hand is read.
        case starved
    }

    /// Drops the bytes no longer needed, when they are at least half of the buffer.
    private mutating func compact() {
        let keep: Int
        switch piece {
        case .none, .skippingLine: keep = pos
        default: keep = pieceStart
        }
        guard keep > 0 else { return }
        if keep == buffer.count {
            buffer.removeAll(keepingCapacity: true)
        } else if keep >= buffer.count / 2 {
            buffer.removeSubrange(0..<keep)
        } else {
            return
        }
        pos -= keep
        pieceStart = max(0, pieceStart - keep)
    }
}

/// Groups the lines of a file, fed as chunks of bytes cut anywhere, into batches of whole lines, each sent
/// as one request body (`vigil ingest`). With `repeatHeaders`, the `#` header lines in force are put at the
/// start of every batch (Zeek TSV). A line longer than `maximumLineBytes` is not kept: it is reported and an
/// empty line takes its place, so the lines after it keep their numbers.
///
/// Feed it with `append(_:)`, take batches with `next()`, and call `finish()` at the end of the input
/// (then `next()` gives the last batch). Only one batch, plus the lines of one chunk, is held at a time.
public struct LineBatcher: Sendable {
    /// Whole lines, each ended by `\n`, and the number of the first one that is not a header.
    public struct Batch: Sendable, Equatable {
        public var bytes: [UInt8]
        public var firstLine: Int
    }

    public let linesPerBatch: Int
    public let repeatHeaders: Bool
    public let maximumLineBytes: Int

    /// The end of the input not yet ended by a newline.
    private var partial: [UInt8] = []
    private var partialTooLong = false
    private var lineNumber = 0
    private var headers: [[UInt8]] = []
    private var sawDataAfterHeaders = true
    private var current: [UInt8] = []
    private var count = 0
    private var first = 1
    private var ready: [Result<Batch, ConnectorError>] = []
    private var ended = false

    /// A batcher with nothing read yet.
    /// - Parameters:
    ///   - linesPerBatch: lines in a batch, headers not counted.
    ///   - repeatHeaders: whether `#` lines are headers to repeat in every batch.
    ///   - maximumLineBytes: the longest line kept.
    public init(linesPerBatch: Int, repeatHeaders: Bool, maximumLineBytes: Int = JSONDocumentSplitter.defaultLimit) {
        self.linesPerBatch = max(1, linesPerBatch)
        self.repeatHeaders = repeatHeaders
        self.maximumLineBytes = max(1, maximumLineBytes)
    }

    /// Adds the next bytes of the input.
    public mutating func append(_ bytes: [UInt8]) {
        append(bytes[...])
    }

    /// Adds the next bytes of the input (concrete types, so that a caller in another module runs specialized code).
    public mutating func append(_ bytes: ArraySlice<UInt8>) {
        precondition(!ended, "append(_:) after finish()")
        var rest = bytes
        while let newline = rest.firstIndex(of: 0x0A) {
            let piece = rest[..<newline]
            if partial.isEmpty, !partialTooLong {
                take(piece)
            } else {
                extend(piece)
                take(partial[...])
                partial.removeAll(keepingCapacity: false)
            }
            partialTooLong = false
            rest = rest[rest.index(after: newline)...]
        }
        extend(rest)
    }

    /// Says that the input is complete: a last line without a newline is taken, and the last batch is ready.
    public mutating func finish() {
        guard !ended else { return }
        ended = true
        if !partial.isEmpty || partialTooLong {
            take(partial[...])
            partial = []
        }
        if count > 0 { flush() }
    }

    /// The next batch ready, or a line that was too long.
    /// - Returns: `nil` when no batch is ready (before `finish()`, more input may complete one).
    public mutating func next() -> Result<Batch, ConnectorError>? {
        ready.isEmpty ? nil : ready.removeFirst()
    }

    /// Adds bytes to the line not yet ended, unless it is already too long.
    private mutating func extend(_ bytes: ArraySlice<UInt8>) {
        guard !partialTooLong else { return }
        if partial.count + bytes.count > maximumLineBytes {
            partialTooLong = true
            partial = []
        } else {
            partial.append(contentsOf: bytes)
        }
    }

    /// Takes one complete line (without its newline).
    private mutating func take(_ line: ArraySlice<UInt8>) {
        lineNumber += 1
        if partialTooLong || line.count > maximumLineBytes {
            ready.append(.failure(ConnectorError(line: lineNumber, "the line is longer than \(maximumLineBytes) bytes; it is not sent")))
            add([])
        } else {
            add(line)
        }
    }

    private mutating func add(_ line: ArraySlice<UInt8>) {
        if repeatHeaders, line.first == UInt8(ascii: "#") {
            if sawDataAfterHeaders { headers = [] }
            sawDataAfterHeaders = false
            headers.append(Array(line))
            current += line
            current.append(0x0A)
            return
        }
        sawDataAfterHeaders = true
        if count == 0 {
            first = lineNumber
            if repeatHeaders, current.isEmpty {
                for header in headers {
                    current += header
                    current.append(0x0A)
                }
            }
        }
        current += line
        current.append(0x0A)
        count += 1
        if count == linesPerBatch { flush() }
    }

    private mutating func flush() {
        ready.append(.success(Batch(bytes: current, firstLine: first)))
        current = []
        count = 0
    }
}

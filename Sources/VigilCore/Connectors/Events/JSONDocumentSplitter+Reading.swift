/// The steps of `JSONDocumentSplitter`: between documents, inside one, and at the end of the input.
extension JSONDocumentSplitter {
    /// Reads on from `pos` until a document is complete, the state changes, or the bytes run out.
    mutating func advance() -> Step {
        if case .tail(var tail) = context {
            let outcome = tail.scan(buffer, &pos, end: buffer.count, line: &line)
            switch outcome {
            case .closed:
                context = .top
                return .again
            case .otherMember(let at):
                context = .tail(tail)
                return .document(.failure(ConnectorError(
                    line: at, "a member other than value and @ annotations in a collection object is ignored")))
            case .more:
                context = .tail(tail)
                return .starved
            }
        }
        let end = buffer.count - pieceStart > limit ? pieceStart + limit : buffer.count
        switch piece {
        case .none:
            return between()
        case .bracketed(var scan):
            let closed = scan.scan(buffer, &pos, end: end, line: &line)
            piece = .bracketed(scan)
            if closed { return document(pieceStart..<pos) }
            return pos - pieceStart >= limit ? overLimit() : .starved
        case .probe(var probe):
            let outcome = probe.scan(buffer, base: pieceStart, &pos, end: end, line: &line)
            piece = .probe(probe)
            switch outcome {
            case .closed:
                return probe.isCollection ? enterCollection(probe) : document(pieceStart..<pos)
            case .ordinary:
                piece = .bracketed(probe.scan)
                return .again
            case .more:
                guard pos - pieceStart >= limit else { return .starved }
                return probe.isCollection ? enterCollection(probe) : overLimit()
            }
        case .line:
            // The line's bytes may take `limit` bytes; its newline may be the next one.
            let lineEnd = min(buffer.count, end + 1)
            while pos < lineEnd, buffer[pos] != Self.newline { pos += 1 }
            if pos < lineEnd { return document(pieceStart..<pos) }
            return pos - pieceStart > limit ? overLimit() : .starved
        case .string(var escaped):
            while pos < end {
                let c = buffer[pos]
                pos += 1
                if c == Self.newline { line += 1 }
                if escaped {
                    escaped = false
                } else if c == Self.backslash {
                    escaped = true
                } else if c == Self.quote {
                    return document(pieceStart..<pos)
                }
            }
            piece = .string(escaped: escaped)
            return pos - pieceStart >= limit ? overLimit() : .starved
        case .bare:
            while pos < end {
                let c = buffer[pos]
                if c == UInt8(ascii: ",") || c == UInt8(ascii: "]") || Self.isWhitespace(c) { return document(pieceStart..<pos) }
                pos += 1
            }
            return pos - pieceStart >= limit ? overLimit() : .starved
        case .skippingLine:
            while pos < buffer.count, buffer[pos] != Self.newline { pos += 1 }
            guard pos < buffer.count else { return .starved }
            piece = .none
            return .again
        }
    }

    /// Between documents (or elements): skips whitespace (and commas between elements) and starts the next.
    private mutating func between() -> Step {
        if atStart {
            // A UTF-8 byte-order mark (as Windows tools write) is not part of the first document.
            let bom: [UInt8] = [0xEF, 0xBB, 0xBF]
            let available = buffer[pos...].prefix(3)
            if !ended, available.count < 3, bom.starts(with: available) { return .starved }
            if available.elementsEqual(bom) { pos += 3 }
            atStart = false
        }
        let inArray: Bool
        switch context {
        case .array, .collection: inArray = true
        case .top, .tail: inArray = false
        }
        while pos < buffer.count {
            let c = buffer[pos]
            if c == Self.newline {
                line += 1
            } else if !(Self.isWhitespace(c) || (inArray && c == UInt8(ascii: ","))) {
                break
            }
            pos += 1
        }
        guard pos < buffer.count else { return .starved }
        pieceStart = pos
        pieceLine = line
        let c = buffer[pos]
        switch context {
        case .top, .tail:
            defer { first = false }
            if c == UInt8(ascii: "[") && first {
                pos += 1
                context = .array(line: line)
            } else if c == UInt8(ascii: "{") && first {
                piece = .probe(CollectionProbe())
            } else if Self.isOpening(c) {
                piece = .bracketed(BracketScan())
            } else {
                piece = .line
            }
        case .array(let opened), .collection(let opened):
            if c == UInt8(ascii: "]") {
                pos += 1
                if case .collection = context {
                    context = .tail(TailScan(openedOn: opened))
                } else {
                    context = .top
                }
            } else if Self.isOpening(c) {
                piece = .bracketed(BracketScan())
            } else if c == Self.quote {
                pos += 1
                piece = .string(escaped: false)
            } else {
                pos += 1
                piece = .bare
            }
        }
        return .again
    }

    /// The input is exhausted: the piece being read ends here, and what is still open is reported.
    mutating func endOfInput() -> Step {
        switch piece {
        case .none:
            switch context {
            case .top:
                return .starved
            case .array(let opened):
                context = .top
                return .document(.failure(ConnectorError(line: opened, "the JSON array is not closed at the end of the input")))
            case .collection(let opened):
                context = .top
                return .document(.failure(ConnectorError(line: opened, "the value array is not closed at the end of the input")))
            case .tail(let tail):
                context = .top
                return .document(.failure(ConnectorError(line: tail.openedOn, "the collection object is not closed at the end of the input")))
            }
        case .line, .bare:
            return document(pieceStart..<buffer.count)
        case .skippingLine:
            pos = buffer.count
            piece = .none
            return .again
        case .probe(let probe):
            return probe.isCollection ? enterCollection(probe) : unclosed()
        case .bracketed, .string:
            return unclosed()
        }
    }

    /// The opening object is a collection: its `value` array is read again, element by element.
    private mutating func enterCollection(_ probe: CollectionProbe) -> Step {
        pos = pieceStart + (probe.valueOffset ?? 0)
        line = probe.valueLine
        context = .collection(line: pieceLine)
        piece = .none
        return .again
    }

    /// The piece in `range` is complete: parsed, it is the next document.
    private mutating func document(_ range: Range<Int>) -> Step {
        piece = .none
        return .document(JSONDocuments.object(buffer[range], line: pieceLine))
    }

    /// A document not closed at the end of the input: its first line is read as the document (and reported
    /// as malformed), and reading resumes on the next line.
    private mutating func unclosed() -> Step {
        let lineEnd = buffer[pieceStart...].firstIndex(of: Self.newline) ?? buffer.count
        pos = lineEnd
        line = pieceLine
        return document(pieceStart..<lineEnd)
    }

    /// A document not closed within `limit` bytes: reported on its first line; reading resumes on the next
    /// line (after skipping the rest of the first one when it is itself too long to hold).
    private mutating func overLimit() -> Step {
        if let lineEnd = buffer[pieceStart..<pos].firstIndex(of: Self.newline) {
            pos = lineEnd
            piece = .none
        } else {
            piece = .skippingLine
        }
        line = pieceLine
        let size = limit % (1024 * 1024) == 0 ? "\(limit / (1024 * 1024)) MiB" : "\(limit) bytes"
        return .document(.failure(ConnectorError(
            line: pieceLine, "a document larger than \(size) (or never closed) starts here; reading resumes on the next line")))
    }
}

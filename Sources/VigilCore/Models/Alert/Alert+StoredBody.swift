extension Alert {
    /// The JSON to store for an alert pushed as one NDJSON line, taken from the line itself instead of
    /// writing the decoded model again (the costly part of ingestion), or `nil` when the line cannot be
    /// stored as it is and the model must be written.
    ///
    /// The line is kept when what it says is exactly what the model would write, up to formatting: it
    /// carries no Vigil annotation (`@vigil.…`, derived from columns), names no property twice (the model
    /// keeps the last value), and has no date with a numeric offset (the model writes UTC `Z`; the check
    /// is conservative: any `+`, or `-hh:mm"`/`-hhmm"`, sends the line to the model). Properties Vigil
    /// fills (`fillIngestionDefaults`) are written in front of the line's own.
    ///
    /// - Parameters:
    ///   - line: the line's bytes (surrounding whitespace allowed).
    ///   - repeatedNames: whether the parser saw a property name twice.
    ///   - filled: the properties ingestion filled in, with their values.
    public static func storedBody(line: ArraySlice<UInt8>, repeatedNames: Bool, filled: [(String, JSONValue)]) -> [UInt8]? {
        guard !repeatedNames else { return nil }
        var start = line.startIndex, end = line.endIndex
        while start < end, isSpace(line[start]) { start += 1 }
        while end > start, isSpace(line[end - 1]) { end -= 1 }
        guard end - start >= 2, line[start] == UInt8(ascii: "{"), line[end - 1] == UInt8(ascii: "}") else { return nil }
        let body = line[start..<end]
        guard !mayNeedTheModel(body) else { return nil }
        guard !filled.isEmpty else { return Array(body) }
        var out: [UInt8] = [UInt8(ascii: "{")]
        out.reserveCapacity(body.count + 160)
        for (name, value) in filled {
            JSONWriter.write(.string(name), to: &out)
            out.append(UInt8(ascii: ":"))
            JSONWriter.write(value, to: &out)
            out.append(UInt8(ascii: ","))
        }
        let rest = body.dropFirst()
        if rest.first(where: { !isSpace($0) }) == UInt8(ascii: "}") { out.removeLast() }
        out.append(contentsOf: rest)
        return out
    }

    static func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 || b == 0x0D || b == 0x0A }

    /// A conservative scan for what only the model writes faithfully: `@vigil.` and dates with offsets.
    static func mayNeedTheModel(_ body: ArraySlice<UInt8>) -> Bool {
        let at = UInt8(ascii: "@"), plus = UInt8(ascii: "+"), minus = UInt8(ascii: "-"), quote = UInt8(ascii: "\"")
        let vigil = Array("vigil.".utf8)
        var i = body.startIndex
        let end = body.endIndex
        func digit(_ k: Int) -> Bool { k < end && body[k] >= 0x30 && body[k] <= 0x39 }
        while i < end {
            let b = body[i]
            if b == plus { return true }
            if b == at, end - i > vigil.count, body[(i + 1)...(i + vigil.count)].elementsEqual(vigil) { return true }
            if b == minus, digit(i + 1), digit(i + 2) {
                // -hh:mm" or -hhmm" closing a string: a numeric offset.
                if i + 6 < end, body[i + 3] == UInt8(ascii: ":"), digit(i + 4), digit(i + 5), body[i + 6] == quote { return true }
                if i + 5 < end, digit(i + 3), digit(i + 4), body[i + 5] == quote { return true }
            }
            i += 1
        }
        return false
    }
}

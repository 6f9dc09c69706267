import VigilCore

/// The JSON objects of a file, read one at a time through `JSONDocumentSplitter`: memory stays flat
/// whatever the file's size (one chunk, plus at most the splitter's limit for one document).
public enum JSONDocumentFile {
    /// Reads the documents of a file in order.
    /// - Parameters:
    ///   - path: the file.
    ///   - limit: most bytes one document may take (larger ones are reported and skipped).
    ///   - each: called with every object and its line, or with why a part of the file is not one.
    /// - Throws: `VigilError` when the file cannot be opened or read; the documents before a read error have
    ///   been given to `each`.
    public static func read(_ path: String, limit: Int = JSONDocumentSplitter.defaultLimit,
                            each: (JSONDocumentSplitter.Document) -> Void) throws(VigilError) {
        let chunks = try FileChunks(path: path)
        var splitter = JSONDocumentSplitter(limit: limit)
        while let chunk = try chunks.next() {
            splitter.append(chunk)
            while let document = splitter.next() { each(document) }
        }
        splitter.finish()
        while let document = splitter.next() { each(document) }
    }
}

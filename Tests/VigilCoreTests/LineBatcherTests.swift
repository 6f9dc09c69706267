import Testing
@testable import VigilCore

/// `vigil ingest`'s batches of lines: the same whatever the chunks, Zeek headers repeated, file line numbers.
@Suite("Line batcher")
struct LineBatcherTests {
    /// Each batch as `firstLine|text`, or `!line: message` for a line too long.
    static func batches(_ text: String, lines: Int, headers: Bool = false, chunk: Int = .max, maximumLineBytes: Int = 1000) -> [String] {
        let bytes = Array(text.utf8)
        var batcher = LineBatcher(linesPerBatch: lines, repeatHeaders: headers, maximumLineBytes: maximumLineBytes)
        var out: [String] = []
        func drain() {
            while let batch = batcher.next() {
                switch batch {
                case .success(let b): out.append("\(b.firstLine)|" + String(decoding: b.bytes, as: UTF8.self))
                case .failure(let e): out.append("!\(e.line ?? 0): \(e.message)")
                }
            }
        }
        var start = 0
        while start < bytes.count {
            batcher.append(bytes[start..<min(bytes.count, start + chunk)])
            start += chunk
            drain()
        }
        batcher.finish()
        drain()
        return out
    }

    @Test func batchesOfWholeLinesWithTheirFirstLine() {
        #expect(Self.batches("a\nb\r\nc\n\nd", lines: 2) == ["1|a\nb\r\n", "3|c\n\n", "5|d\n"])
        #expect(Self.batches("a\nb\n", lines: 2) == ["1|a\nb\n"])
        #expect(Self.batches("", lines: 2) == [])
    }

    @Test func zeekHeadersAreRepeatedInEveryBatch() {
        let tsv = "#fields\ta\n#types\tstring\n1\n2\n3\n#fields\tb\n4\n"
        #expect(Self.batches(tsv, lines: 2, headers: true) == [
            "3|#fields\ta\n#types\tstring\n1\n2\n",
            "5|#fields\ta\n#types\tstring\n3\n#fields\tb\n4\n",
        ])
    }

    @Test("A line too long is reported and sent empty, so later lines keep their numbers")
    func lineTooLong() {
        let text = "a\n" + String(repeating: "x", count: 30) + "\nb\n"
        let expected = ["!2: the line is longer than 10 bytes; it is not sent", "1|a\n\nb\n"]
        #expect(Self.batches(text, lines: 5, maximumLineBytes: 10) == expected)
        #expect(Self.batches(text, lines: 5, chunk: 3, maximumLineBytes: 10) == expected)
    }

    @Test("Chunks of every size give the same batches")
    func chunksOfEverySize() {
        let tsv = "#fields\ta\n#types\tstring\n1\r\n22\n333\n#fields\tb\n4444\n" + String(repeating: "y", count: 25) + "\n55555"
        let whole = Self.batches(tsv, lines: 2, headers: true, maximumLineBytes: 20)
        #expect(whole.count == 4)
        for size in 1...(tsv.utf8.count + 1) {
            #expect(Self.batches(tsv, lines: 2, headers: true, chunk: size, maximumLineBytes: 20) == whole, "chunks of \(size)")
        }
    }
}

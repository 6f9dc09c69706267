import Testing
@testable import VigilDetection

/// Values are lowercased byte by byte where ASCII and scalar by scalar elsewhere; the result must be what
/// `String.lowercased()` gives, which the needles are lowercased with.
@Suite("Case folding")
struct CaseFoldingTests {
    static let texts = [
        "", "C:\\Windows\\System32\\CMD.EXE", "Microsoft® Windows® Operating System", "ÄÖÜ straße İstanbul",
        "ΟΔΟΣ ΣΊΣΥΦΟΣ", "ǅungla Ǆ", "KELVIN \u{212A} Å", "日本語 ＡＢＣ", "emoji 😀 END", "mixed ÉCOLE/école\u{301}",
        "\u{FFFD}ABC\u{10FFFF}",
    ]

    @Test("Lowercasing bytes gives String.lowercased()", arguments: Self.texts)
    func sameAsString(_ text: String) {
        var out: [UInt8] = []
        Array(text.utf8).withUnsafeBufferPointer { CaseFolding.appendLowercased($0, to: &out) }
        #expect(String(decoding: out, as: UTF8.self) == text.lowercased())
        #expect(out == Array(text.lowercased().utf8))
        #expect(CaseFolding.lowercase(Array(text.utf8)) == out)
    }
}

/// A Sigma string value with its wildcards: literal bytes, `*` (any run of characters) and `?` (one
/// character).
///
/// Escaping follows the specification: `\*`, `\?` and `\\` stand for a literal `*`, `?` and `\`; a
/// backslash before any other character is itself (so `C:\Windows\` needs no escaping).
struct SigmaPattern: Hashable, Sendable {
    enum Part: Hashable, Sendable {
        case bytes([UInt8])
        case anyString
        case anyCharacter
    }

    private(set) var parts: [Part]

    init(parts: [Part]) {
        self.parts = []
        for part in parts { append(part) }
    }

    /// A value as a rule writes it, with wildcards and escapes.
    init(parsing text: String) {
        var parts: [Part] = []
        var literal: [UInt8] = []
        var escaped = false
        func flush() {
            if !literal.isEmpty { parts.append(.bytes(literal)); literal = [] }
        }
        for byte in text.utf8 {
            if escaped {
                escaped = false
                if byte == UInt8(ascii: "*") || byte == UInt8(ascii: "?") || byte == UInt8(ascii: "\\") {
                    literal.append(byte)
                } else {
                    literal.append(UInt8(ascii: "\\"))
                    literal.append(byte)
                }
            } else if byte == UInt8(ascii: "\\") {
                escaped = true
            } else if byte == UInt8(ascii: "*") {
                flush()
                parts.append(.anyString)
            } else if byte == UInt8(ascii: "?") {
                flush()
                parts.append(.anyCharacter)
            } else {
                literal.append(byte)
            }
        }
        if escaped { literal.append(UInt8(ascii: "\\")) }
        flush()
        self.init(parts: parts)
    }

    /// Text taken literally (no wildcards).
    init(literal bytes: [UInt8]) {
        self.init(parts: bytes.isEmpty ? [] : [.bytes(bytes)])
    }

    /// Adds a part, merging adjacent literals and repeated `*`.
    private mutating func append(_ part: Part) {
        switch (parts.last, part) {
        case (.bytes(let a)?, .bytes(let b)):
            parts[parts.count - 1] = .bytes(a + b)
        case (.anyString?, .anyString):
            return
        case (_, .bytes(let b)) where b.isEmpty:
            return
        default:
            parts.append(part)
        }
    }

    /// Whether the value has no wildcards.
    var isPlain: Bool {
        parts.allSatisfy { if case .bytes = $0 { true } else { false } }
    }

    /// The bytes of a plain value.
    var plainBytes: [UInt8]? {
        guard isPlain else { return nil }
        return parts.reduce(into: []) { out, part in if case .bytes(let b) = part { out += b } }
    }

    /// `*` added in front (`endswith`).
    func endingWith() -> SigmaPattern { SigmaPattern(parts: [.anyString] + parts) }

    /// `*` added behind (`startswith`).
    func startingWith() -> SigmaPattern { SigmaPattern(parts: parts + [.anyString]) }

    /// `*` on both sides (`contains`).
    func containing() -> SigmaPattern { SigmaPattern(parts: [.anyString] + parts + [.anyString]) }

    /// The literal parts changed by `transform`; wildcards kept.
    func mapLiterals(_ transform: ([UInt8]) -> [UInt8]) -> SigmaPattern {
        SigmaPattern(parts: parts.map { if case .bytes(let b) = $0 { .bytes(transform(b)) } else { $0 } })
    }

    /// The value for messages and tests: literals as they are, `*` and `?` for the wildcards.
    var text: String {
        parts.map { part -> String in
            switch part {
            case .bytes(let b): String(decoding: b, as: UTF8.self)
            case .anyString: "*"
            case .anyCharacter: "?"
            }
        }.joined()
    }
}

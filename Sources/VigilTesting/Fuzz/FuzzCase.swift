/// One input of a fuzz run, with what is needed to reproduce it. Its `description` is what a failing check
/// prints: the target, seed, iteration, the input escaped, and the command that replays it.
public struct FuzzCase: Sendable, CustomStringConvertible {
    /// The harness's name (`odata.filter`, `json.parse`, …).
    public let target: String
    /// The seed of the run.
    public let seed: UInt64
    /// The iteration within the run.
    public let iteration: Int
    /// The input.
    public let input: [UInt8]

    /// A case.
    public init(target: String, seed: UInt64, iteration: Int, input: [UInt8]) {
        self.target = target
        self.seed = seed
        self.iteration = iteration
        self.input = input
    }

    /// The input as text (invalid UTF-8 replaced), for the APIs that take a `String`.
    public var text: String { String(decoding: input, as: UTF8.self) }

    /// How to run this case again.
    public var replay: String { Self.replay(seed: seed, iteration: iteration) }

    public var description: String {
        "fuzz \(target): seed \(Self.hex(seed)), iteration \(iteration), input (\(input.count) bytes) "
            + "\"\(Self.escaped(input))\"; replay: \(replay)"
    }

    /// The command that runs one iteration of the fuzz suites again.
    public static func replay(seed: UInt64, iteration: Int) -> String {
        "VIGIL_FUZZ_SEED=\(hex(seed)) VIGIL_FUZZ_ITERATION=\(iteration) swift test --filter Fuzz"
    }

    /// `0x…` of a number.
    public static func hex(_ value: UInt64) -> String { "0x" + String(value, radix: 16, uppercase: true) }

    /// Bytes as escaped text: printable ASCII as is, backslash and quote escaped, `\n`, `\r`, `\t`, and every
    /// other byte as `\xHH` (so invalid UTF-8 and control bytes show), at most `limit` bytes (then
    /// `…(N more bytes)`).
    public static func escaped(_ bytes: [UInt8], limit: Int = 16_384) -> String {
        var out = ""
        out.reserveCapacity(min(bytes.count, limit) + 16)
        for byte in bytes.prefix(limit) {
            switch byte {
            case UInt8(ascii: "\\"): out += "\\\\"
            case UInt8(ascii: "\""): out += "\\\""
            case 0x0A: out += "\\n"
            case 0x0D: out += "\\r"
            case 0x09: out += "\\t"
            case 0x20..<0x7F: out.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                let digits = String(byte, radix: 16, uppercase: true)
                out += "\\x" + (digits.count == 1 ? "0" : "") + digits
            }
        }
        if bytes.count > limit { out += "…(\(bytes.count - limit) more bytes)" }
        return out
    }
}

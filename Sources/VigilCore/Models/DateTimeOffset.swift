/// An Edm.DateTimeOffset: an instant with nanosecond resolution.
///
/// Parsed from ISO 8601 with `Z` or a numeric offset (`+00:00`, `-0530`), with or without fractional
/// seconds; always written in UTC with `Z`, keeping as many fractional digits as were read (Graph writes
/// seven), so a value read and written again is textually stable.
public struct DateTimeOffset: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// Whole seconds since 1970-01-01T00:00:00Z.
    public let secondsSinceEpoch: Int64
    /// Nanoseconds within the second, 0..<1_000_000_000.
    public let nanoseconds: Int32
    /// How many fractional digits to write (0...9).
    public let fractionDigits: UInt8

    /// Creates an instant from its parts; `fractionDigits` is clamped to 0...9.
    public init(secondsSinceEpoch: Int64, nanoseconds: Int32 = 0, fractionDigits: Int = 7) {
        self.secondsSinceEpoch = secondsSinceEpoch
        self.nanoseconds = nanoseconds
        self.fractionDigits = UInt8(max(0, min(9, fractionDigits)))
    }

    /// Parses ISO 8601 text; `nil` when it is not a full date-time with a zone.
    public init?(_ text: some StringProtocol) {
        guard let value = Self.parse(Array(text.utf8)[...]) else { return nil }
        self = value
    }

    /// Nanoseconds since the epoch as one number, for ordering and storage (valid for years 1678...2261;
    /// clamped outside that range).
    public var nanosecondsSinceEpoch: Int64 {
        let (product, overflow) = secondsSinceEpoch.multipliedReportingOverflow(by: 1_000_000_000)
        if overflow { return secondsSinceEpoch < 0 ? .min : .max }
        let (sum, overflow2) = product.addingReportingOverflow(Int64(nanoseconds))
        return overflow2 ? .max : sum
    }

    public static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.secondsSinceEpoch == rhs.secondsSinceEpoch && lhs.nanoseconds == rhs.nanoseconds
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(secondsSinceEpoch)
        hasher.combine(nanoseconds)
    }

    public static func < (lhs: Self, rhs: Self) -> Bool {
        (lhs.secondsSinceEpoch, lhs.nanoseconds) < (rhs.secondsSinceEpoch, rhs.nanoseconds)
    }

    /// ISO 8601 in UTC with `Z`.
    public var description: String { iso8601 }

    /// ISO 8601 in UTC with `Z`, with `fractionDigits` fractional digits.
    public var iso8601: String {
        var out: [UInt8] = []
        out.reserveCapacity(30)
        write(to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// Appends the ISO 8601 text (UTC, `Z`) as UTF-8 bytes.
    public func write(to out: inout [UInt8]) {
        let days = Self.floorDiv(secondsSinceEpoch, 86_400)
        let secondOfDay = secondsSinceEpoch - days * 86_400
        let (y, m, d) = Self.civil(fromDays: days)
        Self.digits(&out, y, 4)
        out.append(UInt8(ascii: "-"))
        Self.digits(&out, m, 2)
        out.append(UInt8(ascii: "-"))
        Self.digits(&out, d, 2)
        out.append(UInt8(ascii: "T"))
        Self.digits(&out, secondOfDay / 3600, 2)
        out.append(UInt8(ascii: ":"))
        Self.digits(&out, (secondOfDay / 60) % 60, 2)
        out.append(UInt8(ascii: ":"))
        Self.digits(&out, secondOfDay % 60, 2)
        if fractionDigits > 0 {
            out.append(UInt8(ascii: "."))
            var fraction = Int64(nanoseconds)
            for _ in 0..<(9 - Int(fractionDigits)) { fraction /= 10 }
            Self.digits(&out, fraction, Int(fractionDigits))
        }
        out.append(UInt8(ascii: "Z"))
    }

    /// Appends `value` in decimal, zero-padded to `width` (wider values are written in full).
    private static func digits(_ out: inout [UInt8], _ value: Int64, _ width: Int) {
        var buffer: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) =
            (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var v = value < 0 ? -value : value
        var count = 0
        withUnsafeMutableBytes(of: &buffer) { raw in
            repeat {
                raw[19 - count] = UInt8(48 + v % 10)
                v /= 10
                count += 1
            } while v > 0 && count < 20
            if value < 0 { out.append(UInt8(ascii: "-")) }
            for _ in count..<max(width, count) { out.append(48) }
            out.append(contentsOf: raw[(20 - count)...])
        }
    }

    /// The current instant, with seven fractional digits as Graph writes them.
    public static func now() -> DateTimeOffset {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        let nanos = Int32(ts.tv_nsec) / 100 * 100
        return DateTimeOffset(secondsSinceEpoch: Int64(ts.tv_sec), nanoseconds: nanos, fractionDigits: 7)
    }

    /// Seconds since the epoch as a floating-point number (for schedules and durations, not identity).
    public var epochSeconds: Double { Double(secondsSinceEpoch) + Double(nanoseconds) / 1e9 }

    /// The instant `seconds` after the epoch, with seven fractional digits.
    public init(epochSeconds seconds: Double) {
        let whole = seconds.rounded(.down)
        let nanos = Int32(((seconds - whole) * 1e9).rounded()) / 100 * 100
        self.init(secondsSinceEpoch: Int64(whole), nanoseconds: min(nanos, 999_999_900), fractionDigits: 7)
    }

    /// This instant moved by a number of seconds.
    public func adding(seconds: Int64) -> DateTimeOffset {
        DateTimeOffset(secondsSinceEpoch: secondsSinceEpoch + seconds, nanoseconds: nanoseconds,
                       fractionDigits: Int(fractionDigits))
    }

    // MARK: - Parsing

    /// Parses `YYYY-MM-DDTHH:MM:SS[.f{1,}](Z|±HH:MM|±HHMM)` from bytes.
    static func parse(_ b: ArraySlice<UInt8>) -> DateTimeOffset? {
        var i = b.startIndex
        func digits(_ n: Int) -> Int64? {
            guard b.endIndex - i >= n else { return nil }
            var v: Int64 = 0
            for _ in 0..<n {
                let c = b[i]
                guard c >= 48 && c <= 57 else { return nil }
                v = v * 10 + Int64(c - 48)
                i += 1
            }
            return v
        }
        func expect(_ c: UInt8) -> Bool {
            guard i < b.endIndex, b[i] == c else { return false }
            i += 1
            return true
        }
        guard let year = digits(4), expect(UInt8(ascii: "-")), let month = digits(2), expect(UInt8(ascii: "-")),
              let day = digits(2) else { return nil }
        guard i < b.endIndex, b[i] == UInt8(ascii: "T") || b[i] == UInt8(ascii: "t") else { return nil }
        i += 1
        guard let hour = digits(2), expect(UInt8(ascii: ":")), let minute = digits(2), expect(UInt8(ascii: ":")),
              let second = digits(2) else { return nil }
        guard (1...12).contains(month), day >= 1, day <= daysIn(month: month, year: year), hour < 24,
              minute < 60, second < 60 else { return nil }
        var nanos: Int64 = 0
        var fractionDigits = 0
        if i < b.endIndex, b[i] == UInt8(ascii: ".") {
            i += 1
            let start = i
            while i < b.endIndex, b[i] >= 48, b[i] <= 57 {
                if i - start < 9 { nanos = nanos * 10 + Int64(b[i] - 48) }
                i += 1
            }
            fractionDigits = i - start
            guard fractionDigits > 0 else { return nil }
            for _ in min(fractionDigits, 9)..<9 { nanos *= 10 }
        }
        guard i < b.endIndex else { return nil }
        var offsetSeconds: Int64 = 0
        switch b[i] {
        case UInt8(ascii: "Z"), UInt8(ascii: "z"):
            i += 1
        case UInt8(ascii: "+"), UInt8(ascii: "-"):
            let sign: Int64 = b[i] == UInt8(ascii: "+") ? 1 : -1
            i += 1
            guard let oh = digits(2) else { return nil }
            _ = expect(UInt8(ascii: ":"))
            guard let om = digits(2), oh < 24, om < 60 else { return nil }
            offsetSeconds = sign * (oh * 3600 + om * 60)
        default:
            return nil
        }
        guard i == b.endIndex else { return nil }
        let days = daysFromCivil(year, month, day)
        let seconds = days * 86_400 + hour * 3600 + minute * 60 + second - offsetSeconds
        return DateTimeOffset(secondsSinceEpoch: seconds, nanoseconds: Int32(nanos),
                              fractionDigits: min(fractionDigits, 9))
    }

    private static func daysIn(month: Int64, year: Int64) -> Int64 {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    private static func floorDiv(_ a: Int64, _ b: Int64) -> Int64 {
        a >= 0 ? a / b : -((-a + b - 1) / b)
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date.
    private static func daysFromCivil(_ year: Int64, _ month: Int64, _ day: Int64) -> Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = floorDiv(y, 400)
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    private static func civil(fromDays days: Int64) -> (Int64, Int64, Int64) {
        let z = days + 719_468
        let era = floorDiv(z, 146_097)
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }

}

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

import VigilCore
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Parsing and normalization of observable values, shared by indicators and events so both sides of a
/// match are spelled the same way.
public enum ObservableValue {
    /// An IPv4 address as a 32-bit number (dotted quad only: no octal, no short forms).
    public static func ipv4(_ text: some StringProtocol) -> UInt32? {
        var value: UInt32 = 0
        var parts = 0
        var current: UInt32 = 0
        var digits = 0
        for c in text.utf8 {
            if c >= 0x30 && c <= 0x39 {
                if digits > 0 && current == 0 { return nil }  // leading zero
                current = current * 10 + UInt32(c - 0x30)
                digits += 1
                if current > 255 || digits > 3 { return nil }
            } else if c == UInt8(ascii: ".") {
                guard digits > 0, parts < 3 else { return nil }
                value = value << 8 | current
                parts += 1
                current = 0
                digits = 0
            } else {
                return nil
            }
        }
        guard digits > 0, parts == 3 else { return nil }
        return value << 8 | current
    }

    /// An IPv6 address as two 64-bit halves (any RFC 4291 text form; a `%zone` is ignored; an
    /// IPv4-mapped address `::ffff:a.b.c.d` stays IPv6 here, see `ipv4Mapped`).
    public static func ipv6(_ text: some StringProtocol) -> (UInt64, UInt64)? {
        var s = String(text)
        if let zone = s.firstIndex(of: "%") { s = String(s[..<zone]) }
        if s.hasPrefix("["), s.hasSuffix("]") { s = String(s.dropFirst().dropLast()) }
        guard s.contains(":"), s.utf8.count <= 45 else { return nil }
        var address = in6_addr()
        guard inet_pton(AF_INET6, s, &address) == 1 else { return nil }
        let bytes = withUnsafeBytes(of: &address) { Array($0) }
        var high: UInt64 = 0, low: UInt64 = 0
        for i in 0..<8 { high = high << 8 | UInt64(bytes[i]) }
        for i in 8..<16 { low = low << 8 | UInt64(bytes[i]) }
        return (high, low)
    }

    /// The IPv4 address inside an IPv4-mapped IPv6 address (`::ffff:a.b.c.d`).
    public static func ipv4Mapped(_ v6: (UInt64, UInt64)) -> UInt32? {
        guard v6.0 == 0, v6.1 >> 32 == 0xFFFF else { return nil }
        return UInt32(truncatingIfNeeded: v6.1)
    }

    /// A domain in its matching form: lowercase, without a trailing dot; `nil` when it is not a plausible
    /// host name (empty labels, spaces, an address).
    public static func domain(_ text: some StringProtocol) -> String? {
        var s = text.lowercased()
        while s.hasSuffix(".") { s.removeLast() }
        guard !s.isEmpty, s.utf8.count <= 253, ipv4(s) == nil, !s.contains(":") else { return nil }
        for label in s.split(separator: ".", omittingEmptySubsequences: false) {
            guard !label.isEmpty, label.utf8.count <= 63 else { return nil }
            for c in label.utf8 {
                let ok = (c >= 0x61 && c <= 0x7A) || (c >= 0x30 && c <= 0x39) || c == 0x2D || c == 0x5F || c >= 0x80
                if !ok { return nil }
            }
        }
        return s
    }

    /// A URL in its matching form: scheme and host lowercase, default port and fragment dropped, an
    /// empty path made `/`, a host's trailing dot dropped. A URL without a scheme is read as `http://`.
    public static func url(_ text: some StringProtocol) -> String? {
        var s = String(text).trimmingWhitespace()
        guard !s.isEmpty, !s.contains(" ") else { return nil }
        if let hash = s.firstIndex(of: "#") { s = String(s[..<hash]) }
        var scheme = "http"
        if let range = s.range(of: "://") {
            scheme = s[..<range.lowerBound].lowercased()
            s = String(s[range.upperBound...])
        }
        guard !scheme.isEmpty, scheme.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "+" || $0 == "-" || $0 == "." }) else {
            return nil
        }
        let pathStart = s.firstIndex(where: { $0 == "/" || $0 == "?" }) ?? s.endIndex
        var authority = String(s[..<pathStart]).lowercased()
        var rest = String(s[pathStart...])
        if let at = authority.lastIndex(of: "@") { authority = String(authority[authority.index(after: at)...]) }
        var port = ""
        if let colon = authority.lastIndex(of: ":"), !authority.hasSuffix("]") {
            port = String(authority[authority.index(after: colon)...])
            authority = String(authority[..<colon])
        }
        while authority.hasSuffix(".") { authority.removeLast() }
        guard !authority.isEmpty else { return nil }
        if (scheme == "http" && port == "80") || (scheme == "https" && port == "443") || (scheme == "ftp" && port == "21") {
            port = ""
        }
        if rest.isEmpty || rest.hasPrefix("?") { rest = "/" + rest }
        return scheme + "://" + authority + (port.isEmpty ? "" : ":" + port) + rest
    }

    /// A hash in matching form (lowercase hex) with its kind by length; `nil` when not hex of a known length.
    public static func hash(_ text: some StringProtocol) -> (Observable.Kind, String)? {
        let s = text.lowercased()
        guard s.utf8.allSatisfy({ ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x61 && $0 <= 0x66) }) else { return nil }
        switch s.utf8.count {
        case 32: return (.md5, s)
        case 40: return (.sha1, s)
        case 64: return (.sha256, s)
        default: return nil
        }
    }

    /// An e-mail address in matching form: the address inside `Name <addr>`, lowercase.
    public static func email(_ text: some StringProtocol) -> String? {
        var s = String(text).trimmingWhitespace()
        if let open = s.lastIndex(of: "<"), let close = s.lastIndex(of: ">"), open < close {
            s = String(s[s.index(after: open)..<close])
        }
        s = s.lowercased()
        let parts = s.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, domain(parts[1]) != nil, !s.contains(" ") else { return nil }
        return s
    }
}

extension String {
    func trimmingWhitespace() -> String {
        var s = Substring(self)
        while let f = s.first, f.isWhitespace { s.removeFirst() }
        while let l = s.last, l.isWhitespace { s.removeLast() }
        return String(s)
    }
}

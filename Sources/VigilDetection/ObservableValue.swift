import Foundation
import VigilCore

/// Parsing and normalization of observable values, shared by indicators and events so both sides of a
/// match are spelled the same way.
public enum ObservableValue {
    /// A domain in its matching form: lowercase, without `*.` and trailing dots; `nil` when it is not a
    /// plausible host name (empty labels, spaces, an address). See
    /// ``ObservableText/domain(_:allowingSingleLabel:)``.
    public static func domain(_ text: some StringProtocol) -> String? {
        ObservableText.domain(text)
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

    /// An e-mail address in matching form: the address inside `Name <addr>`, lowercase. See
    /// ``ObservableText/emailAddress(_:lowercased:)``.
    public static func email(_ text: some StringProtocol) -> String? {
        ObservableText.emailAddress(text, lowercased: true)
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

/// Reads domain names and e-mail addresses from the text of events and indicators, in one spelling.
///
/// The one place Vigil decides what a domain or an e-mail address is: the Suricata and Zeek connectors
/// find observables with it and indicator matching normalizes both sides of a match with it.
public enum ObservableText {
    /// A domain name in its normal form, or `nil` when the text is not one.
    ///
    /// The text is lowercased, and a leading `*.` (a certificate wildcard) and trailing dots are removed.
    /// What is left must be at most 253 bytes of labels of 1 to 63 bytes each, made of letters, digits,
    /// `-`, `_` and non-ASCII (internationalized) characters, the last label not all digits (so an IPv4
    /// address or a number is never a domain; an IPv6 address has colons, which no label may have).
    ///
    /// - Parameters:
    ///   - text: the text, with nothing around the name.
    ///   - allowingSingleLabel: whether one label without a dot (`localhost`, `wpad`) is a domain. Zeek's
    ///     connector turns it off: its logs put bare NetBIOS and host names in the same fields as DNS
    ///     names; DNS queries in Suricata events and indicator domains keep single labels.
    /// - Returns: the normal form.
    public static func domain(_ text: some StringProtocol, allowingSingleLabel: Bool = true) -> String? {
        var name = Substring(text.lowercased())
        if name.hasPrefix("*.") { name = name.dropFirst(2) }
        while name.hasSuffix(".") { name = name.dropLast() }
        guard !name.isEmpty, name.utf8.count <= 253 else { return nil }
        var labels = 1
        var labelLength = 0
        var allDigits = true
        for byte in name.utf8 {
            if byte == UInt8(ascii: ".") {
                guard labelLength > 0 else { return nil }
                labels += 1
                labelLength = 0
                allDigits = true
                continue
            }
            let isDigit = byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
            guard isDigit || (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || byte == UInt8(ascii: "-")
                || byte == UInt8(ascii: "_") || byte >= 0x80
            else { return nil }
            labelLength += 1
            guard labelLength <= 63 else { return nil }
            if !isDigit { allDigits = false }
        }
        guard labelLength > 0, !allDigits, allowingSingleLabel || labels >= 2 else { return nil }
        return String(name)
    }

    /// The address of an e-mail mailbox as SMTP and mail headers write it, or `nil` when there is none.
    ///
    /// `"Name" <user@example.com>`, `<user@example.com>` and `user@example.com` all give
    /// `user@example.com`: the text inside the last `<` (to the next `>`, or the end) is taken when there
    /// is one, and surrounding whitespace is dropped. The address must have exactly one `@`, something
    /// before it, a ``domain(_:allowingSingleLabel:)`` after it, and no whitespace, `<`, `>` or `,` (a
    /// list of recipients is not one address).
    ///
    /// - Parameters:
    ///   - text: the mailbox text.
    ///   - lowercased: whether to lowercase the address (indicator matching does; connectors keep the
    ///     case the sender wrote).
    /// - Returns: the address.
    public static func emailAddress(_ text: some StringProtocol, lowercased: Bool = false) -> String? {
        var candidate = Substring(text)
        if let open = candidate.lastIndex(of: "<") {
            let inner = candidate[candidate.index(after: open)...]
            candidate = inner.firstIndex(of: ">").map { inner[..<$0] } ?? inner
        }
        candidate = candidate.drop(while: \.isWhitespace)
        if let last = candidate.lastIndex(where: { !$0.isWhitespace }) { candidate = candidate[...last] }
        guard let at = candidate.firstIndex(of: "@"), at != candidate.startIndex,
              candidate.lastIndex(of: "@") == at,
              !candidate.contains(where: { $0.isWhitespace || $0 == "<" || $0 == ">" || $0 == "," })
        else { return nil }
        let domainPart = candidate[candidate.index(after: at)...]
        guard !domainPart.hasPrefix("*"), domain(domainPart) != nil else { return nil }
        return lowercased ? candidate.lowercased() : String(candidate)
    }
}

/// Collects the observables of a record in the order found, normalizing each kind the same way for every
/// connector and dropping repeats of a kind and value.
public struct ObservableCollector: Sendable {
    /// What was collected.
    public private(set) var observables: [Observable] = []
    private var seen: Set<Key> = []

    private struct Key: Hashable, Sendable {
        var kind: Observable.Kind
        var value: String
    }

    public init() {}

    /// Adds a value as it is (non-empty, not seen before).
    public mutating func add(_ kind: Observable.Kind, _ value: String, field: String) {
        guard !value.isEmpty, seen.insert(Key(kind: kind, value: value)).inserted else { return }
        observables.append(Observable(kind, value, field: field))
    }

    /// An IP address; anything else is ignored.
    public mutating func address(_ value: String?, field: String, allowingZone: Bool = true) {
        guard let value, IPAddressText(value, allowingZone: allowingZone) != nil else { return }
        add(.ipAddress, value, field: field)
    }

    /// A host: an IP address when it is one, else a domain (see ``ObservableText/domain(_:allowingSingleLabel:)``);
    /// other text (DNS TXT data, say) is ignored.
    public mutating func name(_ value: String?, field: String, allowingZone: Bool = true, allowingSingleLabel: Bool = true) {
        guard let value else { return }
        if IPAddressText(value, allowingZone: allowingZone) != nil {
            add(.ipAddress, value, field: field)
        } else {
            domain(value, field: field, allowingSingleLabel: allowingSingleLabel)
        }
    }

    /// A domain, lowercased, without `*.` and trailing dots.
    public mutating func domain(_ value: String?, field: String, allowingSingleLabel: Bool = true) {
        guard let value, let domain = ObservableText.domain(value, allowingSingleLabel: allowingSingleLabel) else { return }
        add(.domainName, domain, field: field)
    }

    /// A URL with an `http`, `https` or `ftp` scheme, as written.
    public mutating func url(_ value: String?, field: String) {
        guard let value else { return }
        let lower = value.prefix(8).lowercased()
        guard lower.hasPrefix("http://") || lower.hasPrefix("https://") || lower.hasPrefix("ftp://") else { return }
        add(.url, value, field: field)
    }

    /// A hash, lowercased, its kind told by its length (MD5, SHA-1, SHA-256); anything else is ignored.
    public mutating func hash(_ value: String?, field: String) {
        guard let value, let kind = Self.hashKind(value) else { return }
        add(kind, value.lowercased(), field: field)
    }

    /// An e-mail address without display name and angle brackets, in the case it was written.
    public mutating func email(_ value: String?, field: String) {
        guard let value, let address = ObservableText.emailAddress(value) else { return }
        add(.emailAddress, address, field: field)
    }

    /// The hash kind of hex text of 32, 40 or 64 digits.
    public static func hashKind(_ value: String) -> Observable.Kind? {
        guard value.utf8.allSatisfy({ ($0 >= 48 && $0 <= 57) || ($0 >= 65 && $0 <= 70) || ($0 >= 97 && $0 <= 102) }) else {
            return nil
        }
        switch value.utf8.count {
        case 32: return .md5
        case 40: return .sha1
        case 64: return .sha256
        default: return nil
        }
    }
}

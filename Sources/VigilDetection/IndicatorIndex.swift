import VigilCore

/// What an indicator watches for, in matching form.
public enum IndicatorPattern: Sendable, Hashable {
    /// An IPv4 network (a single address is a /32).
    case ipv4(UInt32, prefix: UInt8)
    /// An IPv6 network (a single address is a /128).
    case ipv6(UInt64, UInt64, prefix: UInt8)
    /// A domain and all its subdomains.
    case domain(String)
    case url(String)
    case hash(Observable.Kind, String)
    case email(String)

    /// Reads a CIDR block or single address (`10.0.0.0/8`, `2001:db8::/32`, `192.0.2.7`).
    public static func network(_ text: String) -> IndicatorPattern? {
        let parts = text.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
        let address = parts[0].trimmingCharacters()
        if let v4 = ObservableValue.ipv4(address) {
            var prefix: UInt8 = 32
            if parts.count == 2 {
                guard let p = UInt8(parts[1]), p <= 32 else { return nil }
                prefix = p
            }
            return .ipv4(v4 & IndicatorIndex.mask32(prefix), prefix: prefix)
        }
        if let v6 = ObservableValue.ipv6(address) {
            var prefix: UInt8 = 128
            if parts.count == 2 {
                guard let p = UInt8(parts[1]), p <= 128 else { return nil }
                prefix = p
            }
            let (h, l) = IndicatorIndex.mask128(prefix)
            return .ipv6(v6.0 & h, v6.1 & l, prefix: prefix)
        }
        return nil
    }
}

extension Substring {
    func trimmingCharacters() -> String { String(self).trimmingWhitespace() }
}

/// One indicator as the index holds it.
public struct IndexedIndicator: Sendable, Equatable {
    public var id: String
    public var action: String
    public var patterns: [IndicatorPattern]
    /// Matching stops at this instant (`expirationDateTime`).
    public var expires: DateTimeOffset?

    public init(id: String, action: String, patterns: [IndicatorPattern], expires: DateTimeOffset?) {
        self.id = id
        self.action = action
        self.patterns = patterns
        self.expires = expires
    }
}

/// A match of an observable against an indicator.
public struct IndicatorMatch: Sendable, Equatable {
    public var indicatorId: String
    public var action: String
    public var observable: Observable
}

/// The active indicators of one tenant, indexed for matching: IPv4 and IPv6 exact and CIDR (longest
/// prefix first), domains (exact and parent domains, never look-alikes), normalized URLs, hashes and
/// e-mail addresses. Immutable: a change builds a new index (cheap next to how often it is read).
public struct IndicatorIndex: Sendable {
    private var v4: [UInt8: [UInt32: [Int]]] = [:]
    private var v4Prefixes: [UInt8] = []
    private var v6: [UInt8: [V6Key: [Int]]] = [:]
    private var v6Prefixes: [UInt8] = []
    private var strings: [StringKey: [Int]] = [:]
    private var indicators: [IndexedIndicator] = []

    struct V6Key: Hashable { var high: UInt64; var low: UInt64 }
    struct StringKey: Hashable { var kind: UInt8; var value: String }

    public init() {}

    /// Builds the index of `indicators`.
    public init(_ indicators: [IndexedIndicator]) {
        self.indicators = indicators
        for (n, indicator) in indicators.enumerated() {
            for pattern in indicator.patterns {
                switch pattern {
                case .ipv4(let a, let p): v4[p, default: [:]][a, default: []].append(n)
                case .ipv6(let h, let l, let p): v6[p, default: [:]][V6Key(high: h, low: l), default: []].append(n)
                case .domain(let d): strings[StringKey(kind: 0, value: d), default: []].append(n)
                case .url(let u): strings[StringKey(kind: 1, value: u), default: []].append(n)
                case .email(let e): strings[StringKey(kind: 2, value: e), default: []].append(n)
                case .hash(let kind, let h): strings[StringKey(kind: Self.hashKind(kind), value: h), default: []].append(n)
                }
            }
        }
        v4Prefixes = v4.keys.sorted(by: >)
        v6Prefixes = v6.keys.sorted(by: >)
    }

    /// How many indicators it holds.
    public var count: Int { indicators.count }

    /// The indicators `observable` matches at `now` (expired ones never match). For an address, the most
    /// specific network wins; every indicator of that network is returned.
    public func matches(_ observable: Observable, at now: DateTimeOffset) -> [IndicatorMatch] {
        var found: [Int] = []
        switch observable.kind {
        case .ipAddress:
            if let a = ObservableValue.ipv4(observable.value) {
                found = lookup4(a)
            } else if let a = ObservableValue.ipv6(observable.value) {
                found = lookup6(a)
                if found.isEmpty, let mapped = ObservableValue.ipv4Mapped(a) { found = lookup4(mapped) }
            }
        case .domainName:
            guard var d = ObservableValue.domain(observable.value) else { break }
            while true {
                if let hit = strings[StringKey(kind: 0, value: d)] {
                    found = hit
                    break
                }
                guard let dot = d.firstIndex(of: ".") else { break }
                d = String(d[d.index(after: dot)...])
            }
        case .url:
            if let u = ObservableValue.url(observable.value) { found = strings[StringKey(kind: 1, value: u)] ?? [] }
        case .emailAddress:
            if let e = ObservableValue.email(observable.value) { found = strings[StringKey(kind: 2, value: e)] ?? [] }
        case .md5, .sha1, .sha256:
            if let (kind, h) = ObservableValue.hash(observable.value) {
                found = strings[StringKey(kind: Self.hashKind(kind), value: h)] ?? []
            }
        }
        var out: [IndicatorMatch] = []
        for n in found {
            let indicator = indicators[n]
            if let expires = indicator.expires, !(now < expires) { continue }
            out.append(IndicatorMatch(indicatorId: indicator.id, action: indicator.action, observable: observable))
        }
        return out
    }

    private func lookup4(_ a: UInt32) -> [Int] {
        for p in v4Prefixes {
            if let hit = v4[p]?[a & Self.mask32(p)] { return hit }
        }
        return []
    }

    private func lookup6(_ a: (UInt64, UInt64)) -> [Int] {
        for p in v6Prefixes {
            let (h, l) = Self.mask128(p)
            if let hit = v6[p]?[V6Key(high: a.0 & h, low: a.1 & l)] { return hit }
        }
        return []
    }

    static func hashKind(_ kind: Observable.Kind) -> UInt8 {
        switch kind {
        case .md5: 3
        case .sha1: 4
        default: 5
        }
    }

    static func mask32(_ prefix: UInt8) -> UInt32 {
        prefix == 0 ? 0 : UInt32.max << (32 - UInt32(prefix))
    }

    static func mask128(_ prefix: UInt8) -> (UInt64, UInt64) {
        if prefix == 0 { return (0, 0) }
        if prefix <= 64 { return (UInt64.max << (64 - UInt64(prefix)), 0) }
        return (UInt64.max, prefix == 128 ? UInt64.max : UInt64.max << (128 - UInt64(prefix)))
    }
}

extension IndexedIndicator {
    /// The patterns of a Graph tiIndicator: its network, domain, URL, file hash and e-mail observables.
    /// Returns the patterns and the observables that could not be read (with the property named).
    public static func patterns(of indicator: TiIndicator) -> (patterns: [IndicatorPattern], unreadable: [String]) {
        var patterns: [IndicatorPattern] = []
        var unreadable: [String] = []
        func network(_ name: String, _ value: String?) {
            guard let value, !value.isEmpty else { return }
            if let p = IndicatorPattern.network(value) { patterns.append(p) } else { unreadable.append(name) }
        }
        network("networkIPv4", indicator.networkIPv4)
        network("networkIPv6", indicator.networkIPv6)
        network("networkSourceIPv4", indicator.networkSourceIPv4)
        network("networkSourceIPv6", indicator.networkSourceIPv6)
        network("networkDestinationIPv4", indicator.networkDestinationIPv4)
        network("networkDestinationIPv6", indicator.networkDestinationIPv6)
        network("networkCidrBlock", indicator.networkCidrBlock)
        network("networkSourceCidrBlock", indicator.networkSourceCidrBlock)
        network("networkDestinationCidrBlock", indicator.networkDestinationCidrBlock)
        network("emailSourceIpAddress", indicator.emailSourceIpAddress)
        if let d = indicator.domainName, !d.isEmpty {
            if let v = ObservableValue.domain(d) { patterns.append(.domain(v)) } else { unreadable.append("domainName") }
        }
        if let d = indicator.emailSourceDomain, !d.isEmpty {
            if let v = ObservableValue.domain(d) { patterns.append(.domain(v)) } else { unreadable.append("emailSourceDomain") }
        }
        if let u = indicator.url, !u.isEmpty {
            if let v = ObservableValue.url(u) { patterns.append(.url(v)) } else { unreadable.append("url") }
        }
        if let h = indicator.fileHashValue, !h.isEmpty {
            if let (kind, v) = ObservableValue.hash(h) { patterns.append(.hash(kind, v)) } else { unreadable.append("fileHashValue") }
        }
        if let e = indicator.emailSenderAddress, !e.isEmpty {
            if let v = ObservableValue.email(e) { patterns.append(.email(v)) } else { unreadable.append("emailSenderAddress") }
        }
        return (patterns, unreadable)
    }
}

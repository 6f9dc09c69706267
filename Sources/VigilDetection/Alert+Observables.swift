import VigilCore

extension Alert {
    /// The observables an alert carries, for indicator matching: addresses, domains and URLs of its network
    /// connections and hosts, file and process hashes, and users' e-mail-shaped principal names. Without
    /// duplicates, in the order found.
    public var observables: [Observable] {
        var found = ObservableCollector()
        for (n, c) in (networkConnections ?? []).enumerated() {
            let at = "networkConnections[\(n)]"
            found.address(c.sourceAddress, "\(at).sourceAddress")
            found.address(c.destinationAddress, "\(at).destinationAddress")
            found.address(c.natSourceAddress, "\(at).natSourceAddress")
            found.address(c.natDestinationAddress, "\(at).natDestinationAddress")
            found.domain(c.destinationDomain, "\(at).destinationDomain")
            found.url(c.destinationUrl, "\(at).destinationUrl")
        }
        for (n, h) in (hostStates ?? []).enumerated() {
            found.address(h.privateIpAddress, "hostStates[\(n)].privateIpAddress")
            found.address(h.publicIpAddress, "hostStates[\(n)].publicIpAddress")
            found.domain(h.fqdn, "hostStates[\(n)].fqdn")
        }
        for (n, f) in (fileStates ?? []).enumerated() { found.hash(f.fileHash?.hashValue, "fileStates[\(n)].fileHash.hashValue") }
        for (n, p) in (processes ?? []).enumerated() { found.hash(p.fileHash?.hashValue, "processes[\(n)].fileHash.hashValue") }
        for (n, u) in (userStates ?? []).enumerated() { found.email(u.userPrincipalName, "userStates[\(n)].userPrincipalName") }
        return found.observables
    }
}

/// Collects observables from values that may be of several kinds, normalizing them and dropping
/// duplicates (used by `Alert.observables` and the connectors' event mapping).
public struct ObservableCollector {
    public private(set) var observables: [Observable] = []
    private var seen: Set<String> = []

    public init() {}

    public mutating func add(_ kind: Observable.Kind, _ value: String, _ field: String) {
        guard seen.insert("\(kind.rawValue)\u{0}\(value)").inserted else { return }
        observables.append(Observable(kind, value, field: field))
    }

    /// An IP address, or else a domain.
    public mutating func address(_ value: String?, _ field: String) {
        guard let value, !value.isEmpty else { return }
        if IPAddressText(value, allowingZone: true) != nil {
            add(.ipAddress, value, field)
        } else {
            domain(value, field)
        }
    }

    public mutating func domain(_ value: String?, _ field: String) {
        guard let value, let d = ObservableValue.domain(value) else { return }
        add(.domainName, d, field)
    }

    public mutating func url(_ value: String?, _ field: String) {
        guard let value, !value.isEmpty, ObservableValue.url(value) != nil else { return }
        add(.url, value, field)
    }

    public mutating func hash(_ value: String?, _ field: String) {
        guard let value, let (kind, h) = ObservableValue.hash(value) else { return }
        add(kind, h, field)
    }

    public mutating func email(_ value: String?, _ field: String) {
        guard let value, let e = ObservableValue.email(value) else { return }
        add(.emailAddress, e, field)
    }
}

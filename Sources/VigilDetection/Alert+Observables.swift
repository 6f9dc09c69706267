import VigilCore

extension Alert {
    /// The observables an alert carries, for indicator matching: addresses, domains and URLs of its network
    /// connections and hosts, file and process hashes, and users' e-mail-shaped principal names. Without
    /// duplicates, in the order found.
    public var observables: [Observable] {
        var found = ObservableCollector()
        for (n, c) in (networkConnections ?? []).enumerated() {
            let at = "networkConnections[\(n)]"
            found.name(c.sourceAddress, field: "\(at).sourceAddress")
            found.name(c.destinationAddress, field: "\(at).destinationAddress")
            found.name(c.natSourceAddress, field: "\(at).natSourceAddress")
            found.name(c.natDestinationAddress, field: "\(at).natDestinationAddress")
            found.domain(c.destinationDomain, field: "\(at).destinationDomain")
            // A URL written without its scheme is read as http, as the matcher does.
            found.url(c.destinationUrl.map { $0.contains("://") ? $0 : "http://" + $0 }, field: "\(at).destinationUrl")
        }
        for (n, h) in (hostStates ?? []).enumerated() {
            found.name(h.privateIpAddress, field: "hostStates[\(n)].privateIpAddress")
            found.name(h.publicIpAddress, field: "hostStates[\(n)].publicIpAddress")
            found.domain(h.fqdn, field: "hostStates[\(n)].fqdn")
        }
        for (n, f) in (fileStates ?? []).enumerated() { found.hash(f.fileHash?.hashValue, field: "fileStates[\(n)].fileHash.hashValue") }
        for (n, p) in (processes ?? []).enumerated() { found.hash(p.fileHash?.hashValue, field: "processes[\(n)].fileHash.hashValue") }
        for (n, u) in (userStates ?? []).enumerated() { found.email(u.userPrincipalName, field: "userStates[\(n)].userPrincipalName") }
        return found.observables
    }
}

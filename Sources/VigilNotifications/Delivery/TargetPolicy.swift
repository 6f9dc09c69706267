import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import VigilCore

/// Which notification URLs Vigil posts to. Link-local and cloud-metadata addresses are always refused
/// (they reach the host's own credentials); private and loopback addresses only when allowed.
public struct TargetPolicy: Sendable, Equatable {
    public var allowPrivate: Bool
    public var allowHTTP: Bool

    public init(allowPrivate: Bool, allowHTTP: Bool) {
        self.allowPrivate = allowPrivate
        self.allowHTTP = allowHTTP
    }

    /// Host names of cloud metadata services, refused before any lookup.
    static let metadataHosts: Set<String> = ["metadata.google.internal", "metadata", "instance-data",
                                             "instance-data.ec2.internal", "metadata.azure.internal"]

    /// What an address is, for the rules above.
    public enum AddressClass: Equatable, Sendable {
        case publicAddress
        case privateAddress
        case loopback
        /// Link-local, metadata, unspecified, multicast or broadcast: never a webhook.
        case forbidden(String)
    }

    /// Classifies a 4- or 16-byte address by IANA's special-purpose registries (`SpecialAddressRanges`); an
    /// address embedding an IPv4 one (IPv4-mapped, NAT64, 6to4) is classified by the address it embeds, and a
    /// NAT64 local-use address is at least private.
    public static func classify(_ bytes: [UInt8]) -> AddressClass {
        if bytes.count == 16 {
            if let (embedded, form) = SpecialAddressRanges.embeddedIPv4(bytes) {
                let inner = classify(embedded)
                if case .forbidden(let what) = inner { return .forbidden("\(what), embedded in a \(form) address") }
                if form == "NAT64", bytes[5] == 0x01, inner == .publicAddress { return .privateAddress }
                return inner
            }
            return SpecialAddressRanges.ipv6.first { $0.contains(bytes) }?.verdict ?? .publicAddress
        }
        guard bytes.count == 4 else { return .forbidden("an address of unknown form") }
        return SpecialAddressRanges.ipv4.first { $0.contains(bytes) }?.verdict ?? .publicAddress
    }

    /// Checks a URL and every address its host resolves to.
    ///
    /// - Throws: `VigilError` (400) saying why the URL is refused.
    public func check(_ text: String, field: String = "notificationUrl") async throws(VigilError) {
        guard let url = URL(string: text), let scheme = url.scheme?.lowercased(), let host = url.host, !host.isEmpty else {
            throw VigilError(.badRequest, "'\(field)' must be an absolute http(s) URL.", target: field)
        }
        guard scheme == "https" || (scheme == "http" && allowHTTP) else {
            throw VigilError(.badRequest, scheme == "http"
                             ? "'\(field)' must use HTTPS (plain HTTP is turned off: notifications.allowHTTP)."
                             : "'\(field)' must be an http(s) URL.", target: field)
        }
        let name = host.trimmingCharacters(in: CharacterSet(charactersIn: "[]")).lowercased()
        if Self.metadataHosts.contains(name) {
            throw VigilError(.badRequest, "'\(field)' targets a cloud metadata service; Vigil never posts there.", target: field)
        }
        let addresses = await Self.resolve(name)
        guard !addresses.isEmpty else {
            throw VigilError(.badRequest, "'\(field)': the host '\(name)' does not resolve.", target: field)
        }
        for address in addresses {
            switch Self.classify(address) {
            case .publicAddress: continue
            case .privateAddress, .loopback:
                guard allowPrivate else {
                    throw VigilError(.badRequest, "'\(field)' resolves to a private or loopback address; allow such targets with notifications.allowPrivateTargets.", target: field)
                }
            case .forbidden(let what):
                throw VigilError(.badRequest, "'\(field)' resolves to \(what); Vigil never posts there.", target: field)
            }
        }
    }

    /// Every address a host name (or literal) resolves to, as raw bytes; empty when it does not resolve.
    static func resolve(_ host: String) async -> [[UInt8]] {
        await withCheckedContinuation { continuation in
            DispatchQueue.global().async {
                var hints = addrinfo()
                hints.ai_family = AF_UNSPEC
                #if canImport(Glibc)
                hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
                #else
                hints.ai_socktype = SOCK_STREAM
                #endif
                var result: UnsafeMutablePointer<addrinfo>?
                guard getaddrinfo(host, nil, &hints, &result) == 0, let first = result else {
                    continuation.resume(returning: [])
                    return
                }
                defer { freeaddrinfo(first) }
                var addresses: [[UInt8]] = []
                var cursor: UnsafeMutablePointer<addrinfo>? = first
                while let info = cursor {
                    if let sa = info.pointee.ai_addr {
                        if info.pointee.ai_family == AF_INET {
                            var v4 = sa.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { $0.pointee.sin_addr }
                            addresses.append(withUnsafeBytes(of: &v4) { Array($0) })
                        } else if info.pointee.ai_family == AF_INET6 {
                            var v6 = sa.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { $0.pointee.sin6_addr }
                            addresses.append(withUnsafeBytes(of: &v6) { Array($0) })
                        }
                    }
                    cursor = info.pointee.ai_next
                }
                continuation.resume(returning: addresses)
            }
        }
    }
}

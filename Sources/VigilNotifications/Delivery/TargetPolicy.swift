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

    /// The rules for URLs the operator wrote in the configuration (remote providers, their token URLs, action
    /// webhooks, external issuers' key sets): private, loopback and plain HTTP allowed, link-local and cloud
    /// metadata never.
    public static let operatorConfigured = TargetPolicy(allowPrivate: true, allowHTTP: true)

    /// Resolves a host name to raw 4- or 16-byte addresses (empty when it does not resolve).
    public typealias Resolver = @Sendable (String) async -> [[UInt8]]

    /// Where a checked URL goes: the host as the URL names it, and the address to connect to (`nil` when the
    /// host is an address literal, which is then the address checked).
    public struct PinnedTarget: Sendable, Equatable {
        public var host: String
        public var address: String?
    }

    /// Checks a URL and every address its host resolves to.
    ///
    /// - Throws: `VigilError` (400) saying why the URL is refused.
    public func check(_ text: String, field: String = "notificationUrl") async throws(VigilError) {
        _ = try await pin(text, field: field, resolve: Self.resolve)
    }

    /// Checks a URL, resolving its host once with `resolve`, and names the checked address to connect to, so a
    /// second lookup (DNS rebinding) cannot change where the request goes.
    ///
    /// - Throws: `VigilError` (400) saying why the URL is refused.
    public func pin(_ text: String, field: String, resolve: Resolver) async throws(VigilError) -> PinnedTarget {
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
        let literal = Self.literal(name)
        let addresses: [[UInt8]]
        if let literal { addresses = [literal] } else { addresses = await resolve(name) }
        guard let first = addresses.first else {
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
        return PinnedTarget(host: host, address: literal == nil ? Self.format(first) : nil)
    }

    /// The bytes of an IPv4 or IPv6 address literal, or `nil` for a host name.
    static func literal(_ text: String) -> [UInt8]? {
        var v4 = in_addr()
        if inet_pton(AF_INET, text, &v4) == 1 { return withUnsafeBytes(of: &v4) { Array($0) } }
        var v6 = in6_addr()
        if inet_pton(AF_INET6, text, &v6) == 1 { return withUnsafeBytes(of: &v6) { Array($0) } }
        return nil
    }

    /// The text form of a 4- or 16-byte address.
    static func format(_ bytes: [UInt8]) -> String {
        let family = bytes.count == 4 ? AF_INET : AF_INET6
        var text = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
        return bytes.withUnsafeBytes { raw in
            inet_ntop(family, raw.baseAddress, &text, socklen_t(text.count)) != nil
                ? String(decoding: text.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self) : ""
        }
    }

    /// Every address a host name (or literal) resolves to, as raw bytes; empty when it does not resolve.
    @Sendable public static func resolve(_ host: String) async -> [[UInt8]] {
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

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

    /// Classifies a 4- or 16-byte address.
    public static func classify(_ bytes: [UInt8]) -> AddressClass {
        if bytes.count == 16 {
            if bytes[0..<10].allSatisfy({ $0 == 0 }), bytes[10] == 0xff, bytes[11] == 0xff {
                return classify(Array(bytes[12..<16]))  // IPv4-mapped
            }
            if bytes.allSatisfy({ $0 == 0 }) { return .forbidden("the unspecified address") }
            if bytes[0..<15].allSatisfy({ $0 == 0 }), bytes[15] == 1 { return .loopback }
            if bytes[0] == 0xfe, bytes[1] & 0xc0 == 0x80 { return .forbidden("a link-local address") }
            if bytes[0] == 0xff { return .forbidden("a multicast address") }
            // fd00:ec2::254, the AWS metadata service over IPv6.
            if bytes == [0xfd, 0x00, 0x0e, 0xc2] + Array(repeating: 0, count: 10) + [0x02, 0x54] {
                return .forbidden("a cloud metadata address")
            }
            if bytes[0] & 0xfe == 0xfc { return .privateAddress }
            return .publicAddress
        }
        guard bytes.count == 4 else { return .forbidden("an address of unknown form") }
        let (a, b) = (bytes[0], bytes[1])
        if a == 169, b == 254 { return .forbidden("a link-local or cloud metadata address") }
        if bytes == [100, 100, 100, 200] { return .forbidden("a cloud metadata address") }
        if a == 0 { return .forbidden("an address of this network (0.0.0.0/8)") }
        if a >= 224 { return .forbidden("a multicast or reserved address") }
        if a == 127 { return .loopback }
        if a == 10 || (a == 172 && (16...31).contains(b)) || (a == 192 && b == 168) || (a == 100 && (64...127).contains(b)) {
            return .privateAddress
        }
        return .publicAddress
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

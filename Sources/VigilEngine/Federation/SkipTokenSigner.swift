import Crypto
import Foundation
import VigilCore
import VigilStorage

/// Signs and checks federated `$skiptoken`s (HMAC-SHA256), so a client can only hand back a token Vigil
/// made: it cannot point a provider's continuation elsewhere or raise a `$top` inside it. Every replica
/// derives the same key from the deployment's token-signing key, so a token made by one is honoured by all.
public struct SkipTokenSigner: Sendable {
    private let key: SymmetricKey

    public init(key: SymmetricKey) { self.key = key }

    /// A key of this process only (tests, benchmarks, embedded use without a database).
    public static func random() -> SkipTokenSigner { SkipTokenSigner(key: SymmetricKey(size: .bits256)) }

    /// The key derived (HKDF-SHA256) from secret material every replica shares, such as the PEM of the
    /// oldest token-signing key; the material itself never leaves this function.
    public static func derived(from material: Secret) -> SkipTokenSigner {
        let derived = HKDF<SHA256>.deriveKey(inputKeyMaterial: SymmetricKey(data: Data(material.revealed.utf8)),
                                             info: Data("vigil federated skiptoken v1".utf8), outputByteCount: 32)
        return SkipTokenSigner(key: derived)
    }

    /// `payload` with its signature: `base64url(payload).base64url(mac)`.
    func sign(_ payload: [UInt8]) -> String {
        let mac = HMAC<SHA256>.authenticationCode(for: payload, using: key)
        return Self.base64url(Data(payload)) + "." + Self.base64url(Data(mac))
    }

    /// The payload of a token this signer made; `nil` for anything else (forged, altered, malformed).
    func verify(_ token: String) -> [UInt8]? {
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 2, let payload = Self.unbase64url(parts[0]), let mac = Self.unbase64url(parts[1]),
              HMAC<SHA256>.isValidAuthenticationCode(mac, authenticating: payload, using: key)
        else { return nil }
        return Array(payload)
    }

    static func base64url(_ data: Data) -> String {
        data.base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    static func unbase64url(_ text: Substring) -> Data? {
        var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while base64.utf8.count % 4 != 0 { base64 += "=" }
        return Data(base64Encoded: base64)
    }
}

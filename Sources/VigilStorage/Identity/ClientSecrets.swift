import Crypto
import Foundation
import VigilCore

/// Client secrets: generation, the stored hash, the constant-time check, and the consent rule every
/// identity store shares. Pure, no I/O.
enum ClientSecrets {
    /// A new 256-bit random secret, base64url without padding, never starting with `-` (a command line would
    /// read `--client-secret -abc…` as an option).
    static func generate() -> String {
        var rng = SystemRandomNumberGenerator()
        while true {
            var bytes = [UInt8](repeating: 0, count: 32)
            for i in bytes.indices { bytes[i] = UInt8.random(in: 0...255, using: &rng) }
            let secret = Data(bytes).base64EncodedString()
                .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
                .replacingOccurrences(of: "=", with: "")
            if !secret.hasPrefix("-") { return secret }
        }
    }

    /// SHA-256 of a client secret, hex. Secrets are 256-bit random values, so a fast hash suffices.
    static func hash(_ secret: String) -> String {
        SHA256.hash(data: Array(secret.utf8)).map { String(format: "%02x", $0) }.joined()
    }

    /// Whether `secret` hashes to `hash`, compared in constant time.
    static func matches(_ secret: String, hash stored: String) -> Bool {
        let stored = Array(stored.utf8)
        let given = Array(hash(secret).utf8)
        var difference: UInt8 = stored.count == given.count ? 0 : 1
        for (a, b) in zip(stored, given) { difference |= a ^ b }
        return difference == 0
    }

    /// Only a multi-tenant app (or an app at home) can be consented in a tenant.
    static func checkConsent(app: AppRegistration, tenantId: String) throws(VigilError) {
        guard app.isMultiTenant || app.tenantId == tenantId else {
            throw VigilError(.badRequest, "The app '\(app.clientId)' is not multi-tenant; register it with --multi-tenant.")
        }
    }

    /// App roles are stored as one space-separated text.
    static func roles(_ text: String) -> [String] {
        text.split(separator: " ").map(String.init)
    }
}

import Crypto
import Foundation
import VigilCore

/// The key that seals token signing keys at rest (AES-256-GCM, the key's kid as authenticated data), so
/// that a copy of the database alone cannot mint tokens. It comes from the environment
/// (`VIGIL_KEY_ENCRYPTION_KEY`, 32 bytes in base64) or a file holding the same; it is never stored in the
/// database. Sealed material reads `vigil-sealed:v1:<key id>:<base64 nonce|ciphertext|tag>`, where the key id
/// (8 hex digits of a hash of the key) says which key sealed it, so a wrong key is named, not guessed at.
public struct KeyEncryptionKey: Sendable, CustomStringConvertible {
    private let key: SymmetricKey
    /// Identifies the key without revealing it.
    public let id: String
    /// Where the key came from (for messages).
    public let origin: String

    static let prefix = "vigil-sealed:v1:"

    /// - Throws: `VigilError` when the text is not 32 bytes in base64.
    public init(base64 text: String, origin: String) throws(VigilError) {
        guard let bytes = Data(base64Encoded: text.trimmingCharacters(in: .whitespacesAndNewlines)), bytes.count == 32 else {
            throw VigilError(.badRequest, "The key-encryption key (\(origin)) must be 32 bytes in base64, as `openssl rand -base64 32` prints.")
        }
        key = SymmetricKey(data: bytes)
        let digest = SHA256.hash(data: Array("vigil key-encryption key id".utf8) + Array(bytes))
        id = digest.prefix(4).map { String(format: "%02x", $0) }.joined()
        self.origin = origin
    }

    /// A new random key (base64), for a file Vigil creates.
    public static func generate() -> String {
        SymmetricKey(size: .bits256).withUnsafeBytes { Data($0).base64EncodedString() }
    }

    public var description: String { "key-encryption key \(id) (\(origin))" }

    /// Whether stored material is sealed (rather than a plain PEM written before keys were sealed).
    public static func isSealed(_ material: Secret) -> Bool {
        material.revealed.hasPrefix(prefix)
    }

    /// Seals a private key for the row of `kid`.
    public func seal(_ plain: Secret, kid: String) throws(VigilError) -> Secret {
        do {
            let box = try AES.GCM.seal(Array(plain.revealed.utf8), using: key, authenticating: Array(kid.utf8))
            guard let combined = box.combined else { throw VigilError(.internalError, "AES-GCM gave no combined form.") }
            return Secret(Self.prefix + id + ":" + combined.base64EncodedString())
        } catch let error as VigilError {
            throw error
        } catch {
            throw VigilError(.internalError, "Sealing the signing key '\(kid)' failed.", underlying: error)
        }
    }

    /// Opens material sealed for the row of `kid`.
    ///
    /// - Throws: `VigilError` naming the key that sealed it when this key cannot open it.
    public func open(_ material: Secret, kid: String) throws(VigilError) -> Secret {
        let text = material.revealed
        let parts = text.dropFirst(Self.prefix.count).split(separator: ":", maxSplits: 1)
        guard text.hasPrefix(Self.prefix), parts.count == 2, let combined = Data(base64Encoded: String(parts[1])) else {
            throw VigilError(.internalError, "The stored signing key '\(kid)' is not in a form Vigil reads.")
        }
        guard parts[0] == id else {
            throw VigilError(.internalError, "The signing key '\(kid)' was sealed with key-encryption key \(parts[0]), but this server has \(self). Give every server the key that sealed the database's keys.")
        }
        do {
            let plain = try AES.GCM.open(AES.GCM.SealedBox(combined: combined), using: key, authenticating: Array(kid.utf8))
            return Secret(String(decoding: plain, as: UTF8.self))
        } catch {
            throw VigilError(.internalError, "The signing key '\(kid)' does not open with \(self): it was altered or moved to another row.",
                             underlying: error)
        }
    }
}

import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import VigilCore
import VigilEngine

extension BootstrapCredentials {
    /// `{"tenantId","clientId","clientSecret"}`: the only time the secret is ever written out.
    public var jsonLine: String {
        JSONWriter.string(["tenantId": .string(tenantId), "clientId": .string(clientId),
                           "clientSecret": .string(clientSecret.revealed)])
    }

    /// Writes `jsonLine` to a file readable and writable by its owner only (mode 0600, also when the file was
    /// there before), instead of showing the secret on standard output.
    /// - Throws: `VigilError` naming the file when it cannot be written.
    public func write(toFile path: String) throws(VigilError) {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW, 0o600)
        guard fd >= 0 else {
            throw VigilError(.badRequest, "Cannot write the bootstrap secret to '\(path)': \(String(cString: strerror(errno))).")
        }
        defer { close(fd) }
        guard fchmod(fd, 0o600) == 0 else {
            throw VigilError(.badRequest, "Cannot make '\(path)' private (mode 0600): \(String(cString: strerror(errno))).")
        }
        do {
            try FileHandle(fileDescriptor: fd, closeOnDealloc: false).write(contentsOf: Data((jsonLine + "\n").utf8))
        } catch {
            throw VigilError(.badRequest, "Cannot write the bootstrap secret to '\(path)': \(error.localizedDescription).")
        }
    }
}

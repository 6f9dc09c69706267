import Foundation
import VigilCore

extension Secret {
    /// A secret given in a configuration file: literal text, `${NAME}` read from the environment, or (with
    /// `file`) the contents of a file with its trailing newline removed.
    ///
    /// - Parameters:
    ///   - literal: the configured value, if any.
    ///   - file: a file to read instead, if any.
    ///   - owner: who the secret belongs to, for error messages (`Provider 'x'`).
    /// - Returns: the secret, or `nil` when neither is given.
    /// - Throws: `VigilError` (400) when the variable is unset or the file unreadable; the secret itself is
    ///   never in the message.
    public static func resolve(_ literal: Secret?, file: String? = nil, owner: String,
                               environment: [String: String] = ProcessInfo.processInfo.environment) throws(VigilError) -> Secret? {
        if let file {
            guard let data = FileManager.default.contents(atPath: file), let text = String(data: data, encoding: .utf8) else {
                throw VigilError(.badRequest, "\(owner): cannot read the secret file '\(file)'.")
            }
            return Secret(text.trimmingCharacters(in: .newlines))
        }
        guard let text = literal?.revealed else { return nil }
        if text.hasPrefix("${"), text.hasSuffix("}"), text.count > 3 {
            let variable = String(text.dropFirst(2).dropLast())
            guard let value = environment[variable], !value.isEmpty else {
                throw VigilError(.badRequest, "\(owner): the environment variable \(variable) is not set.")
            }
            return Secret(value)
        }
        return literal
    }
}

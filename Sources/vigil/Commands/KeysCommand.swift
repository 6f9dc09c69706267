import ArgumentParser
import VigilCore
import VigilServer
import VigilStorage
import VigilEngine

/// `vigil keys`: the token signing keys (sealed in the database with the key-encryption key).
struct KeysCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keys",
        abstract: "Token signing keys: list them, or rotate to a new one.",
        subcommands: [List.self, Rotate.self])

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "One JSON line per signing key: kid, algorithm, createdDateTime, retiredDateTime, acceptedUntil, sealed (never the key).")
        @OptionGroup var data: DataOptions

        func run() async throws {
            let configuration = try data.configuration()
            for key in try await data.identity().signingKeys() {
                var line: [String: JSONValue] = ["kid": .string(key.kid), "algorithm": .string(key.algorithm),
                                                 "createdDateTime": .string(key.createdAt.iso8601),
                                                 "sealed": .bool(KeyEncryptionKey.isSealed(key.material))]
                if let retired = key.retiredAt {
                    line["retiredDateTime"] = .string(retired.iso8601)
                    line["acceptedUntil"] = .string(retired.adding(seconds: Int64(configuration.tokenLifetimeSeconds)).iso8601)
                }
                print(AlertDocument.line(line))
            }
        }
    }

    struct Rotate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Add a new signing key and retire the others; prints {\"kid\",\"retired\",\"acceptedUntil\"}. Running servers sign with the new key within a minute; tokens signed with a retired key keep working until they expire (tokenLifetimeSeconds), then the retired key is deleted.")
        @OptionGroup var data: DataOptions

        func run() async throws {
            let configuration = try data.configuration()
            let (kid, retired) = try await TokenService.rotate(identity: try await data.identity(),
                                                               kek: try configuration.keyEncryptionKey())
            let until = DateTimeOffset.now().adding(seconds: Int64(configuration.tokenLifetimeSeconds))
            print(AlertDocument.line(["kid": .string(kid), "retired": .array(retired.map { .string($0) }),
                                      "acceptedUntil": .string(until.iso8601)]))
        }
    }
}

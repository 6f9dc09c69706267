import ArgumentParser
import AsyncHTTPClient
import Foundation
import NIOCore
import VigilCore
import VigilServer

/// `vigil ingest --format F FILE`: sends a file to a running server in request-sized chunks, with a
/// progress bar, and prints the summed outcome.
struct IngestCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ingest",
        abstract: "Send a file (alerts NDJSON, Suricata EVE, Zeek JSON or TSV, Wazuh alerts.json, CEF) to a running server.",
        discussion: """
            Authenticates with the client-credentials flow (an app with Vigil.Ingest) and posts the file to \
            /ingest/<format> in chunks of --lines lines. Zeek TSV headers are repeated in every chunk. Prints \
            {"records","events","alerts","matches","indicatorAlerts","skipped","malformed","errors"} summed over \
            the chunks (alerts: {"created","updated","rejected","errors"}). Exit 1 when a request failed.
            """)

    @Option(help: "alerts, suricata, zeek, wazuh or cef.") var format: String
    @Argument(help: "The file to send.") var file: String
    @Option(help: "The server's base URL.") var url = "http://127.0.0.1:8080"
    @Option(help: "The tenant id.") var tenant: String
    @Option(help: "The client id of an app with Vigil.Ingest.") var clientId: String
    @Option(help: "Its client secret (default: the VIGIL_CLIENT_SECRET environment variable).") var clientSecret: String?
    @Option(help: "Zeek JSON: the log type when lines have no _path (conn, dns, …).") var path: String?
    @Option(help: "Lines per request.") var lines = 2000

    static let formats = ["alerts", "suricata", "zeek", "wazuh", "cef"]

    func run() async throws {
        guard Self.formats.contains(format) else {
            FileHandle.standardErrorWrite("vigil ingest: unknown format '\(format)' (known: \(Self.formats.joined(separator: ", ")))\n")
            throw ExitCode(2)
        }
        guard let secret = clientSecret ?? ProcessInfo.processInfo.environment["VIGIL_CLIENT_SECRET"] else {
            FileHandle.standardErrorWrite("vigil ingest: give --client-secret or set VIGIL_CLIENT_SECRET\n")
            throw ExitCode(2)
        }
        guard let data = FileManager.default.contents(atPath: file) else {
            FileHandle.standardErrorWrite("vigil ingest: cannot read '\(file)'\n")
            throw ExitCode(1)
        }
        let base = url.hasSuffix("/") ? String(url.dropLast()) : url
        let client = HTTPClient.shared
        let token = try await Self.token(client: client, base: base, tenant: tenant, clientId: clientId, secret: secret)
        let chunks = Self.chunks(Array(data), linesPerChunk: max(1, lines), repeatHeaders: format == "zeek")
        var totals: [String: JSONValue] = [:]
        var errors: [JSONValue] = []
        var failed = false
        var target = "\(base)/ingest/\(format)"
        if let path { target += "?path=\(percentEncodeFormValue(path))" }
        for (n, chunk) in chunks.enumerated() {
            var request = HTTPClientRequest(url: target)
            request.method = .POST
            request.headers.add(name: "Authorization", value: "Bearer \(token)")
            request.headers.add(name: "Content-Type", value: "application/x-ndjson")
            request.body = .bytes(ByteBuffer(bytes: chunk.bytes))
            let response = try await client.execute(request, timeout: .seconds(300))
            let body = try await response.body.collect(upTo: 64 * 1024 * 1024)
            let answer = try JSONParser.parse(Array(body.readableBytesView))
            guard response.status.code == 200, case .object(let object) = answer else {
                FileHandle.standardErrorWrite("\nvigil ingest: chunk \(n + 1) (lines from \(chunk.firstLine)) failed with \(response.status.code): \(JSONWriter.string(answer))\n")
                failed = true
                continue
            }
            for (key, value) in object {
                if case .int(let v) = value, case .int(let total)? = totals[key] {
                    totals[key] = .int(total + v)
                } else if case .int = value {
                    totals[key] = value
                } else if key == "errors", case .array(let items) = value, errors.count < 1000 {
                    // Line numbers are the file's, not the chunk's.
                    errors += items.map { Self.shifted($0, by: chunk.firstLine - 1) }
                }
            }
            ProgressBar.show(n + 1, of: chunks.count)
        }
        if !chunks.isEmpty { FileHandle.standardErrorWrite("\n") }
        totals["errors"] = .array(Array(errors.prefix(1000)))
        print(JSONWriter.string(.object(totals)))
        if failed { throw ExitCode(1) }
    }

    /// A chunk of a file: its bytes (with the Zeek headers in force) and its first line number.
    struct Chunk {
        var bytes: [UInt8]
        var firstLine: Int
    }

    /// Splits a file into chunks of whole lines; with `repeatHeaders`, `#` header lines in force are put at
    /// the start of every chunk (Zeek TSV).
    static func chunks(_ data: [UInt8], linesPerChunk: Int, repeatHeaders: Bool) -> [Chunk] {
        var out: [Chunk] = []
        var headers: [ArraySlice<UInt8>] = []
        var current: [UInt8] = []
        var count = 0
        var first = 1
        var lineNumber = 0
        var sawDataAfterHeaders = true
        for line in data.split(separator: 0x0A, omittingEmptySubsequences: false) {
            lineNumber += 1
            if repeatHeaders, line.first == UInt8(ascii: "#") {
                if sawDataAfterHeaders { headers = [] }
                sawDataAfterHeaders = false
                headers.append(line)
                current += line + [0x0A]
                continue
            }
            sawDataAfterHeaders = true
            if count == 0 {
                first = lineNumber
                if repeatHeaders, current.isEmpty { for h in headers { current += h + [0x0A] } }
            }
            current += line + [0x0A]
            count += 1
            if count == linesPerChunk {
                out.append(Chunk(bytes: current, firstLine: first))
                current = []
                count = 0
            }
        }
        if count > 0 { out.append(Chunk(bytes: current, firstLine: first)) }
        return out
    }

    static func shifted(_ error: JSONValue, by offset: Int) -> JSONValue {
        guard case .object(var o) = error, case .int(let line)? = o["line"] else { return error }
        o["line"] = .int(line + Int64(offset))
        return .object(o)
    }

    static func token(client: HTTPClient, base: String, tenant: String, clientId: String, secret: String) async throws -> String {
        var request = HTTPClientRequest(url: "\(base)/\(tenant)/oauth2/v2.0/token")
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/x-www-form-urlencoded")
        let form = "grant_type=client_credentials&client_id=\(percentEncodeFormValue(clientId))&client_secret=\(percentEncodeFormValue(secret))&scope=\(percentEncodeFormValue(base + "/.default"))"
        request.body = .bytes(ByteBuffer(string: form))
        let response = try await client.execute(request, timeout: .seconds(30))
        let body = try await response.body.collect(upTo: 1024 * 1024)
        guard response.status.code == 200, case .string(let token)? = try JSONParser.parse(Array(body.readableBytesView))["access_token"] else {
            FileHandle.standardErrorWrite("vigil ingest: the token endpoint refused the credentials (\(response.status.code)): \(String(buffer: body))\n")
            throw ExitCode(1)
        }
        return token
    }
}

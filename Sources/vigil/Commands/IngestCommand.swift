import ArgumentParser
import AsyncHTTPClient
import Foundation
import NIOCore
import VigilCore
import VigilEngine

/// `vigil ingest --format F FILE`: sends a file to a running server in request-sized chunks, with a
/// progress bar, and prints the summed outcome. The file is read a chunk at a time (`LineBatcher`), so
/// memory does not grow with its size.
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

    @Option(help: ArgumentHelp("alerts, or a product format: \(LogFormat.names).")) var format: String
    @Argument(help: "The file to send.") var file: String
    @Option(help: "The server's base URL.") var url = "http://127.0.0.1:8080"
    @Option(help: "The tenant id.") var tenant: String
    @Option(help: "The client id of an app with Vigil.Ingest.") var clientId: String
    @Option(help: "Its client secret (default: the VIGIL_CLIENT_SECRET environment variable).") var clientSecret: String?
    @Option(help: "Zeek JSON: the log type when lines have no _path (conn, dns, …).") var path: String?
    @Option(help: "Lines per request.") var lines = 2000

    /// Graph alerts (`/ingest/alerts`) and every product format (`LogFormat`).
    static let formats = ["alerts"] + LogFormat.allCases.map(\.rawValue)

    func run() async throws {
        guard Self.formats.contains(format) else {
            FileHandle.standardErrorWrite("vigil ingest: unknown format '\(format)' (known: \(Self.formats.joined(separator: ", ")))\n")
            throw ExitCode(2)
        }
        guard let secret = clientSecret ?? ProcessInfo.processInfo.environment["VIGIL_CLIENT_SECRET"] else {
            FileHandle.standardErrorWrite("vigil ingest: give --client-secret or set VIGIL_CLIENT_SECRET\n")
            throw ExitCode(2)
        }
        let total: Int
        let chunks: FileChunks
        do {
            // A first pass counts the requests for the progress bar; it holds one batch at a time too.
            total = try await Self.batches(of: FileChunks(path: file), linesPerBatch: lines, repeatHeaders: format == LogFormat.zeek.rawValue) { _ in }
            chunks = try FileChunks(path: file)
        } catch {
            FileHandle.standardErrorWrite("vigil ingest: \(errorMessage(error))\n")
            throw ExitCode(1)
        }
        let base = url.hasSuffix("/") ? String(url.dropLast()) : url
        let client = HTTPClient.shared
        let token = try await Self.token(client: client, base: base, tenant: tenant, clientId: clientId, secret: secret)
        var target = "\(base)/ingest/\(format)"
        if let path { target += "?path=\(percentEncodeFormValue(path))" }
        var sender = Sender(client: client, target: target, token: token)
        try await Self.batches(of: chunks, linesPerBatch: lines, repeatHeaders: format == LogFormat.zeek.rawValue) { batch in
            switch batch {
            case .success(let batch):
                try await sender.send(batch)
                ProgressBar.show(sender.requests, of: max(total, sender.requests))
            case .failure(let error):
                sender.skipped(error)
            }
        }
        if sender.requests > 0 { FileHandle.standardErrorWrite("\n") }
        print(JSONWriter.string(.object(sender.outcome)))
        if sender.failed { throw ExitCode(1) }
    }

    /// Sends batches one after another and sums the server's answers.
    struct Sender {
        let client: HTTPClient
        let target: String
        let token: String
        var totals: [String: JSONValue] = [:]
        var errors: [JSONValue] = []
        var failed = false
        var requests = 0

        init(client: HTTPClient, target: String, token: String) {
            self.client = client
            self.target = target
            self.token = token
        }

        /// The summed outcome with the first 1000 errors.
        var outcome: [String: JSONValue] {
            var out = totals
            out["errors"] = .array(Array(errors.prefix(1000)))
            return out
        }

        /// Posts one batch and adds its answer; a refused batch is reported on stderr and marks the run failed.
        mutating func send(_ batch: LineBatcher.Batch) async throws {
            requests += 1
            var request = HTTPClientRequest(url: target)
            request.method = .POST
            request.headers.add(name: "Authorization", value: "Bearer \(token)")
            request.headers.add(name: "Content-Type", value: "application/x-ndjson")
            request.body = .bytes(ByteBuffer(bytes: batch.bytes))
            let response = try await client.execute(request, timeout: .seconds(300))
            let body = try await response.body.collect(upTo: 64 * 1024 * 1024)
            let answer = try JSONParser.parse(Array(body.readableBytesView))
            guard response.status.code == 200, case .object(let object) = answer else {
                FileHandle.standardErrorWrite("\nvigil ingest: chunk \(requests) (lines from \(batch.firstLine)) failed with \(response.status.code): \(JSONWriter.string(answer))\n")
                failed = true
                return
            }
            for (key, value) in object {
                if case .int(let v) = value, case .int(let total)? = totals[key] {
                    totals[key] = .int(total + v)
                } else if case .int = value {
                    totals[key] = value
                } else if key == "errors", case .array(let items) = value, errors.count < 1000 {
                    // Line numbers are the file's, not the chunk's.
                    errors += items.map { IngestCommand.shifted($0, by: batch.firstLine - 1) }
                }
            }
        }

        /// A line too long to send: counted as malformed and listed with the errors.
        mutating func skipped(_ error: ConnectorError) {
            if case .int(let n)? = totals["malformed"] {
                totals["malformed"] = .int(n + 1)
            } else {
                totals["malformed"] = .int(1)
            }
            if errors.count < 1000 { errors.append(["line": .int(Int64(error.line ?? 0)), "message": .string(error.message)]) }
        }
    }

    /// Reads a file through a `LineBatcher`, giving each batch (or line too long) to `each`.
    /// - Returns: the number of batches.
    @discardableResult
    static func batches(of chunks: FileChunks, linesPerBatch: Int, repeatHeaders: Bool,
                        each: (Result<LineBatcher.Batch, ConnectorError>) async throws -> Void) async throws -> Int {
        var batcher = LineBatcher(linesPerBatch: linesPerBatch, repeatHeaders: repeatHeaders)
        var count = 0
        var atEnd = false
        while !atEnd {
            if let chunk = try chunks.next() {
                batcher.append(chunk)
            } else {
                batcher.finish()
                atEnd = true
            }
            while let batch = batcher.next() {
                if case .success = batch { count += 1 }
                try await each(batch)
            }
        }
        return count
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

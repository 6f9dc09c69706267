import Foundation
import Logging
import ServiceLifecycle
import Synchronization
import VigilCore
import VigilStorage
#if canImport(Glibc)
import Glibc
#endif

/// A log file Vigil follows (`sources:` in the configuration).
public struct FileSourceConfiguration: Sendable, Codable, Equatable {
    /// Unique name; the key of the persisted position and of `/ingest/status`.
    public var name: String
    /// suricata or zeek.
    public var format: String
    /// The file, e.g. `/var/log/suricata/eve.json`.
    public var path: String
    /// The tenant its records belong to.
    public var tenant: String
    /// Zeek JSON: the log type when lines have no `_path` (conn, dns, …).
    public var logPath: String?

    public init(name: String, format: String, path: String, tenant: String, logPath: String? = nil) {
        self.name = name
        self.format = format
        self.path = path
        self.tenant = tenant
        self.logPath = logPath
    }

    enum CodingKeys: String, CodingKey, CaseIterable { case name, format, path, tenant, logPath }

    /// The format, when `format` names one (the configuration is checked for that at load).
    public var logFormat: LogFormat? { LogFormat(rawValue: format.lowercased()) }
}

/// Follows one file: reads complete lines after the persisted position, runs them through the event
/// pipeline, then saves the new position. Rotation (rename and a new file) is followed: what was left in the
/// renamed file (`<path>.1` or `<path>.0`) is read first, then the new file from its start; a truncated file
/// is read again from its start. Positions are saved only after the lines were processed, so a crash or
/// restart loses nothing; lines processed just before a crash may be read again, which updates the same
/// alerts (their ids are derived from the records) rather than adding new ones.
///
/// With `leases`, replicas sharing one database follow a source one at a time: a poll first claims the
/// source's lease (`tail:<name>`) and does nothing when another replica holds it; the holder renews it
/// before every chunk, and stops at once when it lost it. A holder that dies is replaced once `leaseTTL`
/// has passed, and the new holder resumes at the saved position and from the source's saved counters.
public struct FileTailer: Sendable {
    public let source: FileSourceConfiguration
    let cursors: any TailCursorRepository
    let pipeline: EventPipeline
    /// Most bytes read per step.
    let chunkBytes: Int
    let leases: (any WorkLeaseRepository)?
    let holder: String
    let leaseTTL: Duration
    /// The generation of the lease last held (it changes whenever the source changes hands).
    private let heldGeneration = HeldGeneration()

    /// Guards the last lease generation seen with a mutex (a tailer is polled by one task, but is Sendable).
    final class HeldGeneration: Sendable {
        let value = Mutex<Int?>(nil)
    }

    public init(source: FileSourceConfiguration, cursors: any TailCursorRepository, pipeline: EventPipeline,
                chunkBytes: Int = 4 * 1024 * 1024, leases: (any WorkLeaseRepository)? = nil,
                holder: String = WorkLeaseHolder.id, leaseTTL: Duration = .seconds(10)) {
        self.source = source
        self.cursors = cursors
        self.pipeline = pipeline
        self.chunkBytes = chunkBytes
        self.leases = leases
        self.holder = holder
        self.leaseTTL = leaseTTL
    }

    /// The name of a source's lease.
    public var leaseName: String { "tail:" + source.name }

    /// Claims or renews this source's lease; always true without leases. When this replica has just come to
    /// hold it (first, or again after another replica held it), the source's counters are reloaded first:
    /// another replica may have counted meanwhile.
    func holdsLease() async throws -> Bool {
        guard let leases else { return true }
        guard let lease = try await leases.claim(leaseName, holder: holder, ttl: leaseTTL) else { return false }
        let takenOver = heldGeneration.value.withLock { last in
            defer { last = lease.generation }
            return last != lease.generation
        }
        if takenOver { try await pipeline.restoreStatus(tenantId: source.tenant, source: source.name) }
        return true
    }

    /// Gives the source up (at shutdown), so another replica can follow it at once.
    public func releaseLease() async throws {
        try await leases?.release(leaseName, holder: holder)
    }

    /// Processes everything new; returns how many lines were processed (0 when another replica holds the source).
    public func poll() async throws -> Int {
        guard try await holdsLease() else { return 0 }
        guard let current = Self.inode(source.path) else { return 0 }
        var cursor = try await cursors.cursor(source: source.name) ?? TailCursor(inode: current, offset: 0)
        var processed = 0
        if cursor.inode != current {
            // Rotated: finish the old file if it is still beside the new one, then start the new one.
            for rotated in [source.path + ".1", source.path + ".0"] where Self.inode(rotated) == cursor.inode {
                processed += try await drain(path: rotated, cursor: &cursor)
                break
            }
            cursor = TailCursor(inode: current, offset: 0)
            try await cursors.save(source: source.name, cursor)
        }
        if let size = Self.size(source.path), size < cursor.offset {
            cursor.offset = 0  // truncated (copytruncate)
        }
        processed += try await drain(path: source.path, cursor: &cursor)
        return processed
    }

    /// Processes the complete lines of `path` after `cursor.offset`, saving the position after each chunk.
    private func drain(path: String, cursor: inout TailCursor) async throws -> Int {
        guard let handle = FileHandle(forReadingAtPath: path) else { return 0 }
        // Closing a read-only handle cannot lose anything; a failure to close is not worth failing the poll.
        defer { try? handle.close() }
        let header = source.logFormat == .zeek ? Self.zeekHeader(handle) : []
        var processed = 0
        while true {
            // Another replica may have taken over after a stall: never process a chunk without the lease.
            if processed > 0, try await !holdsLease() { return processed }
            try handle.seek(toOffset: cursor.offset)
            guard let data = try handle.read(upToCount: chunkBytes), !data.isEmpty else { return processed }
            let bytes = [UInt8](data)
            guard let lastNewline = bytes.lastIndex(of: 0x0A) else {
                if bytes.count == chunkBytes {
                    // A single line longer than a chunk: skip it, counted as malformed, rather than stall.
                    cursor.offset += UInt64(bytes.count)
                    try await cursors.save(source: source.name, cursor)
                    continue
                }
                return processed  // a line still being written
            }
            var body = Array(bytes[...lastNewline])
            if !header.isEmpty, body.first != UInt8(ascii: "#") { body = header + body }
            let format = try LogFormat(named: source.format, field: "sources[\(source.name)].format")
            let records = await EventPipeline.read(format: format, body: body, path: source.logPath)
            _ = try await pipeline.process(tenantId: source.tenant, source: source.name, records)
            processed += records.count
            cursor.offset += UInt64(lastNewline + 1)
            try await cursors.save(source: source.name, cursor)
        }
    }

    /// The `#` header lines at the start of a Zeek TSV file (empty for JSON logs).
    static func zeekHeader(_ handle: FileHandle) -> [UInt8] {
        do {
            try handle.seek(toOffset: 0)
            guard let data = try handle.read(upToCount: 64 * 1024) else { return [] }
            var header: [UInt8] = []
            for line in [UInt8](data).split(separator: 0x0A, omittingEmptySubsequences: false) {
                guard line.first == UInt8(ascii: "#") else { break }
                header += line + [0x0A]
            }
            return header
        } catch {
            // Unreadable now: the data lines will then fail as malformed and be reported per source.
            return []
        }
    }

    static func inode(_ path: String) -> UInt64? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        return UInt64(info.st_ino)
    }

    static func size(_ path: String) -> UInt64? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        return UInt64(info.st_size)
    }
}

/// Follows every configured file source, polling twice a second, until graceful shutdown.
public struct FileTailService: Service {
    let tailers: [FileTailer]
    let interval: Duration
    let logger: Logger
    /// Where a file that cannot be read shows (`tail:<source>`).
    let health: HealthRegistry?

    public init(tailers: [FileTailer], interval: Duration = .milliseconds(500), logger: Logger, health: HealthRegistry? = nil) {
        self.health = health
        self.tailers = tailers
        self.interval = interval
        self.logger = logger
    }

    public func run() async throws {
        guard !tailers.isEmpty else { return }
        do {
            try await cancelWhenGracefulShutdown {
                while !Task.isCancelled {
                    for tailer in tailers {
                        do {
                            _ = try await tailer.poll()
                            await health?.succeeded(tailer.leaseName)
                        } catch {
                            logger.error("could not read \(tailer.source.path) (\(tailer.source.name)): \(error)")
                            await health?.failed(tailer.leaseName, "could not read \(tailer.source.path)", error: error)
                        }
                    }
                    try await Task.sleep(for: interval)
                }
            }
        } catch is CancellationError {
            await releaseLeases()
            return
        }
        await releaseLeases()
    }

    private func releaseLeases() async {
        for tailer in tailers {
            do {
                try await tailer.releaseLease()
            } catch {
                logger.error("could not release the lease of \(tailer.source.name); another replica takes it over when it lapses: \(error)")
            }
        }
    }
}

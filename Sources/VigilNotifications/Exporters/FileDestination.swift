import Foundation
import NIOPosix
import Synchronization
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// JSON lines (``AlertJSONFormatter``) appended to a file, rotated by size: when the next line would take
/// the file past `maxBytes`, `path.N-1` … `path.1` become `path.N` … `path.2` (the oldest beyond `maxFiles`
/// is deleted), the file becomes `path.1`, and a new file is started. A batch counts as accepted once it
/// is written and synced to disk. Blocking file calls run on NIO's thread pool, not on the async executors.
public final class FileDestination: ExportDestination {
    /// The file written.
    public let path: String
    /// The size at which it is rotated.
    public let maxBytes: Int
    /// Rotated files kept.
    public let maxFiles: Int
    /// The open file and its size; taken for the whole of a batch, which alone touches the file.
    private let file = Mutex<OpenFile?>(nil)

    struct OpenFile {
        var descriptor: Int32
        var size: Int
    }

    /// - Parameters:
    ///   - maxBytes: the size at which the file is rotated (a single longer line still gets a file of its own).
    ///   - maxFiles: rotated files kept; 0 keeps none (the file is started anew).
    public init(path: String, maxBytes: Int, maxFiles: Int) {
        self.path = path
        self.maxBytes = maxBytes
        self.maxFiles = maxFiles
    }

    public func send(_ items: [ExportedAlert]) async throws(ExportFailure) {
        var lines: [[UInt8]] = []
        lines.reserveCapacity(items.count)
        for item in items {
            var line: [UInt8] = []
            AlertJSONFormatter.write(item, to: &line)
            line.append(0x0A)
            lines.append(line)
        }
        let batch = lines
        do {
            try await NIOThreadPool.singleton.runIfActive { try self.write(batch) }
        } catch let failure as ExportFailure {
            throw failure
        } catch {
            throw ExportFailure("file \(path): \(error)")
        }
    }

    /// Writes the lines, rotating as needed, then syncs. On failure the file is closed (and opened again by
    /// the next batch).
    func write(_ lines: [[UInt8]]) throws(ExportFailure) {
        try file.withLock { (open: inout OpenFile?) throws(ExportFailure) in
            do throws(ExportFailure) {
                var current: OpenFile
                if let already = open {
                    current = already
                } else {
                    current = try openFile()
                    open = current
                }
                for line in lines {
                    if current.size > 0, current.size + line.count > maxBytes {
                        try check(fsync(current.descriptor), "sync")
                        closeDescriptor(current.descriptor)
                        open = nil
                        try rotate()
                        current = try self.openFile()
                        open = current
                    }
                    try writeAll(current.descriptor, line)
                    current.size += line.count
                    open = current
                }
                try check(fsync(current.descriptor), "sync")
            } catch {
                if let descriptor = open?.descriptor { closeDescriptor(descriptor) }
                open = nil
                throw error
            }
        }
    }

    private func openFile() throws(ExportFailure) -> OpenFile {
        let folder = (path as NSString).deletingLastPathComponent
        if !folder.isEmpty, !FileManager.default.fileExists(atPath: folder) {
            do {
                try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            } catch {
                throw ExportFailure("file \(path): cannot create the folder: \(error.localizedDescription)")
            }
        }
        let descriptor = openForAppend(path)
        try check(descriptor, "open")
        var status = stat()
        guard fstat(descriptor, &status) == 0 else {
            let error = failure("stat")
            closeDescriptor(descriptor)
            throw error
        }
        return OpenFile(descriptor: descriptor, size: Int(status.st_size))
    }

    /// Shifts `path.i` to `path.i+1` and `path` to `path.1`, dropping what falls beyond `maxFiles`.
    private func rotate() throws(ExportFailure) {
        guard maxFiles > 0 else {
            try check(unlink(path), "remove")
            return
        }
        let oldest = "\(path).\(maxFiles)"
        if access(oldest, F_OK) == 0 { try check(unlink(oldest), "remove \(oldest)") }
        for index in stride(from: maxFiles - 1, through: 1, by: -1) {
            let from = "\(path).\(index)"
            if access(from, F_OK) == 0 { try check(rename(from, "\(path).\(index + 1)"), "rename \(from)") }
        }
        try check(rename(path, "\(path).1"), "rename")
    }

    private func writeAll(_ descriptor: Int32, _ bytes: [UInt8]) throws(ExportFailure) {
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { raw in
                writeBytes(descriptor, raw.baseAddress! + offset, bytes.count - offset)
            }
            if written < 0 {
                if errno == EINTR { continue }
                throw failure("write")
            }
            offset += written
        }
    }

    private func check(_ result: Int32, _ operation: String) throws(ExportFailure) {
        if result < 0 { throw failure(operation) }
    }

    private func failure(_ operation: String) -> ExportFailure {
        ExportFailure("file \(path): \(operation) failed: \(String(cString: strerror(errno)))")
    }

    public func close() async {
        file.withLock { open in
            if let descriptor = open?.descriptor { closeDescriptor(descriptor) }
            open = nil
        }
    }
}

// The C calls, at file scope where the type's own `open`, `write` and `close` do not hide them.
private func openForAppend(_ path: String) -> Int32 { open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o640) }
private func writeBytes(_ descriptor: Int32, _ bytes: UnsafeRawPointer, _ count: Int) -> Int { write(descriptor, bytes, count) }
private func closeDescriptor(_ descriptor: Int32) { _ = close(descriptor) }

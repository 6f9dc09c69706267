import Foundation
import VigilCore

/// Reads a file from start to end a chunk at a time, so that a file of any size takes one chunk of memory.
/// The I/O shell around the pure splitters (`JSONDocumentSplitter`, `LineBatcher`).
public final class FileChunks {
    /// The file.
    public let path: String
    /// Its size when it was opened, in bytes (for progress).
    public let size: Int
    /// Bytes read so far.
    public private(set) var offset = 0
    private let handle: FileHandle
    private let chunkSize: Int

    /// Opens a file.
    /// - Parameters:
    ///   - path: the file.
    ///   - chunkSize: most bytes a chunk takes (1 MiB by default).
    /// - Throws: `VigilError` (not found) when the file cannot be opened.
    public init(path: String, chunkSize: Int = 1024 * 1024) throws(VigilError) {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw VigilError(.notFound, "cannot read '\(path)'")
        }
        self.path = path
        self.handle = handle
        self.chunkSize = max(1, chunkSize)
        var status = stat()
        size = fstat(handle.fileDescriptor, &status) == 0 ? Int(status.st_size) : 0
    }

    deinit {
        try? handle.close()  // Read-only: closing cannot lose data.
    }

    /// The next chunk of the file.
    /// - Returns: up to `chunkSize` bytes, or `nil` at the end of the file.
    /// - Throws: `VigilError` when reading fails (a directory, an I/O error).
    public func next() throws(VigilError) -> [UInt8]? {
        let descriptor = handle.fileDescriptor
        var failure: Int32 = 0
        // Read straight into the array: no `Data` in between, whose byte-by-byte access is slow.
        let chunk = [UInt8](unsafeUninitializedCapacity: chunkSize) { buffer, count in
            count = 0
            while true {
                let n = read(descriptor, buffer.baseAddress, chunkSize)
                if n >= 0 {
                    count = n
                    return
                }
                if errno != EINTR {
                    failure = errno
                    return
                }
            }
        }
        guard failure == 0 else {
            throw VigilError(.internalError, "cannot read '\(path)': \(String(cString: strerror(failure)))")
        }
        guard !chunk.isEmpty else { return nil }
        offset += chunk.count
        return chunk
    }
}

/// Where a tailed file was read up to: its inode and the byte offset after the last line processed.
public struct TailCursor: Sendable, Equatable {
    public var inode: UInt64
    public var offset: UInt64

    public init(inode: UInt64, offset: UInt64) {
        self.inode = inode
        self.offset = offset
    }
}

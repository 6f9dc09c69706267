/// RFC 6587 §3.4.1 / RFC 5425 §4.3 octet-counting framing of syslog messages on a stream:
/// `MSG-LEN SP SYSLOG-MSG`, where MSG-LEN is the message's length in bytes in decimal, without leading
/// zeros. Pure.
public enum OctetCounting {
    /// Appends one framed message.
    public static func frame(_ message: [UInt8], to out: inout [UInt8]) {
        out.append(contentsOf: String(message.count).utf8)
        out.append(0x20)
        out.append(contentsOf: message)
    }

    /// A decoding failure: the stream does not start with a frame length.
    public struct MalformedFrame: Error, Equatable, CustomStringConvertible {
        /// Where in the buffer the bad frame starts.
        public var offset: Int
        public var description: String { "not an octet-counted frame at byte \(offset)" }
    }

    /// Takes the complete frames off the front of `buffer`, leaving a partial last frame in it.
    /// - Parameters:
    ///   - buffer: received bytes; consumed frames are removed.
    ///   - maxLength: the largest frame accepted (a longer MSG-LEN is malformed).
    /// - Returns: the messages, in order.
    /// - Throws: ``MalformedFrame`` when a frame does not start with digits and a space.
    public static func decode(_ buffer: inout [UInt8], maxLength: Int = 1 << 24) throws(MalformedFrame) -> [[UInt8]] {
        var messages: [[UInt8]] = []
        var start = 0
        defer { buffer.removeFirst(start) }
        while start < buffer.count {
            var index = start
            var length = 0
            while index < buffer.count, (0x30...0x39).contains(buffer[index]) {
                length = length * 10 + Int(buffer[index] - 0x30)
                index += 1
                guard length <= maxLength else { throw MalformedFrame(offset: start) }
            }
            guard index < buffer.count else { break }  // the length is not complete yet
            guard index > start, buffer[index] == 0x20, buffer[start] != 0x30 else { throw MalformedFrame(offset: start) }
            let body = index + 1
            guard buffer.count - body >= length else { break }
            messages.append(Array(buffer[body..<(body + length)]))
            start = body + length
        }
        return messages
    }
}

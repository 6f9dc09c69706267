/// Where an exporter sends batches: a syslog receiver, a Splunk collector, a file.
public protocol ExportDestination: Sendable {
    /// Sends a batch and returns once the destination accepted it, as far as its protocol tells: written
    /// and flushed for a file; answered 200 for Splunk; written to the socket for syslog over TCP/TLS (which
    /// has no acknowledgement); handed to the network for UDP.
    /// - Throws: ``ExportFailure`` saying what went wrong.
    func send(_ items: [ExportedAlert]) async throws(ExportFailure)

    /// Releases connections and files; `send` may open them again.
    func close() async
}

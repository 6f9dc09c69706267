import Logging
import NIOCore
import NIOSSL
import VigilCore
import VigilStorage

/// Builds exporter services from their configuration.
public enum ExporterFactory {
    /// The destination an exporter's configuration names.
    /// - Throws: `VigilError` naming the exporter when its token cannot be resolved or its TLS set-up fails.
    public static func destination(for configuration: ExporterConfiguration) throws(VigilError) -> any ExportDestination {
        func fail(_ message: String) -> VigilError { VigilError(.badRequest, "Exporter '\(configuration.name)': \(message)") }
        switch configuration.kind {
        case "syslog":
            let payload: SyslogEncoder.Payload = configuration.resolvedFormat == "json" ? .json : .cef
            let encoder = SyslogEncoder(builder: SyslogMessageBuilder(facility: configuration.resolvedFacility,
                                                                      hostname: configuration.resolvedHostname),
                                        payload: payload)
            let host = configuration.host ?? ""
            switch configuration.resolvedTransport {
            case "udp":
                return SyslogUDPDestination(host: host, port: configuration.resolvedPort, encoder: encoder)
            case "tls":
                let context: NIOSSLContext
                do {
                    context = try SyslogStreamDestination.tlsContext(caFile: configuration.caFile,
                                                                     insecureSkipVerify: configuration.insecureSkipVerify)
                } catch {
                    throw fail(error.message)
                }
                return SyslogStreamDestination(host: host, port: configuration.resolvedPort, encoder: encoder, tls: context)
            default:
                return SyslogStreamDestination(host: host, port: configuration.resolvedPort, encoder: encoder, tls: nil)
            }
        case "splunk":
            let formatter = SplunkHECFormatter(host: configuration.resolvedHostname,
                                               source: configuration.source ?? "vigil",
                                               sourcetype: configuration.sourcetype ?? "vigil:alert",
                                               index: configuration.index)
            return SplunkHECDestination(url: configuration.url ?? "", token: try configuration.resolvedToken(),
                                        formatter: formatter,
                                        timeout: .milliseconds(Int64(configuration.timeoutSeconds * 1000)),
                                        caFile: configuration.caFile, insecureSkipVerify: configuration.insecureSkipVerify)
        case "file":
            return FileDestination(path: configuration.path ?? "", maxBytes: configuration.maxBytes,
                                   maxFiles: configuration.maxFiles)
        default:
            throw fail("'type' must be one of \(ExporterConfiguration.kinds.joined(separator: ", ")), not '\(configuration.kind)'.")
        }
    }

    /// One service per configured exporter, after validating them all.
    /// - Parameter leases: the shared database's leases when several replicas run the exporters, so each
    ///   exporter runs on one replica at a time (see ``ExporterService``); `nil` on a database of one process.
    /// - Throws: `VigilError` naming the first exporter whose configuration is wrong.
    public static func services(_ configurations: [ExporterConfiguration], feed: any AlertChangeFeed,
                                states: any ExporterStateRepository, signal: ChangeSignal?, logger: Logger,
                                leases: (any WorkLeaseRepository)? = nil)
        throws(VigilError) -> [ExporterService]
    {
        try ExporterConfiguration.validate(configurations)
        var services: [ExporterService] = []
        for configuration in configurations {
            services.append(try ExporterService(configuration: configuration, feed: feed, states: states, signal: signal,
                                                destination: try destination(for: configuration), logger: logger,
                                                leases: leases))
        }
        return services
    }
}

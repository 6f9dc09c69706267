import Foundation
import VigilCore
import VigilNotifications
import VigilStorage

/// `vigil bench cef`: how many generated alerts per second one core formats as CEF, bare and inside an
/// RFC 5424 syslog frame (what the syslog exporter sends), and as Splunk HEC events for comparison.
struct CEFBench {
    let alertCount: Int
    let seconds: Double

    /// Runs `body` over all items repeatedly for `seconds`; returns items per second and bytes written.
    func rate(_ body: (inout [UInt8]) -> Void) -> (perSecond: Double, bytes: Int) {
        var buffer: [UInt8] = []
        buffer.reserveCapacity(1 << 20)
        var rounds = 0
        var bytes = 0
        let start = monotonicSeconds()
        var end = start
        repeat {
            buffer.removeAll(keepingCapacity: true)
            body(&buffer)
            bytes += buffer.count
            rounds += 1
            end = monotonicSeconds()
        } while end - start < seconds
        return (Double(rounds * alertCount) / (end - start), bytes / max(rounds, 1))
    }

    func run() -> BenchFigures {
        var generator = AlertGenerator(seed: 11)
        let alerts = generator.alerts(count: alertCount)
        let items = alerts.enumerated().map { n, alert in
            ExportedAlert(change: AlertChange(sequence: Int64(n + 1), tenantId: alert.azureTenantId ?? "t",
                                              alertId: alert.id ?? "", provider: alert.vendorInformation?.provider ?? "",
                                              changeType: .created, changedAt: alert.createdDateTime ?? .now()),
                          alert: alert)
        }
        // Check the benchmark's own output once: every line must read back as CEF.
        for alert in alerts.prefix(100) {
            do {
                _ = try CEFMessage.parse(CEFFormatter.line(alert))
            } catch {
                fatalErrorInBench("a formatted CEF line does not parse: \(error)")
            }
        }
        let cef = rate { out in
            for index in alerts.indices {  // as the exporters do: by index, without copying each alert
                CEFFormatter.write(alerts[index], to: &out)
                out.append(0x0A)
            }
        }
        let encoder = SyslogEncoder(builder: SyslogMessageBuilder(facility: 16, hostname: "vigil-bench"), payload: .cef)
        let syslog = rate { out in
            encoder.writeFramed(items, to: &out)
        }
        let hec = SplunkHECFormatter(host: "vigil-bench")
        let splunk = rate { out in
            for index in items.indices {
                hec.write(items[index], to: &out)
                out.append(0x0A)
            }
        }
        var figures = BenchFigures()
        figures.set("scenario", "cef")
        figures.set("alerts", .int(Int64(alertCount)))
        figures.set("cefAlertsPerSecond", rounded(cef.perSecond))
        figures.set("cefAverageBytes", .int(Int64(cef.bytes / max(alertCount, 1))))
        figures.set("cefMegabytesPerSecond", rounded(cef.perSecond * Double(cef.bytes) / Double(max(alertCount, 1)) / 1e6))
        figures.set("syslogCefFramesPerSecond", rounded(syslog.perSecond))
        figures.set("splunkEventsPerSecond", rounded(splunk.perSecond))
        figures.set("targetCefAlertsPerSecond", .int(200_000))
        figures.set("peakRSSBytes", .int(Int64(peakRSSBytes())))
        return figures
    }
}

import Foundation
import VigilCore
import VigilServer
import VigilStorage
import VigilEngine

/// `vigil bench pipeline`: Suricata EVE end to end through the intake path — lines parsed and mapped,
/// observables matched against 10,000 indicators, alerts (Suricata's and indicator matches) stored in
/// SQLite — in request-sized batches.
struct PipelineBench {
    var eventCount: Int
    var batchSize: Int
    var directory: String

    func run() async throws -> BenchFigures {
        var figures = BenchFigures()
        figures.set("scenario", "pipeline")
        if FileManager.default.fileExists(atPath: directory) { try FileManager.default.removeItem(atPath: directory) }
        var configuration = VigilConfiguration()
        configuration.dataDir = directory
        let services = try await VigilServices.open(configuration)
        let tenant = try await services.identity.createTenant(name: "bench")

        // 10,000 indicators: addresses and domains some events will meet.
        var indicators: [TiIndicator] = []
        let expires = DateTimeOffset("2099-01-01T00:00:00Z")
        for n in 0..<10_000 {
            var t = TiIndicator()
            t.id = "ti-\(n)"
            t.action = TiAction(rawValue: n % 2 == 0 ? "alert" : "block")
            t.expirationDateTime = expires
            if n % 2 == 0 { t.domainName = "bad\(n).example.com" } else { t.networkDestinationIPv4 = "198.51.\(n >> 8 & 0xFF).\(n & 0xFF)" }
            indicators.append(t)
        }
        try await services.indicators.create(tenantId: tenant.id, appId: "bench", indicators, at: .now())

        var random = SeededRandom(seed: 9)
        var processed = 0, matches = 0, stored = 0, malformed = 0
        var bytes = 0
        var seconds = 0.0
        var sequence = 0
        while processed < eventCount {
            let count = min(batchSize, eventCount - processed)
            var lines: [String] = []
            lines.reserveCapacity(count)
            for _ in 0..<count {
                lines.append(Self.eveLine(sequence, &random))
                sequence += 1
            }
            let body = Array(lines.joined(separator: "\n").utf8)
            bytes += body.count
            let t0 = monotonicSeconds()
            let records = await EventPipeline.read(format: .suricata, body: body, path: nil)
            let outcome = try await services.pipeline.process(tenantId: tenant.id, source: "suricata", records)
            seconds += monotonicSeconds() - t0
            processed += count
            matches += outcome.matches
            stored += outcome.alerts + outcome.indicatorAlerts
            malformed += outcome.malformed
        }
        if malformed > 0 { fatalErrorInBench("\(malformed) generated EVE lines were malformed") }
        figures.set("events", .int(Int64(processed)))
        figures.set("batchSize", .int(Int64(batchSize)))
        figures.set("averageEventBytes", .int(Int64(bytes / max(processed, 1))))
        figures.set("indicators", .int(10_000))
        figures.set("eventsPerSecond", rounded(Double(processed) / seconds))
        figures.set("matches", .int(Int64(matches)))
        figures.set("alertsStored", .int(Int64(stored)))
        figures.set("peakRSSBytes", .int(Int64(peakRSSBytes())))
        removeScratch(directory)
        return figures
    }

    /// A Suricata EVE line: 10% alerts, the rest dns, http, tls and flow events; about 2% meet an indicator.
    static func eveLine(_ n: Int, _ random: inout SeededRandom) -> String {
        let r = random.next()
        let time = "2024-03-01T10:\(String(format: "%02d", n / 60 % 60)):\(String(format: "%02d", n % 60)).\(String(format: "%06d", Int(r % 1_000_000)))+0000"
        let src = "10.\(r >> 8 & 0xFF).\(r >> 16 & 0xFF).\(r >> 24 & 0xFF)"
        let hit = r % 50 == 0
        let k = Int(r >> 32 % 5000) * 2
        let dest = hit ? "198.51.\((k + 1) >> 8 & 0xFF).\((k + 1) & 0xFF)" : "203.0.113.\(r >> 40 & 0xFF)"
        let domain = hit ? "www.bad\(k).example.com" : "cdn\(r >> 20 & 0xFFFF).benign.org"
        let common = #""timestamp":"\#(time)","flow_id":\#(n + 1),"in_iface":"eth0","src_ip":"\#(src)","src_port":\#(1024 + Int(r % 60000)),"dest_ip":"\#(dest)""#
        switch n % 10 {
        case 0:
            return #"{\#(common),"dest_port":443,"proto":"TCP","event_type":"alert","alert":{"action":"allowed","gid":1,"signature_id":\#(2_010_000 + Int(r % 500)),"rev":3,"signature":"ET POLICY Suspicious outbound connection \#(r % 500)","category":"Potentially Bad Traffic","severity":\#(1 + Int(r % 3))},"app_proto":"tls","flow":{"pkts_toserver":5,"pkts_toclient":4,"bytes_toserver":900,"bytes_toclient":4200,"start":"\#(time)"}}"#
        case 1, 2, 3:
            return #"{\#(common),"dest_port":53,"proto":"UDP","event_type":"dns","dns":{"type":"query","id":\#(r % 65536),"rrname":"\#(domain)","rrtype":"A","tx_id":0}}"#
        case 4, 5:
            return #"{\#(common),"dest_port":80,"proto":"TCP","event_type":"http","tx_id":0,"http":{"hostname":"\#(domain)","url":"/index.php?id=\#(r % 1000)","http_user_agent":"Mozilla/5.0","http_content_type":"text/html","http_method":"GET","protocol":"HTTP/1.1","status":200,"length":\#(r % 100_000)}}"#
        case 6, 7:
            return #"{\#(common),"dest_port":443,"proto":"TCP","event_type":"tls","tls":{"subject":"CN=\#(domain)","issuerdn":"CN=R3, O=Let's Encrypt, C=US","serial":"04:A1","fingerprint":"aa:bb:cc","sni":"\#(domain)","version":"TLS 1.3","notbefore":"2024-01-01T00:00:00","notafter":"2024-04-01T00:00:00"}}"#
        default:
            return #"{\#(common),"dest_port":443,"proto":"TCP","event_type":"flow","app_proto":"tls","flow":{"pkts_toserver":12,"pkts_toclient":10,"bytes_toserver":1800,"bytes_toclient":9000,"start":"\#(time)","end":"\#(time)","age":1,"state":"closed","reason":"timeout","alerted":false}}"#
        }
    }
}

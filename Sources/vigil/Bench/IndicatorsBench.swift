import Foundation
import VigilCore
import VigilDetection

/// `vigil bench indicators`: builds the matching index of 1M mixed indicators (as the API stores them:
/// tiIndicator objects, read and normalized), then matches events carrying four observables each on one core.
struct IndicatorsBench {
    var indicatorCount: Int
    var eventCount: Int

    func run() -> BenchFigures {
        var figures = BenchFigures()
        figures.set("scenario", "indicators")
        var rng = SeededRandom(seed: 42)
        // Indicators are read one at a time (as from the store) and added as they come.
        let t0 = monotonicSeconds()
        var index = IndicatorIndex()
        for n in 0..<indicatorCount {
            let indicator = Self.indicator(n, &rng)
            index.add(IndexedIndicator(id: indicator.id ?? "", action: "alert",
                                       patterns: IndexedIndicator.patterns(of: indicator).patterns,
                                       expires: indicator.expirationDateTime))
        }
        let loadSeconds = monotonicSeconds() - t0

        // Events: two addresses, a domain and a URL; about one in ten observables hits.
        let events = (0..<min(eventCount, 200_000)).map { n -> [Observable] in
            let hit = n % 10 == 0
            let i = Int(rng.next() % UInt64(indicatorCount))
            return [
                Observable(.ipAddress, hit ? "10.\(i >> 16 & 0xFF).\(i >> 8 & 0xFF).\(i & 0xFF)" : "192.168.\(n >> 8 & 0xFF).\(n & 0xFF)", field: "src_ip"),
                Observable(.ipAddress, "172.16.\(n >> 8 & 0xFF).\(n & 0xFF)", field: "dest_ip"),
                Observable(.domainName, hit ? "www.host\(i).example.com" : "cdn\(n).benign.org", field: "dns.rrname"),
                Observable(.url, "http://site\(n).benign.org/index.html?id=\(n)", field: "http.url"),
            ]
        }
        let now = DateTimeOffset.now()
        var matched = 0
        var processed = 0
        let t1 = monotonicSeconds()
        while processed < eventCount {
            for observables in events {
                for o in observables { matched += index.matches(o, at: now).count }
                processed += 1
                if processed == eventCount { break }
            }
        }
        let matchSeconds = monotonicSeconds() - t1

        figures.set("indicators", .int(Int64(indicatorCount)))
        figures.set("loadSeconds", rounded3(loadSeconds))
        figures.set("events", .int(Int64(eventCount)))
        figures.set("observablesPerEvent", .int(4))
        figures.set("eventsMatchedPerSecond", rounded(Double(eventCount) / matchSeconds))
        figures.set("matches", .int(Int64(matched)))
        figures.set("peakRSSBytes", .int(Int64(peakRSSBytes())))
        return figures
    }

    /// A mixed indicator: IPv4 addresses and networks, IPv6, domains, URLs, hashes, e-mail addresses.
    static func indicator(_ n: Int, _ rng: inout SeededRandom) -> TiIndicator {
        var t = TiIndicator()
        t.id = "ti-\(n)"
        t.action = TiAction(rawValue: "alert")
        t.expirationDateTime = DateTimeOffset("2099-01-01T00:00:00Z")
        switch n % 20 {
        case 0..<7: t.networkDestinationIPv4 = "10.\(n >> 16 & 0xFF).\(n >> 8 & 0xFF).\(n & 0xFF)"
        case 7: t.networkCidrBlock = "100.\(n >> 16 & 0x3F).\(n >> 8 & 0xFF).0/24"
        case 8, 9: t.networkDestinationIPv6 = "2001:db8:\(String(n >> 16, radix: 16)):\(String(n & 0xFFFF, radix: 16))::1"
        case 10..<14: t.domainName = "host\(n).example.com"
        case 14, 15: t.url = "http://host\(n).example.net/path/\(rng.next() % 1000)"
        case 16, 17: t.fileHashValue = String(format: "%016llx%016llx%016llx%016llx", rng.next(), rng.next(), rng.next(), rng.next())
            t.fileHashType = FileHashType(rawValue: "sha256")
        default: t.emailSenderAddress = "user\(n)@phish.example"
        }
        return t
    }
}


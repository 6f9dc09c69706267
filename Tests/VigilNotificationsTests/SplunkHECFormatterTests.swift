import Testing
import VigilCore
@testable import VigilNotifications

@Suite("Splunk HEC body")
struct SplunkHECFormatterTests {
    @Test("One event object per alert: time in epoch seconds with milliseconds, metadata, the alert as event")
    func body() throws {
        var first = CEFFormatterTests.sample()
        first.eventDateTime = DateTimeOffset("2023-11-14T22:13:20.007Z")
        var second = Alert()
        second.id = "b-2"
        second.title = "line\nbreak \"quoted\""
        let formatter = SplunkHECFormatter(host: "vigil-01", source: "vigil", sourcetype: "vigil:alert", index: "security")
        let body = String(decoding: formatter.body([exported(first, sequence: 1), exported(second, sequence: 2)]), as: UTF8.self)
        let objects = body.split(separator: "\n")
        #expect(objects.count == 2)
        #expect(objects[0].hasPrefix(#"{"time":1700000000.007,"host":"vigil-01","source":"vigil","sourcetype":"vigil:alert","index":"security","event":{"#))
        // The second alert has no time of its own: the time of the change (…20.1234567) is used.
        #expect(objects[1].hasPrefix(#"{"time":1700000000.123,"host":"vigil-01","#))
        let event = try JSONParser.parse(Array(objects[1].utf8))
        #expect(event["event"]?["id"]?.stringValue == "b-2")
        #expect(event["event"]?["title"]?.stringValue == "line\nbreak \"quoted\"")
        #expect(event["event"]?["@vigil.sequence"] == .int(2))
        let firstEvent = try JSONParser.parse(Array(objects[0].utf8))
        #expect(firstEvent["event"]?["title"]?.stringValue == "Brute force")
        #expect(firstEvent["event"]?["@vigil.changeType"]?.stringValue == "created")
    }

    @Test("Without host or index those keys are left out")
    func optionalMetadata() throws {
        var alert = Alert()
        alert.id = "x"
        let formatter = SplunkHECFormatter(host: nil)
        let body = String(decoding: formatter.body([exported(alert)]), as: UTF8.self)
        #expect(body.hasPrefix(#"{"time":1700000000.123,"source":"vigil","sourcetype":"vigil:alert","event":{"#))
        #expect(formatter.body([]).isEmpty)
    }

    @Test("The endpoint: a base URL gets /services/collector/event; a collector URL is kept")
    func endpoint() {
        #expect(SplunkHECDestination.endpoint("https://splunk.example:8088") == "https://splunk.example:8088/services/collector/event")
        #expect(SplunkHECDestination.endpoint("https://splunk.example:8088/") == "https://splunk.example:8088/services/collector/event")
        #expect(SplunkHECDestination.endpoint("https://s:8088/services/collector/event/1.0") == "https://s:8088/services/collector/event/1.0")
    }

    @Test("Error answers: HEC's text is shown, else the body's start")
    func collectorText() {
        #expect(SplunkHECDestination.collectorText(#"{"text":"Invalid token","code":4}"#) == "Invalid token")
        #expect(SplunkHECDestination.collectorText("<html>busy</html>") == "<html>busy</html>")
        #expect(SplunkHECDestination.collectorText("") == nil)
    }
}

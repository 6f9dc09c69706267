import Testing
@testable import VigilCore

/// Generic JSON events: the body shapes, the event's type and time, and its observables.
@Suite("Generic events connector")
struct GenericEventConnectorTests {
    static func objects(_ text: String) -> [Result<(line: Int, object: [String: JSONValue]), ConnectorError>] {
        JSONDocuments.objects(Array(text.utf8))
    }

    @Test(arguments: [
        #"[{"a":1},{"a":2}]"#,
        #"{"value":[{"a":1},{"a":2}],"@odata.context":"x"}"#,
        "{\"a\":1}\n{\"a\":2}\n",
        "{\n  \"a\": 1\n}\n{\n  \"a\": 2\n}",
        "  {\"a\":1}{\"a\":2}  ",
    ])
    func bodyShapes(_ body: String) throws {
        let values = try Self.objects(body).map { try $0.get().object["a"] }
        #expect(values == [.int(1), .int(2)])
    }

    @Test("A single object is one event, even with a value member that is not a collection")
    func singleObject() throws {
        let one = try Self.objects(#"{"value":[1],"other":true}"#).map { try $0.get().object }
        #expect(one.count == 1)
        #expect(one.first?["other"] == .bool(true))
    }

    @Test("Malformed parts are reported with their line and do not stop the rest")
    func malformed() {
        let results = Self.objects("{\"a\":1}\nnot json\n{\"a\":\n{\"a\":3}\n[1]\n")
        #expect(results.count == 5)
        #expect((try? results[0].get().object["a"]) == .int(1))
        guard case .failure(let e1) = results[1], case .failure(let e2) = results[2], case .failure(let e4) = results[4] else {
            Issue.record("expected failures at 2, 3 and 5: \(results)")
            return
        }
        #expect(e1.line == 2)
        #expect(e1.message.hasPrefix("malformed JSON"))
        #expect(e2.line == 3)
        #expect((try? results[3].get().object["a"]) == .int(3))
        #expect(e4.line == 5)
        #expect(e4.message == "expected a JSON object, found array")
    }

    @Test("Windows events get a windows type and their time; observables come from the fields that name them")
    func windowsEvent() throws {
        let body = #"""
            {"Event":{"System":{"EventID":3,"Channel":"Microsoft-Windows-Sysmon/Operational","Computer":"ws1",
              "TimeCreated":{"#attributes":{"SystemTime":"2026-03-02T09:00:00.123456Z"}}},
             "EventData":{"SourceIp":"10.0.0.5","SourcePort":"50000","DestinationIp":"203.0.113.7","DestinationHostname":"Evil.Example.",
               "FileVersion":"1.0.0.1","Hashes":"MD5=0123456789ABCDEF0123456789ABCDEF,SHA256=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
               "Url":"https://evil.example/x","SenderMail":"Bob <bob@example.com>"}}}
            """#
        let records = GenericEventConnector.read(body: Array(body.utf8))
        guard case .success(.event(let event)) = records.first else { Issue.record("\(records)"); return }
        #expect(event.source == "events")
        #expect(event.type == "windows:3")
        #expect(event.time == DateTimeOffset("2026-03-02T09:00:00.123456Z"))
        #expect(Set(event.observables.map(\.description)) == [
            "ipAddress:10.0.0.5", "ipAddress:203.0.113.7", "domainName:evil.example",
            "md5:0123456789abcdef0123456789abcdef", "sha256:" + String(repeating: "a", count: 64),
            "url:https://evil.example/x", "emailAddress:bob@example.com",
        ])
    }

    @Test("Other events take their type from event_type or type")
    func otherTypes() {
        #expect(GenericEventConnector.event(["event_type": "dns"]).type == "dns")
        #expect(GenericEventConnector.event(["type": "EXECVE"]).type == "EXECVE")
        #expect(GenericEventConnector.event(["x": 1]).type == "event")
        #expect(GenericEventConnector.event(["@timestamp": "2026-01-01T00:00:00Z"]).time == DateTimeOffset("2026-01-01T00:00:00Z"))
    }
}

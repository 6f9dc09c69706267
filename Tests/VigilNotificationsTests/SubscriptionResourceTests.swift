import Synchronization
import Testing
import VigilCore
import VigilStorage
@testable import VigilNotifications

@Suite("Subscription resources")
struct SubscriptionResourceTests {
    static func alert(id: String, severity: AlertSeverity, status: AlertStatus) -> Alert {
        var a = Alert()
        a.id = id
        a.severity = severity
        a.status = status
        return a
    }

    @Test("Resources parse to one alert or a filter", arguments: [
        ("security/alerts/abc", "alert:abc"), ("/security/alerts/abc", "alert:abc"), ("Security/Alerts/a%20b", "alert:a b"),
        ("security/alerts?$filter=status eq 'newAlert'", "filter"), ("/security/alerts?$filter=status%20eq%20'newAlert'", "filter"),
        ("security/alerts?filter=severity eq 'high'", "filter"),
    ])
    func parse(resource: String, expected: String) throws {
        let parsed = try AlertSubscriptionResource.parse(resource, allowUnfiltered: false)
        switch parsed {
        case .alert(let id): #expect(expected == "alert:\(id)")
        case .filtered: #expect(expected == "filter")
        case .all: Issue.record("\(resource) parsed as all")
        }
    }

    @Test("Bad resources are refused", arguments: [
        ("security/alerts", "too wide"), ("/security/alerts/", "too wide"), ("security/alerts?$filter=", "too wide"),
        ("security/alerts?$top=1", "only $filter"), ("security/alerts?$filter=a&$filter=b", "twice"),
        ("security/alerts/x?$filter=status eq 'newAlert'", "no query options"), ("me/messages", "Unsupported"),
        ("security/alertsx", "Unsupported"), ("security/alerts?$filter=nope eq 1", "nope"),
    ])
    func refuse(resource: String, fragment: String) {
        #expect {
            try AlertSubscriptionResource.parse(resource, allowUnfiltered: false)
        } throws: { error in
            (error as? VigilError)?.message.contains(fragment) == true
        }
    }

    @Test("A bare resource is accepted only when allowed, and matches every alert")
    func bare() throws {
        let all = try AlertSubscriptionResource.parse("security/alerts", allowUnfiltered: true)
        #expect(all.matches(Self.alert(id: "x", severity: .low, status: .resolved)))
    }

    @Test("Filters and ids select alerts")
    func matching() throws {
        let filter = try AlertSubscriptionResource.parse("security/alerts?$filter=severity eq 'high' and status eq 'newAlert'",
                                                         allowUnfiltered: false)
        #expect(filter.matches(Self.alert(id: "1", severity: .high, status: .newAlert)))
        #expect(!filter.matches(Self.alert(id: "2", severity: .high, status: .resolved)))
        #expect(!filter.matches(Self.alert(id: "3", severity: .low, status: .newAlert)))
        let one = try AlertSubscriptionResource.parse("security/alerts/1", allowUnfiltered: false)
        #expect(one.matches(Self.alert(id: "1", severity: .low, status: .resolved)))
        #expect(!one.matches(Self.alert(id: "11", severity: .low, status: .resolved)))
    }
}

@Suite("Change signal")
struct ChangeSignalTests {
    @Test("A waiter wakes at notify, long before its timeout; without notify it wakes at the timeout")
    func wakes() async throws {
        let signal = ChangeSignal()
        let clock = ContinuousClock()
        let started = clock.now
        let flag = Flag()
        let waiter = Task {
            await signal.wait(timeout: .seconds(3600))
            flag.set()
        }
        // A notify before the waiter registered wakes nobody, so keep notifying until it returns.
        while !flag.isSet, clock.now - started < .seconds(600) {
            signal.notify()
            try await Task.sleep(for: .milliseconds(20))
        }
        await waiter.value
        // Far below the timeout even on a starved machine: only a notify can have ended the wait.
        #expect(clock.now - started < .seconds(600))
        let again = clock.now
        await signal.wait(timeout: .milliseconds(50))
        #expect(clock.now - again >= .milliseconds(50))
    }

    final class Flag: Sendable {
        private let value = Mutex(false)
        var isSet: Bool { value.withLock { $0 } }
        func set() { value.withLock { $0 = true } }
    }

    @Test("Cancelling a waiting task ends its wait")
    func cancellation() async {
        let signal = ChangeSignal()
        let task = Task { await signal.wait(timeout: .seconds(60)) }
        task.cancel()
        await task.value
        signal.notify()
    }
}

import Testing
@testable import VigilNotifications

@Suite("Export back-off")
struct ExportBackoffTests {
    @Test("Doubles from the initial wait up to the cap; a success starts over")
    func exponential() {
        var backoff = ExportBackoff(initial: .seconds(1), maximum: .seconds(10))
        #expect((1...6).map { _ in backoff.failed() } == [.seconds(1), .seconds(2), .seconds(4), .seconds(8), .seconds(10), .seconds(10)])
        #expect(backoff.failures == 6)
        backoff.succeeded()
        #expect(backoff.failures == 0)
        #expect(backoff.failed() == .seconds(1))
    }

    @Test("A failure that will not go away by itself waits the cap at once")
    func notRetryable() {
        var backoff = ExportBackoff(initial: .milliseconds(50), maximum: .seconds(60))
        #expect(backoff.failed(retryable: false) == .seconds(60))
        #expect(backoff.failed() == .milliseconds(100))
    }

    @Test("Very many failures stay at the cap")
    func manyFailures() {
        var backoff = ExportBackoff(initial: .seconds(1), maximum: .seconds(60))
        for _ in 0..<200 { _ = backoff.failed() }
        #expect(backoff.failed() == .seconds(60))
    }
}

import Testing
@testable import VigilNotifications

@Suite("Retry policy")
struct RetryPolicyTests {
    let policy = RetryPolicy(initialDelay: 10, maxDelay: 900, window: 4 * 3600, jitter: 0.2)

    @Test("Delays double from the initial delay up to the cap", arguments: [
        (1, 10.0), (2, 20.0), (3, 40.0), (6, 320.0), (7, 640.0), (8, 900.0), (40, 900.0),
    ])
    func backoff(attempts: Int, delay: Double) {
        #expect(policy.baseDelay(attempts: attempts) == delay)
    }

    @Test("Jitter spreads a delay by ±20%; the window bounds the last attempt; then dead-letter")
    func schedule() {
        #expect(policy.nextAttempt(attempts: 1, createdAt: 0, now: 100, random: 0) == 108)
        #expect(policy.nextAttempt(attempts: 1, createdAt: 0, now: 100, random: 0.5) == 110)
        #expect(policy.nextAttempt(attempts: 1, createdAt: 0, now: 100, random: 1) == 112)
        // Close to the end of the window the next attempt is at its end, not after.
        #expect(policy.nextAttempt(attempts: 8, createdAt: 0, now: 14_000, random: 0.5) == 14_400)
        #expect(policy.nextAttempt(attempts: 9, createdAt: 0, now: 14_400, random: 0.5) == nil)
        #expect(policy.nextAttempt(attempts: 2, createdAt: 0, now: 20_000, random: 0.5) == nil)
    }

    @Test("Settings give the policy and refuse values out of range")
    func settings() {
        var settings = NotificationSettings()
        #expect(settings.problem == nil)
        #expect(settings.retryPolicy.window == 4 * 3600)
        settings.retryWindowHours = 169
        #expect(settings.problem?.contains("168") == true)
        settings.retryWindowHours = 168
        settings.batchSize = 101
        #expect(settings.problem?.contains("batchSize") == true)
    }
}

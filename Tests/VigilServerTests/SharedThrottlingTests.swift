import Foundation
import Testing
import VigilCore
import VigilStorage
import VigilTesting
@testable import VigilServer
@testable import VigilEngine

/// On PostgreSQL a throttling budget is one for all replicas: requests through either count against it.
@Suite("Throttling shared by replicas on PostgreSQL", .enabled(if: SharedTestPostgres.serverURL != nil,
                                                               Comment(rawValue: SharedTestPostgres.unavailableText)))
struct SharedThrottlingTests {
    @Test("Two replicas' limiters share one window: the sixth request of five allowed is refused on either")
    func budgetIsShared() async throws {
        let url = try await PostgresServicesTests.freshDatabase()
        let storeA = try await VigilStore.open(.postgres(try PostgresLocation(url: Secret(url))))
        let storeB = try await VigilStore.open(.postgres(try PostgresLocation(url: Secret(url))))
        let a = RateLimiter(limits: ["ingest": 5], shared: try #require(storeA.throttle))
        let b = RateLimiter(limits: ["ingest": 5], shared: try #require(storeB.throttle))
        for limiter in [a, b, a, b, a] {
            try await limiter.admit(tenantId: "t", appId: "app", resource: "ingest")
        }
        for limiter in [b, a] {
            do {
                try await limiter.admit(tenantId: "t", appId: "app", resource: "ingest")
                Issue.record("a request over the shared budget was admitted")
            } catch {
                #expect(error.code == .tooManyRequests)
                #expect((1...60).contains(error.retryAfterSeconds ?? 0))
            }
        }
        // Another app and another tenant have budgets of their own.
        try await b.admit(tenantId: "t", appId: "other", resource: "ingest")
        try await a.admit(tenantId: "u", appId: "app", resource: "ingest")
        let lastError = await a.lastSharedError
        #expect(await a.sharedFailures == 0, "\(lastError ?? "")")
        #expect(await b.sharedFailures == 0)
        await storeA.close()
        await storeB.close()
    }
}

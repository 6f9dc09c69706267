import Foundation
import Testing
import VigilCore
@testable import VigilStorage

/// The PostgreSQL store must select and order exactly what the in-memory evaluator does: the corpus of
/// `AlertStoreEquivalenceTests`, every filter with every order, and 10,000 alerts paged with random filters.
@Suite("Alert store: PostgreSQL equals in-memory evaluation", .serialized,
       .enabled(if: PostgresTestDatabase.isAvailable, PostgresTestDatabase.unavailableReason))
struct PostgresAlertStoreEquivalenceTests {
    typealias Corpus = AlertStoreEquivalenceTests

    @Test("Every filter with every order selects the same alerts in the same order as the evaluator")
    func sqlMatchesEvaluator() async throws {
        let database = try await PostgresTestDatabase.fresh()
        let repository = PostgresAlertRepository(database: database)
        let alerts = try Corpus.corpus(count: 1500)
        _ = try await repository.ingest(tenantId: Corpus.tenant, alerts: alerts, at: .now())
        // Another tenant's alerts must never show.
        _ = try await repository.ingest(tenantId: "tenant-b", alerts: Array(alerts.prefix(200)), at: .now())
        var checked = 0, pairs = 0
        for filter in Corpus.filters {
            for order in Corpus.orders {
                let expected = try Corpus.expected(alerts, filter, order)
                let actual = try await Corpus.all(repository, filter, order, pageSize: 1000)
                #expect(actual == expected, "filter: \(filter) orderby: \(order) — \(actual.count) vs \(expected.count)")
                if !expected.isEmpty { checked += 1 }
                pairs += 1
            }
        }
        #expect(pairs == 73 * 11)
        #expect(checked > pairs / 2)
        await database.close()
    }

    @Test("Paging through 10,000 alerts with random filters returns each match exactly once, in order")
    func pagingNeverSkipsOrRepeats() async throws {
        let database = try await PostgresTestDatabase.fresh()
        let repository = PostgresAlertRepository(database: database)
        var generator = AlertGenerator(seed: 5)
        let alerts = generator.alerts(count: 10_000)
        for batch in stride(from: 0, to: alerts.count, by: 1000) {
            _ = try await repository.ingest(tenantId: Corpus.tenant, alerts: Array(alerts[batch..<min(batch + 1000, alerts.count)]),
                                            at: .now())
        }
        var random = SystemRandomNumberGenerator()
        for round in 0..<22 {
            let filter = Corpus.filters[Int.random(in: 0..<Corpus.filters.count, using: &random)]
            let order = Corpus.orders[round % Corpus.orders.count]
            let expected = try Corpus.expected(alerts, filter, order)
            let pageSize = max([1, 7, 50, 333, 1000][round % 5], expected.count / 40)
            let actual = try await Corpus.all(repository, filter, order, pageSize: pageSize)
            #expect(actual == expected, "filter: \(filter) orderby: \(order) page \(pageSize)")
            #expect(Set(actual).count == actual.count)
        }
        await database.close()
    }

    @Test("$count and $skip agree with the evaluator")
    func countAndSkip() async throws {
        let database = try await PostgresTestDatabase.fresh()
        let repository = PostgresAlertRepository(database: database)
        let alerts = try Corpus.corpus(count: 400)
        _ = try await repository.ingest(tenantId: Corpus.tenant, alerts: alerts, at: .now())
        for filter in ["severity eq 'high'", "tags/any()", "true", "false"] {
            let expected = try Corpus.expected(alerts, filter, "createdDateTime desc")
            var request = try Corpus.request(filter, "createdDateTime desc", top: 5)
            request.skip = 3
            request.count = true
            let page = try await repository.list(tenantId: Corpus.tenant, request: request)
            #expect(page.totalCount == expected.count, "filter: \(filter)")
            #expect(try page.alerts().compactMap(\.id) == Array(expected.dropFirst(3).prefix(5)), "filter: \(filter)")
        }
        await database.close()
    }
}

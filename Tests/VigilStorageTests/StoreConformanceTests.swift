import Testing
import VigilCore
@testable import VigilStorage

/// The shared conformance suite on the in-memory and SQLite stores (PostgreSQL: `PostgresStoreConformanceTests`).
@Suite("Store conformance: memory and SQLite")
struct StoreConformanceTests {
    enum Backend: String, CaseIterable, CustomTestStringConvertible {
        case memory, sqlite
        var testDescription: String { rawValue }

        func store() throws -> VigilStore {
            switch self {
            case .memory: TestStores.memory()
            case .sqlite: try TestStores.sqlite()
            }
        }
    }

    @Test(arguments: Backend.allCases) func identity(_ backend: Backend) async throws {
        try await StoreConformance.identity(try backend.store())
    }

    @Test(arguments: Backend.allCases) func indicators(_ backend: Backend) async throws {
        try await StoreConformance.indicators(try backend.store())
    }

    @Test(arguments: Backend.allCases) func federationState(_ backend: Backend) async throws {
        try await StoreConformance.federationState(try backend.store())
    }

    @Test(arguments: Backend.allCases) func tailCursors(_ backend: Backend) async throws {
        try await StoreConformance.tailCursors(try backend.store())
    }

    @Test(arguments: Backend.allCases) func leases(_ backend: Backend) async throws {
        try await StoreConformance.leases(try backend.store())
    }

    @Test(arguments: Backend.allCases) func alerts(_ backend: Backend) async throws {
        try await StoreConformance.alerts(try backend.store())
    }

    // The stores with an in-memory double run on memory too; the others on SQLite.

    @Test(arguments: Backend.allCases) func exporterStates(_ backend: Backend) async throws {
        try await StoreConformance.exporterStates(try backend.store())
    }

    @Test(arguments: Backend.allCases) func sourceStatus(_ backend: Backend) async throws {
        try await StoreConformance.sourceStatus(try backend.store())
    }

    @Test(arguments: Backend.allCases) func duplicatesAreConflicts(_ backend: Backend) async throws {
        try await StoreConformance.duplicatesAreConflicts(try backend.store())
    }

    @Test(arguments: Backend.allCases) func componentHealth(_ backend: Backend) async throws {
        try await StoreConformance.componentHealth(try backend.store())
    }

    @Test(arguments: Backend.allCases) func scoreSnapshots(_ backend: Backend) async throws {
        try await StoreConformance.scoreSnapshots(try backend.store())
    }

    @Test(arguments: Backend.allCases) func scoreStates(_ backend: Backend) async throws {
        try await StoreConformance.scoreStates(try backend.store())
    }

    @Test func changeFeed() async throws { try await StoreConformance.changeFeed(try TestStores.sqlite()) }
    @Test func changeFeedUnderConcurrentWriters() async throws {
        try await StoreConformance.changeFeedUnderConcurrentWriters(try TestStores.sqlite())
    }
    @Test func commitSignal() async throws { try await StoreConformance.commitSignal(try TestStores.sqlite()) }
    @Test func subscriptions() async throws { try await StoreConformance.subscriptions(try TestStores.sqlite()) }
    @Test func routingFollowsSubscriptionsMadeElsewhere() async throws {
        try await StoreConformance.routingFollowsSubscriptionsMadeElsewhere(try TestStores.sqlite())
    }
    @Test func routingUnderConcurrentCreation() async throws {
        try await StoreConformance.routingUnderConcurrentCreation(try TestStores.sqlite())
    }
    @Test func outboxClaims() async throws { try await StoreConformance.outboxClaims(try TestStores.sqlite()) }
    @Test func concurrentOutboxClaims() async throws { try await StoreConformance.concurrentOutboxClaims(try TestStores.sqlite()) }
    @Test func outboxDelivery() async throws { try await StoreConformance.outboxDelivery(try TestStores.sqlite()) }
    @Test func actions() async throws { try await StoreConformance.actions(try TestStores.sqlite()) }
    @Test func concurrentActionClaims() async throws { try await StoreConformance.concurrentActionClaims(try TestStores.sqlite()) }
    @Test func deliveryBacklog() async throws { try await StoreConformance.deliveryBacklog(try TestStores.sqlite()) }
}

/// The same suite on PostgreSQL (a fresh database per test).
@Suite("Store conformance: PostgreSQL", .enabled(if: PostgresTestDatabase.isAvailable, PostgresTestDatabase.unavailableReason))
struct PostgresStoreConformanceTests {
    func withStore(_ body: (VigilStore) async throws -> Void) async throws {
        let store = try await TestStores.postgres()
        do {
            try await body(store)
        } catch {
            await store.close()
            throw error
        }
        await store.close()
    }

    @Test func identity() async throws { try await withStore(StoreConformance.identity) }
    @Test func indicators() async throws { try await withStore(StoreConformance.indicators) }
    @Test func federationState() async throws { try await withStore(StoreConformance.federationState) }
    @Test func tailCursors() async throws { try await withStore(StoreConformance.tailCursors) }
    @Test func leases() async throws { try await withStore(StoreConformance.leases) }
    @Test func alerts() async throws { try await withStore(StoreConformance.alerts) }
    @Test func exporterStates() async throws { try await withStore(StoreConformance.exporterStates) }
    @Test func sourceStatus() async throws { try await withStore(StoreConformance.sourceStatus) }
    @Test func componentHealth() async throws { try await withStore(StoreConformance.componentHealth) }
    @Test func duplicatesAreConflicts() async throws { try await withStore(StoreConformance.duplicatesAreConflicts) }
    @Test func scoreSnapshots() async throws { try await withStore(StoreConformance.scoreSnapshots) }
    @Test func scoreStates() async throws { try await withStore(StoreConformance.scoreStates) }
    @Test func changeFeed() async throws { try await withStore(StoreConformance.changeFeed) }
    @Test func changeFeedUnderConcurrentWriters() async throws {
        try await withStore(StoreConformance.changeFeedUnderConcurrentWriters)
    }
    @Test func commitSignal() async throws { try await withStore(StoreConformance.commitSignal) }
    @Test func subscriptions() async throws { try await withStore(StoreConformance.subscriptions) }
    @Test func routingFollowsSubscriptionsMadeElsewhere() async throws {
        try await withStore(StoreConformance.routingFollowsSubscriptionsMadeElsewhere)
    }
    @Test func routingUnderConcurrentCreation() async throws { try await withStore(StoreConformance.routingUnderConcurrentCreation) }
    @Test func outboxClaims() async throws { try await withStore(StoreConformance.outboxClaims) }
    @Test func concurrentOutboxClaims() async throws { try await withStore(StoreConformance.concurrentOutboxClaims) }
    @Test func outboxDelivery() async throws { try await withStore(StoreConformance.outboxDelivery) }
    @Test func actions() async throws { try await withStore(StoreConformance.actions) }
    @Test func concurrentActionClaims() async throws { try await withStore(StoreConformance.concurrentActionClaims) }
    @Test func deliveryBacklog() async throws { try await withStore(StoreConformance.deliveryBacklog) }
}

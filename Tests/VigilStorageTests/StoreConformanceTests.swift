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
}

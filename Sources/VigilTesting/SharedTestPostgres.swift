import Foundation

/// The PostgreSQL server tests run against, for every test target: `VIGIL_TEST_POSTGRES_URL`
/// (`scripts/with-postgres.sh` starts a throwaway one and sets it). Without it, PostgreSQL tests report
/// that they did not run.
public enum SharedTestPostgres {
    public static let serverURL: String? = {
        let value = ProcessInfo.processInfo.environment["VIGIL_TEST_POSTGRES_URL"] ?? ""
        return value.isEmpty ? nil : value
    }()

    /// What a PostgreSQL test says when no server is given.
    public static let unavailableText =
        "VIGIL_TEST_POSTGRES_URL is not set (run scripts/with-postgres.sh swift test); this PostgreSQL test did not run"
}

import Foundation
import Testing

/// Where the shared real-world data lives: `VIGIL_TEST_DATA`, default `../shared/data` from the package.
enum TestData {
    static let directory: URL = {
        if let path = ProcessInfo.processInfo.environment["VIGIL_TEST_DATA"], !path.isEmpty {
            return URL(fileURLWithPath: path)
        }
        let packageRoot = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        return packageRoot.deletingLastPathComponent().appendingPathComponent("shared/data")
    }()

    /// Whether the Sigma data is present; tests that read it are reported as not run without it.
    static var isAvailable: Bool {
        FileManager.default.fileExists(atPath: directory.appendingPathComponent("sigma/regression").path)
    }

    static let unavailableReason: Comment =
        "shared test data not found (set VIGIL_TEST_DATA to the data folder); this test did not run"

    static func url(_ relative: String) -> URL { directory.appendingPathComponent(relative) }

    /// The folder of this test target's own fixtures.
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures")
}

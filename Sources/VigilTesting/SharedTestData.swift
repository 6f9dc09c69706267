import Foundation

/// Where the shared real-world data lives, for every test target: `VIGIL_TEST_DATA`, else `shared/data`
/// beside the package (`../shared/data`). Tests that need it report that they did not run without it.
public enum SharedTestData {
    public static let directory: URL = {
        if let path = ProcessInfo.processInfo.environment["VIGIL_TEST_DATA"], !path.isEmpty {
            return URL(fileURLWithPath: path)
        }
        // This file is <package>/Sources/VigilTesting/SharedTestData.swift.
        let package = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        return package.deletingLastPathComponent().appendingPathComponent("shared/data")
    }()

    /// Whether the data is present (judged by one of its folders).
    public static func isAvailable(_ folder: String = "graph-examples") -> Bool {
        FileManager.default.fileExists(atPath: directory.appendingPathComponent(folder).path)
    }

    /// What a test that needs the data says when it is missing.
    public static let unavailableText =
        "shared test data not found (set VIGIL_TEST_DATA to the data folder); this test did not run"

    /// A file or folder of the data.
    public static func url(_ relative: String) -> URL { directory.appendingPathComponent(relative) }
}

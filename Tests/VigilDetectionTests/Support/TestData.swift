import Foundation
import Testing
import VigilTesting

/// The shared real-world data (see `SharedTestData`) and this target's own fixtures.
enum TestData {
    static var isAvailable: Bool { SharedTestData.isAvailable("sigma/regression") }
    static let unavailableReason = Comment(rawValue: SharedTestData.unavailableText)
    static func url(_ relative: String) -> URL { SharedTestData.url(relative) }

    /// The folder of this test target's own fixtures.
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures")
}

import Foundation
import Testing
import VigilTesting

/// The shared real-world data (see `SharedTestData`).
enum TestData {
    static var isAvailable: Bool { SharedTestData.isAvailable() }
    static let unavailableReason = Comment(rawValue: SharedTestData.unavailableText)
    static func url(_ relative: String) -> URL { SharedTestData.url(relative) }
}

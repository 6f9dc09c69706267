// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "Vigil",
    platforms: [.macOS(.v14)],
    products: [
        .library(name: "VigilCore", targets: ["VigilCore"]),
        .executable(name: "vigil", targets: ["vigil"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    ],
    targets: [
        .target(name: "VigilCore"),
        .executableTarget(
            name: "vigil",
            dependencies: [
                "VigilCore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(name: "VigilCoreTests", dependencies: ["VigilCore"]),
        // Runs the built `vigil` executable; depends on it so `swift test` builds it first.
        .testTarget(name: "VigilCLITests", dependencies: ["vigil"]),
    ],
    swiftLanguageModes: [.v6]
)

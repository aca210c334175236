// swift-tools-version: 6.0
import Foundation
import PackageDescription

/// Fuzz harnesses for riskpress's Content readers (see Fuzz/README.md). Built only by
/// Fuzz/fuzz.sh, with the address sanitizer and libFuzzer's coverage instrumentation.
///
/// The repository is a path dependency; SwiftPM names it after its folder, whatever the clone is called.
let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()

let package = Package(
    name: "riskpress-fuzz",
    platforms: [.macOS(.v14)],
    dependencies: [.package(path: "..")],
    targets: [
        .executableTarget(
            name: "riskpress-fuzz",
            dependencies: [.product(name: "RiskContent", package: repository.lastPathComponent)]
        )
    ],
    swiftLanguageModes: [.v6]
)

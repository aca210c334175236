// swift-tools-version: 6.0
import PackageDescription

/// riskpress: Content/ (risk registers, Markdown documents) → Output/ (a static site).
///
/// Targets, dependencies pointing one way (see ARCHITECTURE.md):
///   riskpress (CLI) → RiskSite → RiskRender, RiskExport, RiskContent → RiskMarkdown, RiskModel
let package = Package(
    name: "riskpress",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "riskpress", targets: ["riskpress"]),
        .library(name: "RiskSite", targets: ["RiskSite"]),
        // The Content readers alone, for the fuzz harnesses in Fuzz/.
        .library(name: "RiskContent", targets: ["RiskContent"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-collections", from: "1.6.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
        .package(url: "https://github.com/yaslab/CSV.swift", from: "2.5.2"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
        .package(url: "https://github.com/swhitty/FlyingFox", from: "0.27.1"),
        // Tests only: property-based tests on Swift Testing.
        .package(url: "https://github.com/x-sheep/swift-property-based", exact: "2.0.1"),
    ],
    targets: [
        // Debian's libcmark-dev, through pkg-config.
        .systemLibrary(
            name: "CMark",
            pkgConfig: "libcmark",
            providers: [.apt(["libcmark-dev"])]
        ),
        // The domain model: plain value types, no I/O.
        .target(
            name: "RiskModel",
            dependencies: [.product(name: "OrderedCollections", package: "swift-collections")]
        ),
        // The flow chart layout engine (layered / Sugiyama) and CJK text measuring: standard library only.
        .target(name: "FlowLayout"),
        // Markdown → HTML through cmark, with `risks` blocks lifted out.
        .target(name: "RiskMarkdown", dependencies: ["CMark"]),
        // Reading Content/: files, encodings, YAML, CSV, front matter; linking and checking.
        .target(
            name: "RiskContent",
            dependencies: [
                "RiskModel", "RiskMarkdown",
                .product(name: "Yams", package: "Yams"),
                .product(name: "CSV", package: "CSV.swift"),
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
                .product(name: "OrderedCollections", package: "swift-collections"),
            ]
        ),
        // View models and Mustache templates → pages.
        .target(
            name: "RiskRender",
            dependencies: [
                "RiskModel", "FlowLayout",
                .product(name: "Mustache", package: "swift-mustache"),
            ],
            plugins: ["EmbedTheme"]
        ),
        // The register as CSV (Excel, UTF-8 with BOM) and JSON.
        .target(
            name: "RiskExport",
            dependencies: ["RiskModel"]
        ),
        // The build: load, check, render, write into a staging folder, swap into place.
        .target(
            name: "RiskSite",
            dependencies: [
                "RiskModel", "RiskContent", "RiskRender", "RiskExport",
                .product(name: "DequeModule", package: "swift-collections"),
            ]
        ),
        // `riskpress serve`: a local preview that rebuilds on change and reloads the browser.
        .target(
            name: "RiskServe",
            dependencies: ["RiskSite", "RiskContent", "RiskModel", .product(name: "FlyingFox", package: "FlyingFox")]
        ),
        // One call into glibc's allocator settings (mallopt), which Swift's Glibc module does not show.
        .target(name: "CMallocTuning"),
        // The command line: a thin shell over RiskSite.
        .executableTarget(
            name: "riskpress",
            dependencies: ["RiskSite", "RiskServe", "RiskContent", "CMallocTuning", .product(name: "ArgumentParser", package: "swift-argument-parser")]
        ),
        // Build-time tool: compiles the default theme (Templates/) into RiskRender.
        .executableTarget(name: "ThemeEmbedder"),
        .executableTarget(
            name: "flowbench", dependencies: ["FlowLayout", .product(name: "Yams", package: "Yams")], path: "Benchmarks/flowbench"
        ),
        .plugin(name: "EmbedTheme", capability: .buildTool(), dependencies: ["ThemeEmbedder"]),
        // Text generators shared by the property tests.
        .target(
            name: "PropertyTestSupport",
            dependencies: [.product(name: "PropertyBased", package: "swift-property-based")],
            path: "Tests/PropertyTestSupport"
        ),
        .testTarget(
            name: "FlowLayoutTests",
            dependencies: ["FlowLayout", "PropertyTestSupport", .product(name: "PropertyBased", package: "swift-property-based")]
        ),
        .testTarget(
            name: "RiskContentTests",
            dependencies: [
                "RiskContent", "RiskModel", "RiskMarkdown", "RiskRender", "PropertyTestSupport",
                .product(name: "PropertyBased", package: "swift-property-based"),
            ]
        ),
        .testTarget(
            name: "RiskSiteTests",
            dependencies: [
                "RiskSite", "RiskContent", "RiskModel", "RiskExport", "RiskRender", "RiskServe", "FlowLayout", .product(name: "CSV", package: "CSV.swift"),
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)

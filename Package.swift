// swift-tools-version: 6.1
import PackageDescription

/// Strictness shared by every Swift target (see STYLE.md: Swift 6 mode, explicit existentials,
/// imports internal unless a module re-exports a type in its API).
let strictSettings: [SwiftSetting] = [
    .swiftLanguageMode(.v6),
    .enableUpcomingFeature("InternalImportsByDefault"),
    .enableUpcomingFeature("ExistentialAny"),
]

let package = Package(
    name: "Vouch",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "vouch", targets: ["vouch"]),
        .library(name: "VouchCore", targets: ["VouchCore"]),
        .library(name: "VouchCrypto", targets: ["VouchCrypto"]),
        .library(name: "VouchArchive", targets: ["VouchArchive"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/LebJe/TOMLKit", from: "0.6.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
    ],
    targets: [
        // C libraries: module map + shim header only, found through pkg-config.
        .systemLibrary(
            name: "COpenSSL",
            pkgConfig: "libcrypto",
            providers: [.apt(["libssl-dev"])]
        ),
        .systemLibrary(
            name: "CArchive",
            pkgConfig: "libarchive",
            providers: [.apt(["libarchive-dev"])]
        ),

        // The model: digests, descriptors, findings, verdicts, errors. No C, no I/O.
        .target(name: "VouchCore", swiftSettings: strictSettings),

        // The only importer of COpenSSL.
        .target(
            name: "VouchCrypto",
            dependencies: ["VouchCore", "COpenSSL"],
            swiftSettings: strictSettings
        ),
        // The only importer of CArchive.
        .target(
            name: "VouchArchive",
            dependencies: ["VouchCore", "CArchive"],
            swiftSettings: strictSettings
        ),

        // MARK: image (issue 3): targets and test targets

        // MARK: sbom (issue 4): targets and test targets

        // MARK: signing (issue 5): targets and test targets

        // MARK: secrets (issue 6): targets and test targets

        .executableTarget(
            name: "vouch",
            dependencies: [
                "VouchCore",
                "VouchCrypto",
                "VouchArchive",
                // image (issue 3)
                // sbom (issue 4)
                // signing (issue 5)
                // secrets (issue 6)
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strictSettings
        ),

        .target(
            name: "VouchTestSupport",
            dependencies: ["VouchCore"],
            path: "Tests/VouchTestSupport",
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "VouchCoreTests",
            dependencies: ["VouchCore", "VouchTestSupport"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "VouchCryptoTests",
            dependencies: ["VouchCrypto", "VouchTestSupport"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "VouchArchiveTests",
            dependencies: ["VouchArchive", "VouchTestSupport"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "VouchCLITests",
            dependencies: ["vouch", "VouchTestSupport"],
            swiftSettings: strictSettings
        ),
    ]
)

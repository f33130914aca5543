// swift-tools-version: 6.1
// The fuzz targets (issue 19), a package of their own so `swift build` / `swift test` of Vouch never compile
// them. Build and run with `make fuzz` (see Fuzz/README.md): one libFuzzer executable, `vouch-fuzz`, whose
// first argument names the target.
import PackageDescription

let package = Package(
    name: "VouchFuzz",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(name: "Vouch", path: ".."),
    ],
    targets: [
        .executableTarget(
            name: "vouch-fuzz",
            dependencies: [
                .product(name: "VouchCore", package: "Vouch"),
                .product(name: "VouchCrypto", package: "Vouch"),
                .product(name: "VouchArchive", package: "Vouch"),
                .product(name: "VouchImage", package: "Vouch"),
                .product(name: "VouchSBOM", package: "Vouch"),
                .product(name: "VouchAttest", package: "Vouch"),
                .product(name: "VouchSecrets", package: "Vouch"),
                .product(name: "VouchPolicy", package: "Vouch"),
                .product(name: "VouchSigstore", package: "Vouch"),
                .product(name: "VouchVuln", package: "Vouch"),
            ],
            path: "Sources/VouchFuzz",
            swiftSettings: [
                .swiftLanguageMode(.v6),
                .enableUpcomingFeature("ExistentialAny"),
                .unsafeFlags(["-parse-as-library"]),
            ]
        ),
    ]
)

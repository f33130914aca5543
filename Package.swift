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
        // fuzz (issue 19): the Fuzz/ package links the parsers through these products.
        .library(name: "VouchImage", targets: ["VouchImage"]),
        .library(name: "VouchSBOM", targets: ["VouchSBOM"]),
        .library(name: "VouchAttest", targets: ["VouchAttest"]),
        .library(name: "VouchSecrets", targets: ["VouchSecrets"]),
        .library(name: "VouchPolicy", targets: ["VouchPolicy"]),
        .library(name: "VouchSigstore", targets: ["VouchSigstore"]),
        .library(name: "VouchVuln", targets: ["VouchVuln"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/LebJe/TOMLKit", from: "0.6.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        // registry (issue 13): the HTTP client of VouchRegistry, its only importer
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
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

        // glibc's malloc.h (allocator tuning), header-only; the only importer is VouchFiles' ProcessMemory.
        .systemLibrary(name: "CMalloc"),
        // The model: digests, descriptors, findings, verdicts, errors. No C library but libc, no I/O.
        .target(name: "VouchCore", swiftSettings: strictSettings),
        // The file layer (issue 11): EINTR-safe descriptor I/O, atomic-or-write-through output files, standard output.
        .target(
            name: "VouchFiles",
            dependencies: ["VouchCore", .target(name: "CMalloc", condition: .when(platforms: [.linux]))],
            swiftSettings: strictSettings
        ),
        .testTarget(name: "VouchFilesTests", dependencies: ["VouchFiles", "VouchTestSupport"], swiftSettings: strictSettings),

        // The only importer of COpenSSL.
        .target(
            name: "VouchCrypto",
            dependencies: ["VouchCore", "VouchFiles", "COpenSSL", "CSodium"],
            swiftSettings: strictSettings
        ),
        // The only importer of CArchive.
        .target(
            name: "VouchArchive",
            dependencies: ["VouchCore", "VouchFiles", "CArchive", "CIsal"],
            swiftSettings: strictSettings
        ),

        // MARK: image (issue 3): targets and test targets
        // ISA-L's igzip inflate; imported only by VouchArchive (IsalGzipInflater).
        .systemLibrary(
            name: "CIsal",
            pkgConfig: "libisal",
            providers: [.apt(["libisal-dev"])]
        ),
        // Image layouts (OCI, oci-archive, docker-save), verification and the squashed filesystem.
        .target(
            name: "VouchImage",
            dependencies: ["VouchCore", "VouchFiles", "VouchCrypto", "VouchArchive"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "VouchImageTests",
            dependencies: ["VouchImage", "VouchArchive", "VouchCrypto", "VouchTestSupport"],
            swiftSettings: strictSettings
        ),

        // MARK: sbom (issue 4): targets and test targets
        // SBOMs: catalogers over a FileResolver (Python, dpkg), the model, SPDX and CycloneDX encoders.
        .target(
            name: "VouchSBOM",
            dependencies: ["VouchCore", "VouchFiles", "VouchCrypto", "VouchImage"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "VouchSBOMTests",
            dependencies: ["VouchSBOM", "VouchCrypto", "VouchTestSupport"],
            swiftSettings: strictSettings
        ),

        // MARK: signing (issue 5): targets and test targets
        // The only importer of CSodium (XSalsa20-Poly1305 for cosign's encrypted key format).
        .systemLibrary(
            name: "CSodium",
            pkgConfig: "libsodium",
            providers: [.apt(["libsodium-dev"])]
        ),
        // DSSE envelopes, in-toto Statements, Sigstore bundles, cosign payloads, SLSA provenance.
        .target(
            name: "VouchAttest",
            dependencies: ["VouchCore", "VouchFiles", "VouchCrypto", "VouchImage", "VouchArchive"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "VouchAttestTests",
            dependencies: ["VouchAttest", "VouchCrypto", "VouchImage", "VouchTestSupport", "vouch"],
            swiftSettings: strictSettings
        ),

        // MARK: secrets (issue 6): targets and test targets
        .systemLibrary(
            name: "CVectorscan",
            pkgConfig: "libhs",
            providers: [.apt(["libvectorscan-dev"])]
        ),
        .systemLibrary(
            name: "CPCRE2",
            pkgConfig: "libpcre2-8",
            providers: [.apt(["libpcre2-dev"])]
        ),
        // The only importer of CVectorscan and CPCRE2.
        .target(
            name: "VouchRegex",
            dependencies: ["VouchCore", "VouchFiles", "VouchCrypto", "CVectorscan", "CPCRE2"],
            swiftSettings: strictSettings
        ),
        // The built-in rules' Vectorscan database, compiled ahead of time and embedded (no C library);
        // imported only by VouchSecrets.
        .target(name: "CVouchPatterns", exclude: ["include/builtin-patterns.bin"]),
        .target(
            name: "VouchSecrets",
            dependencies: ["VouchCore", "VouchFiles", "VouchCrypto", "VouchRegex", "VouchArchive", "VouchImage", "CVouchPatterns", .product(name: "TOMLKit", package: "TOMLKit")],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "VouchRegexTests",
            dependencies: ["VouchRegex", "VouchTestSupport"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "VouchSecretsTests",
            dependencies: ["VouchSecrets", "VouchRegex", "VouchTestSupport", "vouch"],
            swiftSettings: strictSettings
        ),

        // MARK: policy (issue 7): the deploy gate's rules, read from YAML/JSON and applied to gathered evidence.
        .target(
            name: "VouchPolicy",
            dependencies: ["VouchCore", "VouchSBOM", .product(name: "Yams", package: "Yams")],
            swiftSettings: strictSettings
        ),
        // The deploy gate: gathers evidence from an image with every module above, then applies a policy.
        .target(
            name: "VouchGate",
            dependencies: ["VouchCore", "VouchCrypto", "VouchImage", "VouchSBOM", "VouchAttest", "VouchSecrets", "VouchPolicy", "VouchSigstore", "VouchVuln"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "VouchGateTests",
            dependencies: ["VouchGate", "VouchPolicy", "VouchAttest", "VouchCrypto", "VouchTestSupport", "VouchSigstore", "VouchImage",
                           "VouchSBOM", "VouchSecrets"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "DemoTests",
            dependencies: ["vouch", "VouchTestSupport"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "ReleaseAssetTests",
            dependencies: ["vouch", "VouchTestSupport"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "VouchPolicyTests",
            dependencies: ["VouchPolicy", "VouchTestSupport"],
            swiftSettings: strictSettings
        ),

        // MARK: keyless (issue 16): Sigstore bundle verification against a trusted root, offline.
        .target(
            name: "VouchSigstore",
            dependencies: ["VouchCore", "VouchCrypto", "VouchAttest"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "VouchSigstoreTests",
            dependencies: ["VouchSigstore", "VouchAttest", "VouchCrypto", "VouchTestSupport", "vouch"],
            swiftSettings: strictSettings
        ),

        // MARK: vuln (issue 14): offline OSV matching, targets and test targets
        // OSV records, ecosystem version orders, the matcher, CVSS severity, databases and vulnerability reports.
        .target(
            name: "VouchVuln",
            dependencies: ["VouchCore", "VouchFiles", "VouchCrypto", "VouchArchive", "VouchImage", "VouchSBOM"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "VouchVulnTests",
            dependencies: ["VouchVuln", "VouchSBOM", "VouchArchive", "VouchTestSupport", "vouch"],
            swiftSettings: strictSettings
        ),

        // MARK: registry (issue 13): the OCI distribution client; the only importer of AsyncHTTPClient.
        .target(
            name: "VouchRegistry",
            dependencies: ["VouchCore", "VouchFiles", "VouchCrypto", "VouchImage", .product(name: "AsyncHTTPClient", package: "async-http-client")],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "VouchRegistryTests",
            dependencies: ["VouchRegistry", "VouchImage", "VouchCrypto", "VouchTestSupport", "vouch"],
            swiftSettings: strictSettings
        ),
        // MARK: sbom audit (issue 15): validate, check against minimum-elements profiles, score and diff any SBOM.
        .target(
            name: "VouchSBOMAudit",
            dependencies: ["VouchCore", "VouchFiles", "VouchCrypto", "VouchSBOM", "VouchVuln", "VouchPolicy", "VouchAttest"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "VouchSBOMAuditTests",
            dependencies: ["VouchSBOMAudit", "VouchSBOM", "VouchTestSupport", "vouch"],
            swiftSettings: strictSettings
        ),

        .executableTarget(
            name: "vouch",
            dependencies: [
                "VouchCore",
                "VouchFiles",
                "VouchCrypto",
                "VouchArchive",
                // image (issue 3)
                "VouchImage",
                // sbom (issue 4)
                "VouchSBOM",
                // signing (issue 5)
                "VouchAttest",
                // secrets (issue 6)
                "VouchSecrets",
                // policy (issue 7)
                "VouchPolicy",
                "VouchGate",
                // keyless (issue 16)
                "VouchSigstore",
                // vuln (issue 14)
                "VouchVuln",
                // registry (issue 13)
                "VouchRegistry",
                // sbom audit (issue 15)
                "VouchSBOMAudit",
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
            dependencies: ["VouchArchive", "VouchCrypto", "VouchTestSupport"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "VouchCLITests",
            dependencies: ["vouch", "VouchTestSupport", "VouchCore", "VouchCrypto", "VouchImage", "VouchSBOM", "VouchSecrets"],
            swiftSettings: strictSettings
        ),
    ]
)

// MARK: fuzz (issue 19): the property tests' generator library, a dependency of these test targets only.
package.dependencies.append(.package(url: "https://github.com/x-sheep/swift-property-based", exact: "2.0.1"))
for target in package.targets where ["VouchCoreTests", "VouchSBOMTests", "VouchVulnTests", "VouchSigstoreTests"].contains(target.name) {
    target.dependencies.append(.product(name: "PropertyBased", package: "swift-property-based"))
}

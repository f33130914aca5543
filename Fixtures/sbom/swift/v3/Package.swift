// swift-tools-version: 6.1
import PackageDescription

let helperName = "computed-helper"

let package = Package(
    name: "Gateway",
    platforms: [.macOS(.v15)],
    products: [
        // .library(name: "Commented", targets: ["Commented"]),
        .executable(name: "gateway", targets: ["gateway"]),
        .library(name: "GatewayCore", targets: ["GatewayCore"]),
        /* .library(name: "AlsoCommented", targets: []), */
        .library(name: helperName, targets: ["Helper"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/LebJe/TOMLKit", from: "0.6.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
    ],
    targets: [
        .executableTarget(name: "gateway", dependencies: ["GatewayCore"]),
        .target(name: "GatewayCore"),
        .target(name: "Helper", path: "Sources/Helper [with brackets]"),
    ]
)

import Foundation
import Testing
import VouchCore
import VouchTestSupport
@testable import VouchSBOM

/// The Swift package cataloger over the committed `Fixtures/sbom/swift/v1|v2|v3` lock files (one per
/// Package.resolved format), syft's Swift cataloger on the same files, and `vouch sbom` of this repository.
@Suite struct SwiftCatalogerTests {
    /// The fixture laid out as a package in a fresh directory: the committed `Package.resolved.json` (so the
    /// repository tracks no file named Package.resolved) becomes `Package.resolved`, beside any `Package.swift`.
    static func fixture(_ version: String) -> String {
        let source = Fixtures.path("sbom/swift/\(version)")
        let target = FileManager.default.temporaryDirectory.appendingPathComponent("vouch-swift-\(version)-\(UUID().uuidString)").path
        try! FileManager.default.createDirectory(atPath: target, withIntermediateDirectories: true)
        try! FileManager.default.copyItem(atPath: source + "/Package.resolved.json", toPath: target + "/Package.resolved")
        if FileManager.default.fileExists(atPath: source + "/Package.swift") {
            try! FileManager.default.copyItem(atPath: source + "/Package.swift", toPath: target + "/Package.swift")
        }
        return target
    }

    static func swiftPackages(_ path: String) throws -> [SBOMPackage] {
        try SBOMTestFixtures.document(path, name: "swift").packages.filter { $0.ecosystem == .swift }
    }

    @Test func packageResolvedVersionOneIsRead() throws {
        let packages = try Self.swiftPackages(Self.fixture("v1"))
        #expect(packages.map(\.id) == ["swift:swift-argument-parser@0.4.4", "swift:swift-log@1.4.2"])
        let parser = try #require(packages.first)
        #expect(parser.purl == "pkg:swift/github.com/apple/swift-argument-parser@0.4.4")
        #expect(parser.origin == .vcs(url: "https://github.com/apple/swift-argument-parser.git", vcs: "git", commit: "83b23d940471b313427da226196661856f6ba3e0"))
        #expect(parser.homepage == "https://github.com/apple/swift-argument-parser")
        #expect(parser.location == "/Package.resolved")
    }

    @Test func packageResolvedVersionTwoIsRead() throws {
        let packages = try Self.swiftPackages(Self.fixture("v2"))
        #expect(packages.map(\.purl) == [
            "pkg:swift/github.com/apple/swift-collections@1.1.4",
            "pkg:swift/github.com/apple/swift-crypto@3.10.0",
            "pkg:swift/github.com/apple/swift-nio@2.76.1",
        ])
    }

    @Test func packageResolvedVersionThreeIsReadWithTheManifestAsRoot() throws {
        let document = try SBOMTestFixtures.document(Self.fixture("v3"), name: "swift")
        let pins = document.packages.filter { $0.location == "/Package.resolved" }
        #expect(pins.map(\.purl) == [
            "pkg:swift/github.com/apple/swift-argument-parser@1.8.2",
            "pkg:swift/github.com/LebJe/TOMLKit@0.6.0",
            "pkg:swift/github.com/jpsim/Yams@6.2.2",
        ])
        let root = try #require(SBOMTestFixtures.package(document, "swift:gateway@"))
        #expect(root.name == "Gateway")
        #expect(root.purl == nil, "a package built from this tree has no registry coordinates")
        #expect(document.dependencies.filter { $0.from == root.id }.map(\.to) == pins.map(\.id))
    }

    @Test func manifestProductsAreTheLiteralOnesOutsideComments() {
        let text = try! String(contentsOfFile: Self.fixture("v3") + "/Package.swift", encoding: .utf8)
        let manifest = PackageManifest(parsing: Array(text.utf8))
        #expect(manifest.name == "Gateway")
        #expect(manifest.products == [
            PackageManifest.Product(kind: "executable", name: "gateway"),
            PackageManifest.Product(kind: "library", name: "GatewayCore"),
        ], "in declaration order")
        #expect(manifest.unreadableProducts == 1, "`.library(name: helperName...)` is computed: counted, not guessed")
    }

    @Test func thisRepositorysManifestDeclaresTheVouchExecutable() throws {
        let manifest = PackageManifest(parsing: Array(try String(contentsOf: Fixtures.repositoryRoot.appendingPathComponent("Package.swift"), encoding: .utf8).utf8))
        #expect(manifest.name == "Vouch")
        #expect(manifest.products.contains(PackageManifest.Product(kind: "executable", name: "vouch")))
        #expect(manifest.products.contains(PackageManifest.Product(kind: "library", name: "VouchCore")))
    }

    @Test func aBranchPinIsVersionedByItsRevision() throws {
        let directory = try TemporaryDirectory("swift-branch")
        try directory.write("Package.resolved", """
            {"pins": [{"identity": "swift-nio", "kind": "remoteSourceControl", "location": "git@github.com:apple/swift-nio.git",
              "state": {"branch": "main", "revision": "914081701062b11e3bb9e21accc379822621995e"}},
             {"identity": "local-thing", "kind": "localSourceControl", "location": "/src/local-thing",
              "state": {"revision": "0000000000000000000000000000000000000001"}}], "version": 2}
            """)
        let packages = try Self.swiftPackages(directory.path)
        let nio = try #require(packages.first { $0.name == "swift-nio" })
        #expect(nio.version == "914081701062b11e3bb9e21accc379822621995e")
        #expect(nio.purl == "pkg:swift/github.com/apple/swift-nio@914081701062b11e3bb9e21accc379822621995e")
        let local = try #require(packages.first { $0.name == "local-thing" })
        #expect(local.purl == nil)
        #expect(local.origin == .localDirectory(url: "/src/local-thing", editable: false))
    }

    @Test func anUnknownFormatVersionIsAWarningNamingTheFile() throws {
        let directory = try TemporaryDirectory("swift-v9")
        try directory.write("Package.resolved", #"{"pins": [], "version": 9}"#)
        let document = try SBOMTestFixtures.document(directory.path, name: "swift")
        #expect(document.packages.isEmpty)
        #expect(document.warnings == ["/Package.resolved: Package.resolved version 9 is not one of the known formats 1, 2 and 3; its packages are not listed"])
        #expect(throws: VouchError.self) { try PackageResolved(parsing: Array(#"{"pins": [{"kind": "registry"}], "version": 2}"#.utf8), path: "p") }
    }

    @Test func aLockFileLargerThanMaximumBytesIsAnErrorNamingTheLimit() throws {
        let directory = try TemporaryDirectory("swift-large")
        try directory.write("Package.resolved", [UInt8](repeating: 0x20, count: PackageResolved.maximumBytes + 1))
        do {
            _ = try SBOMTestFixtures.document(directory.path, name: "swift")
            Issue.record("an oversized Package.resolved was read")
        } catch let error as VouchError {
            #expect(error.code == .limitExceeded)
            #expect("\(error)".contains("maximumBytes"), "\(error)")
            #expect("\(error)".contains("\(PackageResolved.maximumBytes + 1)"), "\(error)")
        }
    }

    /// syft 1.18 repeats the repository in its purl (`pkg:swift/github.com/apple/swift-nio.git/swift-nio@...`),
    /// which syft itself later fixed (anchore/syft#3961) to the purl-spec form Vouch writes. Names, versions and
    /// revisions must agree; purls agree once that repetition is removed.
    @Test(.enabled(if: Peers.shouldRun("syft")), arguments: ["v1", "v2", "v3"])
    func syftsSwiftCatalogerAgrees(_ version: String) throws {
        let result = try CommandRunner.run(try Peers.require("syft"), ["scan", "dir:" + Self.fixture(version), "-o", "syft-json", "-q"])
        #expect(result.status == 0, "\(result.stderr)")
        let object = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
        let artifacts = ((object?["artifacts"] as? [[String: Any]]) ?? []).filter { $0["type"] as? String == "swift" }
        #expect(!artifacts.isEmpty)
        func normalized(_ purl: String, name: String) -> String {
            guard let at = purl.lastIndex(of: "@") else { return purl }
            var path = String(purl[..<at])
            if path.hasSuffix("/" + name) { path.removeLast(name.count + 1) }
            if path.hasSuffix(".git") { path.removeLast(4) }
            return path + purl[at...]
        }
        let theirs = Set(artifacts.compactMap { artifact -> String? in
            guard let name = artifact["name"] as? String, let version = artifact["version"] as? String, let purl = artifact["purl"] as? String,
                  let revision = (artifact["metadata"] as? [String: Any])?["revision"] as? String else { return nil }
            return "\(name) \(version) \(revision) \(normalized(purl, name: name))"
        })
        let ours = Set(try Self.swiftPackages(Self.fixture(version)).filter { $0.location.hasSuffix(".resolved") }.compactMap { package -> String? in
            guard case .vcs(_, _, let commit) = package.origin else { return nil }
            return "\(package.name) \(package.version) \(commit) \(package.purl ?? "")"
        })
        #expect(theirs.count == artifacts.count)
        #expect(ours == theirs)
    }

    /// The lock file SwiftPM wrote when this checkout was built (it is not committed; every build has one).
    @Test func vouchSbomOfThisRepositoryListsThePinnedSwiftPackages() throws {
        let root = Fixtures.repositoryRoot.path
        let lock = try #require(FileManager.default.contents(atPath: root + "/Package.resolved"), "no Package.resolved: build the package first")
        let pins = try #require((try JSONSerialization.jsonObject(with: lock) as? [String: Any])?["pins"] as? [[String: Any]])
        #expect(!pins.isEmpty)
        let result = try CommandRunner.vouch(["sbom", root, "--format", "cyclonedx-json"], environment: ["SOURCE_DATE_EPOCH": "0"])
        #expect(result.status == 0, "\(result.stderr)")
        let bom = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
        let components = (bom?["components"] as? [[String: Any]]) ?? []
        for pin in pins {
            let identity = try #require(pin["identity"] as? String)
            let version = try #require((pin["state"] as? [String: Any])?["version"] as? String)
            let location = try #require(pin["location"] as? String)
            let component = components.first { $0["name"] as? String == identity }
            #expect(component?["version"] as? String == version, "\(identity) is pinned to \(version)")
            #expect(component?["purl"] as? String == PackageURL.swift(location: location, version: version))
        }
        #expect(components.contains { $0["name"] as? String == "Vouch" && ($0["description"] as? String)?.contains("vouch (executable)") == true })
    }
}

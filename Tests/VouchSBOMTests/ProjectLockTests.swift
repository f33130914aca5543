import Foundation
import Testing
import VouchCore
import VouchTestSupport
@testable import VouchSBOM

/// Issue 15: reading the project's lock and requirement files (uv.lock, PEP 751 pylock.toml, pip requirements
/// files, pyproject.toml), their limits, and errors that name the file and line.
@Suite struct ProjectLockTests {
    static let uvLock = """
        version = 1
        requires-python = ">=3.11"

        [[package]]
        name = "gateway"
        version = "0.1.0"
        source = { editable = "." }
        dependencies = [
            { name = "uvicorn", extra = ["standard"] },
            { name = "colorama", marker = "sys_platform == 'win32'" },
        ]

        [package.dev-dependencies]
        dev = [
            { name = "pytest" },
        ]

        [[package]]
        name = "uvicorn"
        version = "0.34.0"
        source = { registry = "https://pypi.org/simple" }
        sdist = { url = "https://files.pythonhosted.org/packages/x/uvicorn-0.34.0.tar.gz", hash = "sha256:\(String(repeating: "a", count: 64))", size = 76568 }
        wheels = [
            { url = "https://files.pythonhosted.org/packages/y/uvicorn-0.34.0-py3-none-any.whl", hash = "sha256:\(String(repeating: "b", count: 64))", size = 62315 },
        ]

        [[package]]
        name = "uvloop"
        version = "0.21.0"
        source = { registry = "https://pypi.org/simple" }
        wheels = [
            { url = "https://files.example/uvloop-0.21.0-cp311-cp311-manylinux_2_17_x86_64.manylinux2014_x86_64.whl", hash = "sha256:\(String(repeating: "c", count: 64))", size = 1 },
            { url = "https://files.example/uvloop-0.21.0-cp311-cp311-macosx_10_9_universal2.whl", hash = "sha256:\(String(repeating: "d", count: 64))", size = 1 },
        ]
        """

    @Test func aUVLockGivesTheProjectsDirectDependenciesWithExtrasMarkersAndDevGroup() throws {
        let directory = try TemporaryDirectory("uv-lock")
        let lock = try ProjectLock.read(try directory.write("uv.lock", Self.uvLock))
        #expect(lock.kind == .uvLock)
        let direct = try #require(lock.direct)
        #expect(direct.map(\.normalizedName) == ["uvicorn", "colorama", "pytest"])
        #expect(direct[0].extras == ["standard"])
        #expect(direct[1].marker != nil)
        #expect(lock.locked["gateway"] == nil, "the project itself is the root, not a locked package")
    }

    @Test func theHashIsTheInstalledWheelsChosenByItsTagsElseTheSdists() throws {
        let directory = try TemporaryDirectory("uv-lock")
        let lock = try ProjectLock.read(try directory.write("uv.lock", Self.uvLock))
        let linux: Set<String> = ["cp311-cp311-manylinux_2_17_x86_64", "cp311-cp311-manylinux2014_x86_64"]
        #expect(lock.artifactHashes(name: "uvloop", version: "0.21.0", wheelTags: linux) == [ComponentHash(algorithm: "SHA-256", value: String(repeating: "c", count: 64))])
        #expect(lock.artifactHashes(name: "uvicorn", version: "0.34.0", wheelTags: ["py3-none-any"]) == [ComponentHash(algorithm: "SHA-256", value: String(repeating: "b", count: 64))])
        // Built locally from the sdist: its wheel's tags are none of the locked wheels'.
        #expect(lock.artifactHashes(name: "uvicorn", version: "0.34.0", wheelTags: ["cp311-cp311-linux_x86_64"]) == [ComponentHash(algorithm: "SHA-256", value: String(repeating: "a", count: 64))])
        #expect(lock.artifactHashes(name: "uvicorn", version: "0.35.0", wheelTags: ["py3-none-any"]).isEmpty, "another version than the lock pins")
        #expect(lock.artifactHashes(name: "uvloop", version: "0.21.0", wheelTags: []).isEmpty, "no WHEEL tags: which artifact is unknown")
    }

    @Test func aRequirementsFileGivesRequirementsWithExtrasIncludesAndSingleHashes() throws {
        let directory = try TemporaryDirectory("requirements")
        _ = try directory.write("base.txt", "requests==2.32.3 \\\n    --hash=sha256:\(String(repeating: "e", count: 64))\n")
        let path = try directory.write("requirements.txt", """
            # the gateway's pins
            --index-url https://pypi.org/simple
            -r base.txt
            uvicorn[standard]==0.34.0  # the server
            sentry-sdk[fastapi]==2.19.2 --hash=sha256:\(String(repeating: "1", count: 64)) --hash=sha256:\(String(repeating: "2", count: 64))
            -e .
            colorama; sys_platform == "win32"

            """)
        let lock = try ProjectLock.read(path)
        #expect(lock.kind == .requirements)
        let direct = try #require(lock.direct)
        #expect(direct.map(\.normalizedName) == ["requests", "uvicorn", "sentry-sdk", "colorama"])
        #expect(direct[1].extras == ["standard"])
        #expect(direct[2].extras == ["fastapi"])
        #expect(lock.artifactHashes(name: "requests", version: "2.32.3", wheelTags: ["py3-none-any"]) == [ComponentHash(algorithm: "SHA-256", value: String(repeating: "e", count: 64))])
        #expect(lock.artifactHashes(name: "sentry-sdk", version: "2.19.2", wheelTags: ["py2.py3-none-any"]).isEmpty, "two hashes: which was installed is unknown")
    }

    @Test func aPylockGivesHashesAndThePyprojectBesideItTheDirectDependencies() throws {
        let directory = try TemporaryDirectory("pylock")
        _ = try directory.write("pylock.toml", """
            lock-version = "1.0"
            created-by = "hand"

            [[packages]]
            name = "uvicorn"
            version = "0.34.0"

            [[packages.wheels]]
            name = "uvicorn-0.34.0-py3-none-any.whl"
            url = "https://files.example/uvicorn-0.34.0-py3-none-any.whl"
            hashes = { sha256 = "\(String(repeating: "f", count: 64))" }
            """)
        _ = try directory.write("pyproject.toml", """
            [project]
            name = "gateway"
            version = "1.0"
            dependencies = ["uvicorn[standard]>=0.30", "httpx"]
            """)
        let lock = try #require(try ProjectLock.find(in: directory.path, venv: false))
        #expect(lock.kind == .pylock)
        #expect(lock.direct?.map(\.normalizedName) == ["uvicorn", "httpx"])
        #expect(lock.direct?.first?.extras == ["standard"])
        #expect(lock.artifactHashes(name: "uvicorn", version: "0.34.0", wheelTags: ["py3-none-any"]) == [ComponentHash(algorithm: "SHA-256", value: String(repeating: "f", count: 64))])
    }

    @Test func aLockNextToAVenvIsFoundInTheProjectDirectory() throws {
        let directory = try TemporaryDirectory("project")
        _ = try directory.write("uv.lock", Self.uvLock)
        try FileManager.default.createDirectory(atPath: directory.path + "/.venv", withIntermediateDirectories: true)
        let lock = try ProjectLock.resolve(.automatic, source: directory.path + "/.venv", isVenv: true)
        #expect(lock?.kind == .uvLock)
        #expect(try ProjectLock.resolve(.automatic, source: directory.path + "/.venv", isVenv: false) == nil, "an image or plain directory reads none")
        #expect(try ProjectLock.resolve(.none, source: directory.path + "/.venv", isVenv: true) == nil)
        #expect(throws: VouchError.self) { try ProjectLock.resolve(.project(directory.path + "/.venv"), source: directory.path, isVenv: true) }
    }

    // MARK: untrusted input

    @Test func aBadRequirementLineIsAnErrorNamingTheFileAndLine() throws {
        let directory = try TemporaryDirectory("requirements")
        let path = try directory.write("requirements.txt", "fastapi==0.115.6\n\nuvicorn[standard==0.34\n")
        let error = try #require(throws: VouchError.self) { try ProjectLock.read(path) }
        #expect(error.path == path)
        #expect(error.reason.hasPrefix("line 3:"), "\(error.reason)")
    }

    @Test func invalidTOMLIsAnErrorNamingTheFileAndLine() throws {
        let directory = try TemporaryDirectory("uv-lock")
        let path = try directory.write("uv.lock", "version = 1\n\n[[package]]\nname = \"x\"\nversion = = \"1\"\n")
        let error = try #require(throws: VouchError.self) { try ProjectLock.read(path) }
        #expect(error.path == path)
        #expect(error.reason.contains("line 5"), "\(error.reason)")
    }

    @Test func aTableHeaderWithoutAKeyIsAnErrorNamingTheLine() throws {
        let directory = try TemporaryDirectory("uv-lock")
        let path = try directory.write("uv.lock", "version = 1\n[= \"x\"]\n")
        let error = try #require(throws: VouchError.self) { try ProjectLock.read(path) }
        #expect(error.reason.contains("line 2"), "\(error.reason)")
    }

    @Test func maxLockBytesLimitsTheFileRead() throws {
        let directory = try TemporaryDirectory("requirements")
        let path = try directory.write("requirements.txt", String(repeating: "# padding\n", count: ProjectLock.maxLockBytes / 10 + 1))
        let error = try #require(throws: VouchError.self) { try ProjectLock.read(path) }
        #expect(error.limit?.name == "maxLockBytes")
    }

    @Test func maxLockedPackagesLimitsTheEntries() throws {
        let directory = try TemporaryDirectory("requirements")
        let lines = (0...ProjectLock.maxLockedPackages).map { "p\($0)==1.0" }.joined(separator: "\n")
        let error = try #require(throws: VouchError.self) { try ProjectLock.read(try directory.write("requirements.txt", lines)) }
        #expect(error.limit?.name == "maxLockedPackages")
    }

    @Test func maxDepthLimitsTOMLNesting() throws {
        let directory = try TemporaryDirectory("uv-lock")
        let deep = String(repeating: "[", count: LockTOMLReader.maxDepth + 1) + String(repeating: "]", count: LockTOMLReader.maxDepth + 1)
        let error = try #require(throws: VouchError.self) { try ProjectLock.read(try directory.write("uv.lock", "x = \(deep)\n")) }
        #expect(error.limit?.name == "maxDepth")
    }

    @Test func maxIncludeDepthStopsARequirementsFileIncludingItself() throws {
        let directory = try TemporaryDirectory("requirements")
        let path = try directory.write("requirements.txt", "-r requirements.txt\n")
        let error = try #require(throws: VouchError.self) { try ProjectLock.read(path) }
        #expect(error.limit?.name == "maxIncludeDepth")
    }
}

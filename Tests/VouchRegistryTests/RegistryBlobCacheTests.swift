import Foundation
import Testing
import VouchCore
import VouchRegistry
import VouchTestSupport

/// The blob cache (``BlobLocationCache``): pulls and pushes record in which repository of a registry each blob
/// was seen; a push to another repository of that registry mounts those blobs instead of uploading them, as
/// skopeo's blob-info cache does. Against a real docker-registry behind the fault proxy (which logs every
/// request); each test has its own `XDG_CACHE_HOME`.
@Suite("registry: the blob cache mounts blobs seen in other repositories of the registry", .enabled(if: RegistryServer.shouldRun))
struct RegistryBlobCacheTests {
    static let http = ["--allow-http-registry"]

    /// The fixture image's blobs: its config and layers.
    static func blobCount() throws -> Int { try RegistryCLITests.layerDigests(ofLayout: ImageFixtures.path("oci-layout")).count + 1 }

    static func blobDigests() throws -> [String] {
        let layout = ImageFixtures.path("oci-layout")
        let index = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: layout + "/index.json"))) as? [String: Any])
        let top = try #require((index["manifests"] as? [[String: Any]])?.first?["digest"] as? String)
        let manifest = try #require(try JSONSerialization.jsonObject(
            with: Data(contentsOf: URL(fileURLWithPath: layout + "/blobs/sha256/" + top.dropFirst(7)))) as? [String: Any])
        let config = try #require((manifest["config"] as? [String: Any])?["digest"] as? String)
        return [config] + (try RegistryCLITests.layerDigests(ofLayout: layout))
    }

    /// `image push --format json` of the fixture to `reference` with the cache in `cache`.
    static func push(_ reference: String, cache: TemporaryDirectory, environment: [String: String] = [:]) throws -> (CommandResult, [String: Any]) {
        let result = try CommandRunner.vouch(
            ["image", "push", ImageFixtures.path("oci-layout"), reference, "--format", "json"] + http,
            environment: ["XDG_CACHE_HOME": cache.path].merging(environment) { $1 })
        let report = (try? JSONSerialization.jsonObject(with: Data(result.stdout.utf8))) as? [String: Any] ?? [:]
        return (result, report)
    }

    static func cacheFile(_ cache: TemporaryDirectory) -> String { cache.path + "/vouch/registry/blob-locations.json" }

    static func requests(_ proxy: RegistryProxy) -> [[String: Any]] { proxy.events.filter { $0["event"] as? String == "request" } }

    /// The registry's open upload sessions of `repository`: distribution keeps a directory per session under
    /// `_uploads` with its `startedat` and `data` files, which a completed or cancelled (`DELETE`) session no
    /// longer has (2.8 leaves only an empty `hashstates` tree behind).
    static func openUploads(_ registry: RegistryServer, repository: String) -> [String] {
        let uploads = registry.directory.path + "/storage/docker/registry/v2/repositories/\(repository)/_uploads"
        let sessions = (try? FileManager.default.contentsOfDirectory(atPath: uploads)) ?? []
        return sessions.filter { FileManager.default.fileExists(atPath: uploads + "/" + $0 + "/startedat") }
    }

    /// The image pulled back from `reference` has the fixture's digest and verifies.
    static func expectIntact(_ reference: String) throws {
        let output = try TemporaryDirectory()
        let pulled = try CommandRunner.vouch(["image", "pull", reference, "--output", output.path + "/layout"] + http, environment: ["VOUCH_NO_BLOB_CACHE": "1"])
        try #require(pulled.status == 0, "\(pulled.stdout)\(pulled.stderr)")
        #expect(try RegistryCLITests.manifestDigest(ofLayout: output.path + "/layout") == (try RegistryCLITests.manifestDigest(ofLayout: ImageFixtures.path("oci-layout"))))
        let verified = try CommandRunner.vouch(["image", "verify", output.path + "/layout"])
        #expect(verified.status == 0, "\(verified.stdout)")
    }

    @Test("push to repository a, then to b: every blob is mounted from a (0 uploaded); a pull records too; VOUCH_NO_BLOB_CACHE=1 uploads")
    func secondPushMounts() throws {
        let registry = try RegistryServer(.plainHTTP)
        defer { registry.stop() }
        let proxy = try RegistryProxy(upstream: registry, control: "{}")
        defer { proxy.stop() }
        let cache = try TemporaryDirectory()
        let blobs = try Self.blobCount()

        let (first, firstReport) = try Self.push("\(proxy.host)/a/app:1", cache: cache)
        try #require(first.status == 0, "\(first.stdout)\(first.stderr)")
        #expect(firstReport["blobsUploaded"] as? Int == blobs, "\(first.stdout)")
        #expect(first.stderr.isEmpty, "\(first.stderr)")
        var status = stat()
        #expect(stat(Self.cacheFile(cache), &status) == 0 && status.st_mode & 0o777 == 0o600, "the cache file is missing or not 0600")

        let (second, secondReport) = try Self.push("\(proxy.host)/b/app:1", cache: cache)
        try #require(second.status == 0, "\(second.stdout)\(second.stderr)")
        #expect(secondReport["blobsUploaded"] as? Int == 0, "\(second.stdout)")
        #expect(secondReport["blobsMounted"] as? Int == blobs, "\(second.stdout)")
        let mounts = Self.requests(proxy).filter { ($0["path"] as? String)?.hasPrefix("/v2/b/app/blobs/uploads/?mount=") == true }
        #expect(mounts.count == blobs && mounts.allSatisfy { ($0["path"] as? String)?.hasSuffix("&from=a/app") == true }, "\(mounts)")
        #expect(!Self.requests(proxy).contains { ["PATCH", "PUT"].contains($0["method"] as? String) && ($0["path"] as? String)?.hasPrefix("/v2/b/app/blobs/uploads/") == true },
                "a blob was sent to b although a had it")
        try Self.expectIntact("\(proxy.host)/b/app:1")

        // A pull records where it found the blobs: a push of them to c mounts them from b, the repository pulled.
        let pullCache = try TemporaryDirectory()
        let output = try TemporaryDirectory()
        let pulled = try CommandRunner.vouch(["image", "pull", "\(proxy.host)/b/app:1", "--output", output.path + "/layout"] + Self.http, environment: ["XDG_CACHE_HOME": pullCache.path])
        try #require(pulled.status == 0, "\(pulled.stdout)\(pulled.stderr)")
        let (third, thirdReport) = try Self.push("\(proxy.host)/c/app:1", cache: pullCache)
        try #require(third.status == 0, "\(third.stdout)\(third.stderr)")
        #expect(thirdReport["blobsMounted"] as? Int == blobs && thirdReport["blobsUploaded"] as? Int == 0, "\(third.stdout)")

        let (off, offReport) = try Self.push("\(proxy.host)/d/app:1", cache: cache, environment: ["VOUCH_NO_BLOB_CACHE": "1"])
        try #require(off.status == 0, "\(off.stdout)\(off.stderr)")
        #expect(offReport["blobsUploaded"] as? Int == blobs && offReport["blobsMounted"] as? Int == 0, "\(off.stdout)")
        #expect(!Self.requests(proxy).contains { ($0["path"] as? String)?.hasPrefix("/v2/d/app/blobs/uploads/?mount=") == true })
    }

    @Test("a cache naming repositories that no longer have the blobs: each declined mount's session is cancelled or used for the upload; the push succeeds, digests right")
    func staleCacheFallsBackToUpload() throws {
        let registry = try RegistryServer(.plainHTTP)
        defer { registry.stop() }
        let proxy = try RegistryProxy(upstream: registry, control: "{}")
        defer { proxy.stop() }
        let cache = try TemporaryDirectory()
        let blobs = try Self.blobDigests()
        try #require(try Self.push("\(proxy.host)/a/app:1", cache: cache).0.status == 0)
        let (x, xReport) = try Self.push("\(proxy.host)/x/app:1", cache: cache)
        try #require(x.status == 0, "\(x.stdout)\(x.stderr)")
        #expect(xReport["blobsMounted"] as? Int == blobs.count)
        // Both repositories lose the blobs (distribution unlinks a blob from a repository on DELETE).
        for repository in ["a/app", "x/app"] {
            for digest in blobs {
                let deleted = try CommandRunner.run("/usr/bin/curl", ["-s", "-o", "/dev/null", "-w", "%{http_code}", "-X", "DELETE", "\(registry.baseURL)/v2/\(repository)/blobs/\(digest)"])
                try #require(deleted.stdout == "202", "DELETE \(repository)@\(digest): \(deleted.stdout) \(deleted.stderr)")
            }
        }

        let (pushed, report) = try Self.push("\(proxy.host)/b/app:1", cache: cache)
        try #require(pushed.status == 0, "\(pushed.stdout)\(pushed.stderr)")
        #expect(pushed.stderr.isEmpty, "\(pushed.stderr)")
        #expect(report["blobsUploaded"] as? Int == blobs.count && report["blobsMounted"] as? Int == 0, "\(pushed.stdout)")
        let requests = Self.requests(proxy)
        // Two sources per blob (x, then a): the first declined mount's session is cancelled, the second's is used.
        let mounts = requests.filter { ($0["path"] as? String)?.hasPrefix("/v2/b/app/blobs/uploads/?mount=") == true }
        #expect(mounts.count == 2 * blobs.count, "\(mounts)")
        let cancelled = requests.filter { $0["method"] as? String == "DELETE" && ($0["path"] as? String)?.hasPrefix("/v2/b/app/blobs/uploads/") == true }
        #expect(cancelled.count == blobs.count, "\(cancelled)")
        let plainStarts = requests.filter { $0["method"] as? String == "POST" && $0["path"] as? String == "/v2/b/app/blobs/uploads/" }
        #expect(plainStarts.isEmpty, "a new upload session was opened although the declined mount's session could be used")
        #expect(Self.openUploads(registry, repository: "b/app").isEmpty, "upload sessions left open: \(Self.openUploads(registry, repository: "b/app"))")
        try Self.expectIntact("\(proxy.host)/b/app:1")
    }

    @Test("a corrupt cache file: one warning naming it, the push succeeds, and the file is replaced by one that works")
    func corruptCacheFile() throws {
        let registry = try RegistryServer(.plainHTTP)
        defer { registry.stop() }
        let cache = try TemporaryDirectory()
        let file = try cache.write("vouch/registry/blob-locations.json", #"{"version":1,"entries":[{"registry":"#)
        try #require(file == Self.cacheFile(cache))
        let (pushed, report) = try Self.push("\(registry.host)/a/app:1", cache: cache)
        try #require(pushed.status == 0, "\(pushed.stdout)\(pushed.stderr)")
        let warnings = pushed.stderr.split(separator: "\n").filter { $0.contains("warning") }
        #expect(warnings.count == 1 && warnings.first?.contains(file) == true && warnings.first?.contains("not a blob cache file") == true, "\(pushed.stderr)")
        #expect(report["blobsUploaded"] as? Int == (try Self.blobCount()))
        let (again, againReport) = try Self.push("\(registry.host)/b/app:1", cache: cache)
        #expect(again.status == 0 && again.stderr.isEmpty, "\(again.stderr)")
        #expect(againReport["blobsMounted"] as? Int == (try Self.blobCount()), "\(again.stdout)")
        try Self.expectIntact("\(registry.host)/b/app:1")
    }

    @Test("an unwritable cache (XDG_CACHE_HOME is a file): one warning, the push succeeds")
    func unwritableCache() throws {
        let registry = try RegistryServer(.plainHTTP)
        defer { registry.stop() }
        let scratch = try TemporaryDirectory()
        let notADirectory = try scratch.write("cache-home", "a file, not a directory\n")
        let pushed = try CommandRunner.vouch(
            ["image", "push", ImageFixtures.path("oci-layout"), "\(registry.host)/a/app:1"] + Self.http, environment: ["XDG_CACHE_HOME": notADirectory])
        #expect(pushed.status == 0, "\(pushed.stdout)\(pushed.stderr)")
        let warnings = pushed.stderr.split(separator: "\n").filter { $0.contains("warning") }
        #expect(warnings.count == 1 && warnings.first?.contains("cannot write the blob cache") == true, "\(pushed.stderr)")
        // image copy reads and writes it twice (the pull, then the push): still one warning.
        let copied = try CommandRunner.vouch(
            ["image", "copy", "\(registry.host)/a/app:1", "\(registry.host)/b/app:1"] + Self.http, environment: ["XDG_CACHE_HOME": notADirectory])
        #expect(copied.status == 0, "\(copied.stdout)\(copied.stderr)")
        #expect(copied.stderr.split(separator: "\n").filter { $0.contains("warning") }.count == 1, "\(copied.stderr)")
        try Self.expectIntact("\(registry.host)/b/app:1")
    }

    @Test("token auth: a mount the cache suggests asks for push on the target and pull on the source as two scope= parameters")
    func tokenAuthMountFromCache() async throws {
        guard RegistryServer.shouldRunTokenAuth else { return }
        let registry = try RegistryTokenAuthTests.start()
        defer { registry.stop() }
        let cache = try TemporaryDirectory()
        let options = RegistryOptions(
            credentials: CredentialStore(explicit: .basic(username: "ci", password: "pw")), caCertificateFile: registry.caCertificatePath,
            blobCache: BlobLocationCache(path: cache.path + "/blob-locations.json"))
        // The blobs are in `app` already (present): the push records them there.
        let first = try await ImagePush(options: options).push(layout: ImageFixtures.path("oci-layout"), tag: nil, to: try RemoteReference(parsing: "\(registry.host)/app:2"))
        #expect(first.blobsPresent == (try Self.blobCount()) && first.cacheWarning == nil)
        let second = try await ImagePush(options: options).push(layout: ImageFixtures.path("oci-layout"), tag: nil, to: try RemoteReference(parsing: "\(registry.host)/mirror:1"))
        #expect(second.blobsMounted == (try Self.blobCount()) && second.blobsUploaded == 0, "\(second)")
        let both = RegistryTokenAuthTests.tokens(registry).filter {
            let scopes = $0["scopes"] as? [String] ?? []
            return scopes.contains("repository:mirror:pull,push") && scopes.contains("repository:app:pull")
        }
        #expect(!both.isEmpty && both.allSatisfy { Set($0["granted"] as? [String] ?? []) == ["mirror:pull,push", "app:pull"] })
    }

    // MARK: The cache file's limits

    @Test("maxEntries: the least recently seen digests are dropped; maxRepositoriesPerBlob: the most recent repositories are kept")
    func boundedEntries() throws {
        let directory = try TemporaryDirectory()
        let cache = BlobLocationCache(path: directory.path + "/sub/blob-locations.json")
        func digest(_ number: Int) throws -> Digest { try Digest(parsing: "sha256:" + String(format: "%064x", number)) }
        let many = try (0..<(BlobLocationCache.maxEntries + 10)).map { BlobLocationCache.Sighting(registry: "r.example", digest: try digest($0), repository: "repo/a") }
        #expect(cache.record(many) == nil)
        let read = cache.read()
        #expect(read.problem == nil)
        #expect(read.snapshot.repositories(registry: "r.example", digest: try digest(0)) == ["repo/a"])
        #expect(read.snapshot.repositories(registry: "r.example", digest: try digest(BlobLocationCache.maxEntries + 9)).isEmpty, "the oldest entries were kept")
        #expect(read.snapshot.repositories(registry: "other.example", digest: try digest(0)).isEmpty)

        let repositories = (0..<(BlobLocationCache.maxRepositoriesPerBlob + 2)).map { "repo/r\($0)" }
        for repository in repositories {
            #expect(cache.record([BlobLocationCache.Sighting(registry: "r.example", digest: try digest(1), repository: repository)]) == nil)
        }
        #expect(cache.read().snapshot.repositories(registry: "r.example", digest: try digest(1)) == Array(repositories.reversed().prefix(BlobLocationCache.maxRepositoriesPerBlob)))
        #expect(cache.read().snapshot.repositories(registry: "r.example", digest: try digest(1), excluding: "repo/r5") == ["repo/r4", "repo/r3", "repo/r2"])
    }

    @Test("maxBlobCacheBytes: a cache file over maxFileBytes is not read (the limit error names it) and is replaced")
    func oversizedFile() throws {
        let directory = try TemporaryDirectory()
        let path = try directory.write("blob-locations.json", [UInt8](repeating: UInt8(ascii: " "), count: BlobLocationCache.maxFileBytes + 1))
        let cache = BlobLocationCache(path: path)
        let read = cache.read()
        #expect(read.problem?.limit?.name == "maxBlobCacheBytes", "\(String(describing: read.problem))")
        #expect(read.problem?.limit?.limit == Int64(BlobLocationCache.maxFileBytes))
        let sighting = BlobLocationCache.Sighting(registry: "r.example", digest: try Digest(parsing: "sha256:" + String(repeating: "a", count: 64)), repository: "app")
        #expect(cache.record([sighting]) == nil)
        #expect(cache.read().problem == nil)
        #expect(cache.read().snapshot.repositories(registry: "r.example", digest: sighting.digest) == ["app"])
    }

    @Test("names the reference grammar refuses are dropped when read (the file is a hint, never trusted input)")
    func invalidNamesDropped() throws {
        let directory = try TemporaryDirectory()
        let digest = "sha256:" + String(repeating: "b", count: 64)
        let path = try directory.write("blob-locations.json", #"{"version":1,"entries":[{"registry":"r.example","digest":"\#(digest)","repositories":["Bad/Upper","a&from=x","ok/app"]}]}"#)
        let read = BlobLocationCache(path: path).read()
        #expect(read.problem == nil)
        #expect(read.snapshot.repositories(registry: "r.example", digest: try Digest(parsing: digest)) == ["ok/app"])
    }
}

import Foundation
import Testing
import VouchCore
import VouchRegistry
import VouchTestSupport

/// Transfer behaviour against faults injected by `Fixtures/registry/fault-proxy.py` in front of a real
/// docker-registry: resumed downloads, timeouts, slow registries, chunked uploads, paginated tags and the
/// emulated OCI 1.1 referrers API.
@Suite("registry: resume, timeouts, chunked uploads, tag pages, referrers API", .enabled(if: RegistryServer.shouldRun))
struct RegistryTransferTests {
    static let http = ["--allow-http-registry"]

    static func start(_ control: String) throws -> (RegistryServer, RegistryProxy) {
        try RegistryFaultTests.start(control)
    }

    static func requests(_ proxy: RegistryProxy) -> [[String: Any]] { proxy.events.filter { $0["event"] as? String == "request" } }

    static func fixtureDigest() throws -> String {
        try CommandRunner.vouch(["image", "digest", ImageFixtures.path("oci-layout")]).stdout
    }

    /// Nothing at `output` and no staging directory beside it.
    static func expectNothingLeft(in directory: TemporaryDirectory) throws {
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).isEmpty)
    }

    @Test("a connection dropped mid-blob is resumed with Range: pull and streaming verify complete, digests intact")
    func resumeAfterDrop() throws {
        let (registry, proxy) = try Self.start(#"{"faults": [{"match": "/blobs/", "method": "GET", "truncate": 10, "count": 1}]}"#)
        defer { proxy.stop(); registry.stop() }
        let output = try TemporaryDirectory()
        let pulled = try RegistryFaultTests.pull(proxy, into: output)
        #expect(pulled.status == 0, "\(pulled.stdout)\(pulled.stderr)")
        #expect(proxy.events.contains { $0["event"] as? String == "truncate" })
        #expect(Self.requests(proxy).contains { $0["range"] as? String == "bytes=10-" }, "the download was not resumed from byte 10")
        #expect(try CommandRunner.vouch(["image", "digest", output.path + "/layout"]).stdout == (try Self.fixtureDigest()))
        let verified = try CommandRunner.vouch(["image", "verify", output.path + "/layout"])
        #expect(verified.status == 0, "\(verified.stdout)")

        try proxy.setControl(#"{"faults": [{"match": "/blobs/", "method": "GET", "truncate": 7, "count": 1}]}"#)
        let streamed = try CommandRunner.vouch(["image", "verify", "\(proxy.host)/app:1"] + Self.http)
        #expect(streamed.status == 0, "\(streamed.stdout)\(streamed.stderr)")
        #expect(Self.requests(proxy).contains { $0["range"] as? String == "bytes=7-" })

        // A registry that ignores Range answers 200 with the whole blob again: its first bytes are skipped.
        try proxy.setControl(#"{"ignore_range": true, "faults": [{"match": "/blobs/", "method": "GET", "truncate": 5, "count": 1}]}"#)
        let whole = try CommandRunner.vouch(["image", "pull", "\(proxy.host)/app:1", "--output", output.path + "/whole"] + Self.http)
        #expect(whole.status == 0, "\(whole.stdout)\(whole.stderr)")
        #expect(Self.requests(proxy).contains { $0["range"] as? String == "bytes=5-" })
        #expect(try CommandRunner.vouch(["image", "digest", output.path + "/whole"]).stdout == (try Self.fixtureDigest()))
        #expect(try CommandRunner.vouch(["image", "verify", output.path + "/whole"]).status == 0)
    }

    @Test("Retry-After as an HTTP-date is waited for; a POST (not idempotent) that gets 503 is not retried")
    func retryRules() throws {
        let (registry, proxy) = try Self.start(#"{"faults": [{"match": "/blobs/", "method": "GET", "status": 503, "retry_after": "http-date:2", "count": 1}]}"#)
        defer { proxy.stop(); registry.stop() }
        let output = try TemporaryDirectory()
        let started = Date()
        let pulled = try RegistryFaultTests.pull(proxy, into: output)
        #expect(pulled.status == 0, "\(pulled.stdout)\(pulled.stderr)")
        #expect(Date().timeIntervalSince(started) >= 1, "the HTTP-date in Retry-After was not waited for")

        try proxy.setControl(#"{"faults": [{"match": "/blobs/uploads/", "method": "POST", "status": 503}]}"#)
        // Without the blob cache: the pull above saw the blobs in `app`, and a mount attempt would be a second POST.
        let pushed = try CommandRunner.vouch(["image", "push", ImageFixtures.path("oci-layout"), "\(proxy.host)/other:1", "--registry-parallel", "1"] + Self.http,
                                             environment: ["VOUCH_NO_BLOB_CACHE": "1"])
        #expect(pushed.status == 2, "\(pushed.stdout)\(pushed.stderr)")
        // One POST per blob (the config and each layer), none repeated.
        let blobs = try RegistryCLITests.layerDigests(ofLayout: ImageFixtures.path("oci-layout")).count + 1
        #expect(proxy.events.filter { $0["event"] as? String == "status" && ($0["path"] as? String)?.contains("/blobs/uploads/") == true }.count == blobs)
    }

    @Test("a connection dropped without an answer: a POST is not sent again (exit 2), a manifest PUT is retried and the push completes")
    func droppedConnectionsRetryIdempotentOnly() throws {
        let (registry, proxy) = try Self.start(#"{"faults": [{"match": "/blobs/uploads/", "method": "POST", "drop": true, "count": 1}]}"#)
        defer { proxy.stop(); registry.stop() }
        let noCache = ["VOUCH_NO_BLOB_CACHE": "1"]
        let failed = try CommandRunner.vouch(["image", "push", ImageFixtures.path("oci-layout"), "\(proxy.host)/other:1", "--registry-parallel", "1"] + Self.http, environment: noCache)
        #expect(failed.status == 2, "\(failed.stdout)\(failed.stderr)")
        let drops = proxy.events.filter { $0["event"] as? String == "drop" }
        #expect(drops.count == 1)
        // One POST per blob (the other blobs still go up): the dropped one was not sent again.
        let blobs = try RegistryCLITests.layerDigests(ofLayout: ImageFixtures.path("oci-layout")).count + 1
        let posts = Self.requests(proxy).filter { $0["method"] as? String == "POST" && ($0["path"] as? String)?.contains("/blobs/uploads/") == true }
        #expect(posts.count == blobs, "the dropped POST was sent again: \(posts.count) POSTs for \(blobs) blobs")

        try proxy.setControl(#"{"faults": [{"match": "/manifests/1", "method": "PUT", "drop": true, "count": 1}]}"#)
        let before = Self.requests(proxy).count
        let pushed = try CommandRunner.vouch(["image", "push", ImageFixtures.path("oci-layout"), "\(proxy.host)/other:1"] + Self.http, environment: noCache)
        #expect(pushed.status == 0, "\(pushed.stdout)\(pushed.stderr)")
        let puts = Self.requests(proxy).dropFirst(before).filter { $0["method"] as? String == "PUT" && $0["path"] as? String == "/v2/other/manifests/1" }
        #expect(puts.count == 2, "the dropped manifest PUT was not retried once: \(puts)")
        let output = try TemporaryDirectory()
        let pulled = try CommandRunner.vouch(["image", "pull", "\(proxy.host)/other:1", "--output", output.path + "/layout"] + Self.http, environment: noCache)
        #expect(pulled.status == 0, "\(pulled.stderr)")
        #expect(try CommandRunner.vouch(["image", "digest", output.path + "/layout"]).stdout == (try Self.fixtureDigest()))
    }

    // The timeout tests run the binary: in-process async tests can be starved of the cooperative pool's two
    // threads by the blocking tests beside them, which would make their wall times mean nothing.

    @Test("a hanging response: the read timeout fires, the retry gets the blob")
    func hangOnceThenServe() throws {
        let (registry, proxy) = try Self.start(#"{"faults": [{"match": "/blobs/", "method": "GET", "hang": 120, "count": 1}]}"#)
        defer { proxy.stop(); registry.stop() }
        let output = try TemporaryDirectory()
        let started = Date()
        let pulled = try RegistryFaultTests.pull(proxy, into: output, extra: ["--registry-timeout", "2"])
        #expect(pulled.status == 0, "\(pulled.stdout)\(pulled.stderr)")
        // Well under the 120 s the registry would have hung.
        #expect(Date().timeIntervalSince(started) < 60)
        #expect(proxy.events.filter { $0["event"] as? String == "hang" }.count == 1)
        #expect(try CommandRunner.vouch(["image", "digest", output.path + "/layout"]).stdout == (try Self.fixtureDigest()))
    }

    @Test("a registry that always hangs: the pull fails after the bounded retries naming the read timeout, nothing left")
    func hangAlways() throws {
        let (registry, proxy) = try Self.start(#"{"faults": [{"match": "/blobs/", "method": "GET", "hang": 120}]}"#)
        defer { proxy.stop(); registry.stop() }
        let output = try TemporaryDirectory()
        let started = Date()
        let pulled = try RegistryFaultTests.pull(proxy, into: output, extra: ["--registry-timeout", "1"])
        #expect(pulled.status == 2, "\(pulled.stdout)\(pulled.stderr)")
        #expect(pulled.stderr.contains("read timeout"), "\(pulled.stderr)")
        // Five tries (the first and 4 retries) of one second each and the backoff between them, against a
        // registry that would hang 120 s each time.
        #expect(Date().timeIntervalSince(started) < 60)
        let hangs = proxy.events.filter { $0["event"] as? String == "hang" }.compactMap { $0["path"] as? String }
        #expect(!hangs.isEmpty)
        #expect(Dictionary(grouping: hangs, by: { $0 }).values.allSatisfy { $0.count == 5 }, "\(hangs)")
        try Self.expectNothingLeft(in: output)
    }

    @Test("slow responses (a late answer, a body that trickles) complete within the read timeout")
    func slowResponses() throws {
        let (registry, proxy) = try Self.start(#"{"faults": [{"match": "/blobs/", "method": "GET", "delay": 1, "count": 2}, {"match": "/manifests/", "method": "GET", "chunk_delay": 0.3}]}"#)
        defer { proxy.stop(); registry.stop() }
        let output = try TemporaryDirectory()
        let pulled = try RegistryFaultTests.pull(proxy, into: output)
        #expect(pulled.status == 0, "\(pulled.stdout)\(pulled.stderr)")
        #expect(proxy.events.filter { $0["event"] as? String == "delay" }.count == 2)
        #expect(proxy.events.contains { $0["event"] as? String == "slow-body" })
        #expect(try CommandRunner.vouch(["image", "digest", output.path + "/layout"]).stdout == (try Self.fixtureDigest()))
    }

    @Test("blobs are fetched in parallel, at most --registry-parallel at a time")
    func parallelBound() throws {
        // Each blob GET is held 1 s, so the downloads of one pull overlap as far as the bound lets them.
        let (registry, proxy) = try Self.start(#"{"faults": [{"match": "/blobs/sha256:", "method": "GET", "delay": 1}]}"#)
        defer { proxy.stop(); registry.stop() }
        let blobs = try RegistryCLITests.layerDigests(ofLayout: ImageFixtures.path("oci-layout")).count + 1
        try #require(blobs > 3, "the fixture needs more blobs than the bound tried")
        for parallel in [1, 3] {
            let before = Self.requests(proxy).count
            let output = try TemporaryDirectory()
            let pulled = try RegistryFaultTests.pull(proxy, into: output, extra: ["--registry-parallel", "\(parallel)"])
            #expect(pulled.status == 0, "\(pulled.stdout)\(pulled.stderr)")
            let gets = Self.requests(proxy).dropFirst(before).filter { $0["method"] as? String == "GET" && ($0["path"] as? String)?.contains("/blobs/sha256:") == true }
            #expect(gets.count == blobs)
            #expect(gets.compactMap { $0["blob_gets"] as? Int }.max() == parallel, "\(gets.map { $0["blob_gets"] ?? "?" })")
        }
    }

    @Test("blobs above the threshold go up in PATCH chunks to the Location given, query kept; digests unchanged")
    func chunkedUpload() async throws {
        let (registry, proxy) = try Self.start("{}")
        defer { proxy.stop(); registry.stop() }
        let options = RegistryOptions(allowHTTP: true, chunkedUploadThreshold: 64, uploadChunkSize: 100)
        let report = try await ImagePush(options: options)
            .push(layout: ImageFixtures.path("oci-layout"), tag: nil, to: try RemoteReference(parsing: "\(proxy.host)/chunked:1"))
        #expect(report.blobsUploaded > 0)
        let patches = Self.requests(proxy).filter { $0["method"] as? String == "PATCH" }
        #expect(patches.count > report.blobsUploaded, "no blob took more than one chunk")
        // distribution's Location carries the upload state in its query: each PATCH went where it was sent.
        #expect(patches.allSatisfy { ($0["path"] as? String)?.contains("_state=") == true })
        let output = try TemporaryDirectory()
        let pulled = try CommandRunner.vouch(["image", "pull", "\(proxy.host)/chunked:1", "--output", output.path + "/layout"] + Self.http)
        #expect(pulled.status == 0, "\(pulled.stderr)")
        let verified = try CommandRunner.vouch(["image", "verify", output.path + "/layout"])
        #expect(verified.status == 0, "\(verified.stdout)")
        #expect(try CommandRunner.vouch(["image", "digest", output.path + "/layout"]).stdout == (try Self.fixtureDigest()))
    }

    @Test("tags/list is followed through its Link pages; more pages than maxRegistryTagPages is refused naming the limit")
    func paginatedTags() async throws {
        let (registry, proxy) = try Self.start(#"{"paginate_tags": true}"#)
        defer { proxy.stop(); registry.stop() }
        let tags = try await RegistryClient.with(registry: proxy.host, options: RegistryOptions(allowHTTP: true)) { client throws(VouchError) -> [String] in
            let manifest = try await client.manifest("app", reference: "1", subject: "app:1")
            for tag in ["b", "c", "a", "e", "d"] {
                try await client.putManifest("app", reference: tag, bytes: manifest.bytes, mediaType: manifest.mediaType)
            }
            return try await client.tags("app", pageSize: 2)
        }
        #expect(tags == ["1", "a", "b", "c", "d", "e"])
        #expect(proxy.events.filter { $0["event"] as? String == "tags-page" }.count == 3)

        let error = await #expect(throws: VouchError.self) {
            try await RegistryClient.with(registry: proxy.host, options: RegistryOptions(allowHTTP: true, limits: RegistryLimits(maxRegistryTagPages: 2))) { client throws(VouchError) in
                try await client.tags("app", pageSize: 2)
            }
        }
        #expect(error?.limit?.name == "maxRegistryTagPages", "\(String(describing: error))")
    }

    @Test("with the OCI 1.1 referrers API a referrer is found through it (no tag-schema index); without it the tag schema is written and read")
    func referrersAPIAndFallback() throws {
        let (registry, proxy) = try Self.start(#"{"referrers_api": true}"#)
        defer { proxy.stop(); registry.stop() }
        let work = try TemporaryDirectory()
        _ = try SigningFixtures.generate("ecdsa-p256", in: work, prefix: "k")
        let digest = try RegistryCLITests.manifestDigest(ofLayout: ImageFixtures.path("oci-layout"))
        let schemaTag = "sha256-\(digest.dropFirst(7))"

        let withAPI = "\(proxy.host)/app:1"
        let signed = try SigningFixtures.vouch(["sign", withAPI, "--key", work.path + "/k.key", "--referrer"] + Self.http)
        try #require(signed.status == 0, "\(signed.stdout)\(signed.stderr)")
        #expect(proxy.events.contains { $0["event"] as? String == "referrer-stored" && $0["subject"] as? String == digest })
        #expect(!Self.requests(proxy).contains { $0["method"] as? String == "PUT" && ($0["path"] as? String)?.hasSuffix("/manifests/\(schemaTag)") == true },
                "a tag-schema index was written although the registry has the referrers API")
        let pulled = try CommandRunner.vouch(["image", "pull", withAPI, "--output", work.path + "/api", "--with-signatures"] + Self.http)
        #expect(pulled.status == 0, "\(pulled.stdout)\(pulled.stderr)")
        #expect(pulled.stdout.contains("with referrer sha256:"), "\(pulled.stdout)")
        #expect(!pulled.stdout.contains("tag schema"), "\(pulled.stdout)")
        #expect(proxy.events.contains { $0["event"] as? String == "referrers" && ($0["count"] as? Int ?? 0) >= 1 })
        let verified = try SigningFixtures.vouch(["verify", withAPI, "--key", work.path + "/k.pub"] + Self.http)
        #expect(verified.status == 0, "\(verified.stdout)\(verified.stderr)")

        // The same through a registry without the API: the referrers tag-schema index is written and read.
        try proxy.setControl("{}")
        let fallback = "\(proxy.host)/fallback:1"
        try #require(try CommandRunner.vouch(["image", "push", ImageFixtures.path("oci-layout"), fallback] + Self.http).status == 0)
        let signedFallback = try SigningFixtures.vouch(["sign", fallback, "--key", work.path + "/k.key", "--referrer"] + Self.http)
        try #require(signedFallback.status == 0, "\(signedFallback.stdout)\(signedFallback.stderr)")
        #expect(Self.requests(proxy).contains { $0["method"] as? String == "PUT" && ($0["path"] as? String) == "/v2/fallback/manifests/\(schemaTag)" })
        let pulledFallback = try CommandRunner.vouch(["image", "pull", fallback, "--output", work.path + "/fallback", "--with-signatures"] + Self.http)
        #expect(pulledFallback.status == 0, "\(pulledFallback.stdout)\(pulledFallback.stderr)")
        #expect(pulledFallback.stdout.contains("with referrer (tag schema \(schemaTag))"), "\(pulledFallback.stdout)")
        let verifiedFallback = try SigningFixtures.vouch(["verify", fallback, "--key", work.path + "/k.pub"] + Self.http)
        #expect(verifiedFallback.status == 0, "\(verifiedFallback.stdout)\(verifiedFallback.stderr)")
    }
}

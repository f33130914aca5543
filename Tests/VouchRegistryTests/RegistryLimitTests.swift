import Foundation
import Testing
import VouchCore
import VouchTestSupport
@testable import VouchRegistry

/// Each named limit of a registry's responses, against the real registry.
@Suite("registry: named limits", .enabled(if: RegistryServer.shouldRun))
struct RegistryLimitTests {
    static func pushedRegistry() throws -> RegistryServer {
        let registry = try RegistryServer(.plainHTTP)
        let pushed = try CommandRunner.vouch(["image", "push", ImageFixtures.path("oci-layout"), "\(registry.host)/app:1", "--allow-http-registry"])
        try #require(pushed.status == 0, "\(pushed.stderr)")
        return registry
    }

    @Test("a manifest over maxRegistryManifestBytes is refused naming the limit")
    func manifestLimit() async throws {
        let registry = try Self.pushedRegistry()
        defer { registry.stop() }
        let options = RegistryOptions(allowHTTP: true, limits: RegistryLimits(maxRegistryManifestBytes: 100))
        do {
            _ = try await RegistryClient.with(registry: registry.host, options: options) { client throws(VouchError) in
                try await client.manifest("app", reference: "1", subject: "app:1")
            }
            Issue.record("a 863-byte manifest passed a 100-byte limit")
        } catch {
            #expect(error.limit?.name == "maxRegistryManifestBytes")
            #expect(error.reason.contains("exceeds the limit maxRegistryManifestBytes=100"))
        }
    }

    @Test("an error body over maxRegistryResponseBytes is refused naming the limit")
    func responseLimit() async throws {
        let registry = try Self.pushedRegistry()
        defer { registry.stop() }
        let options = RegistryOptions(allowHTTP: true, limits: RegistryLimits(maxRegistryResponseBytes: 10))
        do {
            // distribution answers an invalid manifest with a MANIFEST_INVALID error body longer than 10 bytes.
            try await RegistryClient.with(registry: registry.host, options: options) { client throws(VouchError) in
                try await client.putManifest("app", reference: "bad", bytes: Array(#"{"schemaVersion":2}"#.utf8), mediaType: "application/vnd.oci.image.manifest.v1+json")
            }
            Issue.record("the error body passed a 10-byte limit")
        } catch {
            #expect(error.limit?.name == "maxRegistryResponseBytes")
        }
    }
}

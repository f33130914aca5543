import Testing
import VouchImage

/// `RegistryReference`: distribution/reference's grammar, the registry rule, and cosign's repository spelling.
@Suite struct RegistryReferenceTests {
    @Test(arguments: [
        ("ghcr.io/org/app:1.0", "ghcr.io", "org/app", "1.0", "ghcr.io/org/app"),
        ("localhost:5000/app", "localhost:5000", "app", nil, "localhost:5000/app"),
        ("localhost/app:v2", "localhost", "app", "v2", "localhost/app"),
        ("docker.io/library/nginx:1.25", "docker.io", "library/nginx", "1.25", "index.docker.io/library/nginx"),
        ("docker.io/nginx", "docker.io", "nginx", nil, "index.docker.io/library/nginx"),
        ("[::1]:5000/a/b__c:x_y", "[::1]:5000", "a/b__c", "x_y", "[::1]:5000/a/b__c"),
    ] as [(String, String, String, String?, String)])
    func aFullReferenceNamesItsRegistryAndCosignsRepository(text: String, registry: String, path: String, tag: String?, cosign: String) throws {
        let reference = try #require(RegistryReference(parsing: text))
        #expect(reference.registry == registry)
        #expect(reference.path == path)
        #expect(reference.tag == tag)
        #expect(reference.cosignRepository == cosign)
        #expect(reference.description == text)
    }

    @Test func aShortNameHasNoRegistryAndNoCosignRepository() throws {
        let reference = try #require(RegistryReference(parsing: "acme/app:1.0"))
        #expect(reference.registry == nil)
        #expect(reference.path == "acme/app")
        #expect(reference.cosignRepository == nil, "which registry a short name means is Docker's convention, not a fact")
        #expect(reference.name == "app")
    }

    @Test func aDigestIsParsedAndKept() throws {
        let hex = String(repeating: "ab", count: 32)
        let reference = try #require(RegistryReference(parsing: "ghcr.io/org/app:1.0@sha256:\(hex)"))
        #expect(reference.digest?.description == "sha256:\(hex)")
        #expect(reference.tag == "1.0")
        #expect(reference.cosignRepository == "ghcr.io/org/app")
    }

    @Test(arguments: ["", "Ghcr/App", "ghcr.io/org/App:1", "ghcr.io//app", "ghcr.io/org/app:", "ghcr.io/org/app:-x", "a/-b", "a/b.", "a/b..c",
                      "ghcr.io/org/app@sha256:short", "bad_host.io/app", "host:99999x/app"])
    func textOutsideTheGrammarIsNotAReference(text: String) {
        #expect(RegistryReference(parsing: text) == nil, "\(text)")
    }

    @Test func aNameLongerThanTheLimitIsNotAReference() {
        #expect(RegistryReference(parsing: "ghcr.io/" + String(repeating: "a", count: RegistryReference.maxNameLength)) == nil)
        #expect(RegistryReference(parsing: String(repeating: "a", count: RegistryReference.maxNameLength)) != nil)
    }

    @Test func namingPrefersTheSelectedTagThenFullNamesAndLeavesBareTagsOut() {
        let tags = ["1.0", "acme/app:1.0", "docker.io/acme/app:1.0", "ghcr.io/acme/app:2.0"]
        #expect(RegistryReference.naming(tags).map(\.description) == ["docker.io/acme/app:1.0", "ghcr.io/acme/app:2.0", "acme/app:1.0"])
        #expect(RegistryReference.naming(tags, selectedBy: "2.0").first?.description == "ghcr.io/acme/app:2.0")
        #expect(RegistryReference.naming(["1.0", "latest"]).isEmpty)
    }
}

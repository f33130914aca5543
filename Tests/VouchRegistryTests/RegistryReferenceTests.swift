import Testing
import VouchCore
import VouchImage
@testable import VouchRegistry

@Suite("registry references and the reference-or-path rule")
struct RegistryReferenceTests {
    @Test("a full reference keeps registry, repository, tag and digest")
    func fullReference() throws {
        let digest = "sha256:" + String(repeating: "ab", count: 32)
        let reference = try RemoteReference(parsing: "127.0.0.1:5000/team/app:1.0@" + digest)
        #expect(reference.registry == "127.0.0.1:5000")
        #expect(reference.repository == "team/app")
        #expect(reference.tag == "1.0")
        #expect(reference.digest?.description == digest)
        #expect(reference.manifestReference == digest)
        #expect(reference.repositoryName == "127.0.0.1:5000/team/app")
    }

    @Test("Docker Hub short names are normalised as docker does")
    func dockerHubNormalisation() throws {
        let short = try RemoteReference(parsing: "alpine")
        #expect(short.registry == "docker.io")
        #expect(short.repository == "library/alpine")
        #expect(short.manifestReference == "latest")
        #expect(short.apiHost == "registry-1.docker.io")
        let user = try RemoteReference(parsing: "index.docker.io/someone/tool:2")
        #expect(user.registry == "docker.io")
        #expect(user.repository == "someone/tool")
        #expect(try RemoteReference(parsing: "localhost/app").registry == "localhost")
    }

    @Test("malformed references are refused with the reason")
    func malformed() {
        for text in ["", "ghcr.io/Org/App", "ghcr.io/org/app:-bad", "ghcr.io/org/app@sha256:12", "ghcr.io//app"] {
            #expect(throws: VouchError.self, "\(text)") { try RemoteReference(parsing: text) }
        }
    }

    @Test("RemoteReference is RegistryReference's parse, normalised: the two accept and refuse the same texts")
    func oneParser() throws {
        let texts = ["ghcr.io/org/app:1.0", "localhost:5000/app", "[::1]:5000/a/b__c:x_y", "acme/app:1.0", "alpine", "docker.io/nginx",
                     "", "Ghcr/App", "ghcr.io//app", "ghcr.io/org/app:", "a/b..c", "bad_host.io/app", "host:99999x/app",
                     "ghcr.io/" + String(repeating: "a", count: RegistryReference.maxNameLength)]
        for text in texts {
            let parsed = RegistryReference(parsing: text)
            let remote = try? RemoteReference(parsing: text)
            #expect((parsed == nil) == (remote == nil), "\(text)")
            if let parsed, let remote {
                #expect(remote == RemoteReference(normalizing: parsed), "\(text)")
                #expect(remote.tag == parsed.tag && remote.digest == parsed.digest, "\(text)")
            }
        }
        #expect(try RemoteReference(parsing: "[::1]:5000/a/b__c:x_y").registry == "[::1]:5000")
    }

    @Test("the docker-reference cosign writes: the repository, Docker Hub as index.docker.io")
    func cosignRepository() throws {
        #expect(try RemoteReference(parsing: "alpine:3").cosignRepository == "index.docker.io/library/alpine")
        #expect(try RemoteReference(parsing: "docker.io/someone/tool").cosignRepository == "index.docker.io/someone/tool")
        #expect(try RemoteReference(parsing: "127.0.0.1:5000/team/app:1").cosignRepository == "127.0.0.1:5000/team/app")
    }

    @Test("an existing path wins over a reference that looks the same")
    func existingPathWins() throws {
        let exists: (String) -> Bool = { $0 == "ghcr.io/org/app" || $0 == "layout" }
        #expect(try ImageSource.classify("ghcr.io/org/app", exists: exists) == .local(path: "ghcr.io/org/app", tag: nil))
        #expect(try ImageSource.classify("ghcr.io/org/app:1.0", exists: exists) == .local(path: "ghcr.io/org/app", tag: "1.0"))
        #expect(try ImageSource.classify("layout:v1", exists: exists) == .local(path: "layout", tag: "v1"))
    }

    @Test("a registry host as the first component makes a reference; anything else stays a path")
    func hostRule() throws {
        let none: (String) -> Bool = { _ in false }
        #expect(try ImageSource.classify("ghcr.io/org/app:1.0", exists: none) == .registry(try RemoteReference(parsing: "ghcr.io/org/app:1.0")))
        #expect(try ImageSource.classify("127.0.0.1:5000/app", exists: none) == .registry(try RemoteReference(parsing: "127.0.0.1:5000/app")))
        // Offline-safe: a short name or a missing file is never sent to Docker Hub.
        #expect(try ImageSource.classify("alpine:3", exists: none) == .local(path: "alpine", tag: "3"))
        #expect(try ImageSource.classify("./dir.d/app.tar", exists: none) == .local(path: "./dir.d/app.tar", tag: nil))
        #expect(try ImageSource.classify("app.tar", exists: none) == .local(path: "app.tar", tag: nil))
        // The host rule is the parser's: a first component that is no host name stays a path.
        #expect(try ImageSource.classify("bad_host.io/app", exists: none) == .local(path: "bad_host.io/app", tag: nil))
        #expect(try ImageSource.classify("[::1]:5000/app", exists: none) == .registry(try RemoteReference(parsing: "[::1]:5000/app")))
    }

    @Test("skopeo's transport prefixes make either side explicit")
    func transportPrefixes() throws {
        let none: (String) -> Bool = { _ in false }
        #expect(try ImageSource.classify("docker://alpine", exists: none) == .registry(try RemoteReference(parsing: "docker.io/library/alpine")))
        let exists: (String) -> Bool = { $0 == "ghcr.io/layout" }
        #expect(try ImageSource.classify("oci:ghcr.io/layout:v2", exists: exists) == .local(path: "ghcr.io/layout", tag: "v2"))
        #expect(try ImageSource.classify("oci-archive:app.tar", exists: none) == .local(path: "app.tar", tag: nil))
        #expect(try ImageSource.classify("docker-archive:app.tar:app:1", exists: { $0 == "app.tar" }) == .local(path: "app.tar", tag: "app:1"))
    }
}

@Suite("WWW-Authenticate challenges")
struct AuthenticationChallengeTests {
    @Test("a Bearer challenge gives realm, service and each scope")
    func bearer() throws {
        let challenge = try #require(AuthenticationChallenge(header: #"Bearer realm="https://auth.example/token",service="registry.example",scope="repository:a:pull repository:b:pull,push""#))
        #expect(challenge.scheme == "bearer")
        #expect(challenge.realm == "https://auth.example/token")
        #expect(challenge.service == "registry.example")
        #expect(challenge.scopes == ["repository:a:pull", "repository:b:pull,push"])
        #expect(challenge.error == nil)
    }

    @Test("errors, escapes and Basic challenges")
    func others() throws {
        let expired = try #require(AuthenticationChallenge(header: #"Bearer realm="https://a/t", error="invalid_token", error_description="a \"quoted\" word""#))
        #expect(expired.error == "invalid_token")
        #expect(expired.parameters["error_description"] == #"a "quoted" word"#)
        let basic = try #require(AuthenticationChallenge(header: #"Basic realm="vouch-test""#))
        #expect(basic.scheme == "basic")
        #expect(basic.realm == "vouch-test")
        #expect(AuthenticationChallenge(header: "   ") == nil)
    }
}

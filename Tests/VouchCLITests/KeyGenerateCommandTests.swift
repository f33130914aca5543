import Foundation
import Testing
import VouchTestSupport

@Suite("vouch key generate")
struct KeyGenerateCommandTests {
    @Test("writes an encrypted PKCS#8 key with mode 0600 and an SPKI public key; never prints the key")
    func writesFiles() throws {
        let directory = try TemporaryDirectory()
        let result = try SigningFixtures.vouch(["key", "generate", "--output-prefix", directory.path + "/release"])
        try #require(result.status == 0, "\(result.stderr)")
        let key = try String(contentsOfFile: directory.path + "/release.key", encoding: .utf8)
        #expect(key.hasPrefix("-----BEGIN ENCRYPTED PRIVATE KEY-----\n"))
        #expect(try String(contentsOfFile: directory.path + "/release.pub", encoding: .utf8).hasPrefix("-----BEGIN PUBLIC KEY-----\n"))
        let attributes = try FileManager.default.attributesOfItem(atPath: directory.path + "/release.key")
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
        #expect(!result.stdout.contains("BEGIN"))
    }

    @Test("refuses to overwrite either file without --force, and leaves them as they were")
    func noOverwrite() throws {
        let directory = try TemporaryDirectory()
        _ = try SigningFixtures.generate("ed25519", in: directory, prefix: "k")
        let before = try String(contentsOfFile: directory.path + "/k.key", encoding: .utf8)
        try FileManager.default.removeItem(atPath: directory.path + "/k.pub")
        let again = try SigningFixtures.vouch(["key", "generate", "--output-prefix", directory.path + "/k"])
        #expect(again.status == 2)
        #expect(again.stderr.contains("k.key: already exists; pass --force to overwrite it"))
        #expect(try String(contentsOfFile: directory.path + "/k.key", encoding: .utf8) == before)
        #expect(!FileManager.default.fileExists(atPath: directory.path + "/k.pub"))
        let forced = try SigningFixtures.vouch(["key", "generate", "--force", "--output-prefix", directory.path + "/k"])
        #expect(forced.status == 0)
        #expect(try String(contentsOfFile: directory.path + "/k.key", encoding: .utf8) != before)
    }

    @Test("without VOUCH_PASSWORD and without a terminal, it refuses instead of writing an unencrypted key")
    func noPasswordSource() throws {
        let directory = try TemporaryDirectory()
        let result = try CommandRunner.run("/usr/bin/env", ["-u", "VOUCH_PASSWORD", CommandRunner.vouchPath, "key", "generate", "--output-prefix", directory.path + "/k"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("no password: set VOUCH_PASSWORD, run on a terminal, or pass --no-password"))
        #expect(!FileManager.default.fileExists(atPath: directory.path + "/k.key"))
    }

    @Test("--no-password writes a plain PKCS#8 key that signs without a password")
    func plainKey() throws {
        let directory = try TemporaryDirectory()
        _ = try SigningFixtures.generate("ecdsa-p384", in: directory, prefix: "k", noPassword: true)
        #expect(try String(contentsOfFile: directory.path + "/k.key", encoding: .utf8).hasPrefix("-----BEGIN PRIVATE KEY-----\n"))
        try directory.write("blob", "x")
        let signed = try CommandRunner.run("/usr/bin/env", ["-u", "VOUCH_PASSWORD", CommandRunner.vouchPath, "sign-blob", "blob", "--key", "k.key"], in: directory.path)
        #expect(signed.status == 0, "\(signed.stderr)")
    }

    @Test("an unknown algorithm is a usage error")
    func unknownAlgorithm() throws {
        let result = try SigningFixtures.vouch(["key", "generate", "--algorithm", "dsa-1024"])
        #expect(result.status == 64)
    }
}

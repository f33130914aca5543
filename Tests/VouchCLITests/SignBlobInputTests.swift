import Foundation
import Testing
import VouchAttest
import VouchCore
import VouchCrypto
import VouchTestSupport

/// Issue 12: `sign-blob` signs the bytes it read, from every input source and with every key type, and the
/// key password comes from cosign's variable too. Run against the built binary.
@Suite struct SignBlobInputTests {
    static let blob = Array((0..<200_000).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ 3) })

    /// A directory with a key pair of `algorithm` (unencrypted), `blob` and an empty file.
    static func setUp(_ algorithm: String) throws -> TemporaryDirectory {
        let directory = try TemporaryDirectory("sign-blob-input")
        _ = try SigningFixtures.generate(algorithm, in: directory, prefix: "key", noPassword: true)
        try directory.write("blob", blob)
        try directory.write("empty", [])
        return directory
    }

    static func verifies(_ file: String, signature: String, in directory: TemporaryDirectory) throws -> Bool {
        try SigningFixtures.vouch(["verify-blob", file, "--signature", signature, "--key", "key.pub"], in: directory.path).status == 0
    }

    @Test("sign-blob - signs the bytes read from standard input", arguments: SigningFixtures.allAlgorithms)
    func signBlobFromStandardInputSignsTheBytesRead(_ algorithm: String) throws {
        let directory = try Self.setUp(algorithm)
        let signed = try CommandRunner.vouch(["sign-blob", "-", "--key", "key.key"], stdin: Self.blob, in: directory.path)
        #expect(signed.status == 0, "\(signed.stderr)")
        try directory.write("blob.sig", signed.stdout)
        #expect(try Self.verifies("blob", signature: "blob.sig", in: directory), "the signature covers the bytes piped in")
        #expect(try !Self.verifies("empty", signature: "blob.sig", in: directory), "not the empty message")
    }

    @Test("sign-blob of a file signs its bytes", arguments: SigningFixtures.allAlgorithms)
    func signBlobOfAFileSignsItsBytes(_ algorithm: String) throws {
        let directory = try Self.setUp(algorithm)
        let signed = try CommandRunner.vouch(["sign-blob", "blob", "--key", "key.key", "--output-signature", "blob.sig"], in: directory.path)
        #expect(signed.status == 0, "\(signed.stderr)")
        #expect(try Self.verifies("blob", signature: "blob.sig", in: directory))
    }

    @Test("sign-blob of a FIFO signs the bytes written into it", arguments: SigningFixtures.allAlgorithms)
    func signBlobOfAFIFOSignsTheBytesWrittenIntoIt(_ algorithm: String) throws {
        let directory = try Self.setUp(algorithm)
        let result = try CommandRunner.shell("""
            mkfifo pipe
            cat blob > pipe &
            '\(CommandRunner.vouchPath)' sign-blob pipe --key key.key --output-signature pipe.sig
            wait
            """, in: directory.path)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try Self.verifies("blob", signature: "pipe.sig", in: directory))
    }

    /// A file appended to while it is signed: the signature and the bundle's digest cover the same bytes,
    /// some prefix of what the file ends up holding (the writer appends whole 4 KiB chunks to `blob`).
    @Test("sign-blob of a growing file signs one prefix, the one its bundle names", arguments: SigningFixtures.allAlgorithms)
    func signBlobOfAGrowingFileSignsThePrefixItsBundleNames(_ algorithm: String) throws {
        let directory = try Self.setUp(algorithm)
        let chunk = 4096
        let result = try CommandRunner.shell("""
            cp blob growing
            ( for i in $(seq 1 400); do head -c \(chunk) blob >> growing; done ) &
            '\(CommandRunner.vouchPath)' sign-blob growing --key key.key --output-signature growing.sig --bundle growing.json
            wait
            """, in: directory.path)
        #expect(result.status == 0, "\(result.stderr)")
        let bundle = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: directory.path + "/growing.json"))) as? [String: Any]
        let messageDigest = try #require((bundle?["messageSignature"] as? [String: Any])?["messageDigest"] as? [String: Any])
        let digestBase64 = try #require(messageDigest["digest"] as? String)
        // ECDSA P-384 signs SHA-384, which its bundle names; every other key type SHA-256.
        let algorithm: DigestAlgorithm = messageDigest["algorithm"] as? String == "SHA2_384" ? .sha384 : .sha256
        let named = try #require(Data(base64Encoded: digestBase64)).map { String(format: "%02x", $0) }.joined()
        let final = try Data(contentsOf: URL(fileURLWithPath: directory.path + "/growing"))
        var prefixLength: Int?
        for length in stride(from: Self.blob.count, through: final.count, by: chunk)
        where try DigestHasher.digest(of: final.prefix(length), algorithm: algorithm).hex == named {
            prefixLength = length
            break
        }
        let length = try #require(prefixLength, "the bundle names no prefix of the file")
        try directory.write("prefix", Array(final.prefix(length)))
        #expect(try Self.verifies("prefix", signature: "growing.sig", in: directory), "the signature covers the prefix the bundle names (\(length) bytes)")
    }

    @Test("an Ed25519 message larger than maximumEd25519MessageBytes is refused naming the limit")
    func anEd25519MessageLargerThanTheLimitIsRefusedNamingIt() throws {
        let directory = try Self.setUp("ed25519")
        let privateKey = try PrivateKey(contentsOf: directory.path + "/key.key", password: nil)
        let key = try SigningKey(privateKey: privateKey, scheme: privateKey.algorithm.defaultScheme())
        #expect(BlobSignature.maximumEd25519MessageBytes == 1 << 30)
        do {
            _ = try BlobSignature.sign(path: directory.path + "/blob", key: key, maximumEd25519MessageBytes: 1000)
            Issue.record("a message over the limit was signed")
        } catch {
            #expect(error.code == .limitExceeded)
            #expect(error.reason.contains("exceeds the limit maximumEd25519MessageBytes=1000"), "\(error.reason)")
        }
        #expect(throws: Never.self) { _ = try BlobSignature.sign(path: directory.path + "/blob", key: key, maximumEd25519MessageBytes: Self.blob.count) }
    }

    @Test("COSIGN_PASSWORD is read when VOUCH_PASSWORD is unset")
    func cosignPasswordIsReadWhenVouchPasswordIsUnset() throws {
        let directory = try TemporaryDirectory("cosign-password")
        try directory.write("blob", Self.blob)
        let environment = ["/usr/bin/env", "-u", "VOUCH_PASSWORD", "COSIGN_PASSWORD=from-cosign"]
        let generated = try CommandRunner.run(environment[0], Array(environment.dropFirst()) + [CommandRunner.vouchPath, "key", "generate", "--output-prefix", "key"], in: directory.path)
        #expect(generated.status == 0, "\(generated.stderr)")
        let signed = try CommandRunner.run(environment[0], Array(environment.dropFirst()) + [CommandRunner.vouchPath, "sign-blob", "blob", "--key", "key.key", "--output-signature", "blob.sig"], in: directory.path)
        #expect(signed.status == 0, "\(signed.stderr)")
        // The key really is encrypted with that password: the wrong one fails, VOUCH_PASSWORD winning over COSIGN_PASSWORD.
        let wrong = try CommandRunner.vouch(["sign-blob", "blob", "--key", "key.key"], environment: ["VOUCH_PASSWORD": "other", "COSIGN_PASSWORD": "from-cosign"], in: directory.path)
        #expect(wrong.status == 2, "\(wrong.stderr)")
        let right = try CommandRunner.vouch(["sign-blob", "blob", "--key", "key.key"], environment: ["VOUCH_PASSWORD": "from-cosign"], in: directory.path)
        #expect(right.status == 0, "\(right.stderr)")
    }
}

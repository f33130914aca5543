import Foundation
import Testing
import VouchCore
import VouchCrypto
import VouchTestSupport

@Suite("Keys: generate, read, write, errors")
struct KeyTests {
    @Test("generated keys of every algorithm round-trip through encrypted PKCS#8 PEM", arguments: KeyAlgorithm.generatable.filter { $0 != .rsa(bits: 4096) })
    func roundTrip(algorithm: KeyAlgorithm) throws {
        let key = try PrivateKey.generate(algorithm)
        let password = SecretBytes(password: "pw")
        let pem = try key.pkcs8PEM(password: password)
        let text = String(decoding: pemBytes(pem), as: UTF8.self)
        #expect(text.hasPrefix("-----BEGIN ENCRYPTED PRIVATE KEY-----\n"))
        let loaded = try PrivateKey(pem: pemBytes(pem), password: password)
        #expect(loaded.algorithm == algorithm)
        #expect(loaded.publicKey.spkiDER == key.publicKey.spkiDER)
        let signature = try loaded.sign(.bytes(Array("message".utf8)))
        #expect(try key.publicKey.isValidSignature(signature, for: .bytes(Array("message".utf8))))
    }

    @Test("a wrong password is reported as a wrong password")
    func wrongPassword() throws {
        let key = try PrivateKey.generate(.ecdsaP256)
        let pem = try pemBytes(key.pkcs8PEM(password: SecretBytes(password: "right")))
        let error = #expect(throws: VouchError.self) { try PrivateKey(pem: pem, password: SecretBytes(password: "wrong"), path: "k.key") }
        #expect(error?.description == "k.key: wrong password: the key could not be decrypted")
    }

    @Test("an encrypted key without a password says how to give one")
    func missingPassword() throws {
        let key = try PrivateKey.generate(.ed25519)
        let pem = try pemBytes(key.pkcs8PEM(password: SecretBytes(password: "pw")))
        let error = #expect(throws: VouchError.self) { try PrivateKey(pem: pem, password: nil) }
        #expect(error?.reason.contains("set VOUCH_PASSWORD") == true)
    }

    @Test("a truncated PEM names the missing END line")
    func truncatedPEM() throws {
        let key = try PrivateKey.generate(.ecdsaP256)
        let text = String(decoding: try pemBytes(key.pkcs8PEM(password: nil)), as: UTF8.self)
        let cut = Array(text.utf8.prefix(text.utf8.count / 2))
        let error = #expect(throws: VouchError.self) { try PrivateKey(pem: cut, password: nil, path: "cut.key") }
        #expect(error?.reason.hasPrefix("truncated PEM: '-----BEGIN PRIVATE KEY-----' has no '-----END PRIVATE KEY-----' line") == true)
        #expect(error?.path == "cut.key")
    }

    @Test("a PEM whose body lost bytes is rejected as damaged, not decoded")
    func damagedBody() throws {
        let key = try PrivateKey.generate(.ecdsaP256)
        var lines = String(decoding: try pemBytes(key.pkcs8PEM(password: nil)), as: UTF8.self).split(separator: "\n").map(String.init)
        lines[1] = String(lines[1].dropLast(3))
        let error = #expect(throws: VouchError.self) { try PrivateKey(pem: Array(lines.joined(separator: "\n").utf8), password: nil) }
        #expect(error?.code == .malformedInput)
    }

    @Test("a public key given where a private key is needed, and the reverse, are named")
    func wrongKeyKind() throws {
        let key = try PrivateKey.generate(.ecdsaP256)
        let error = #expect(throws: VouchError.self) { try PrivateKey(pem: Array(key.publicKey.pem.utf8), password: nil) }
        #expect(error?.reason.contains("this is a public key (PUBLIC KEY)") == true)
        let reverse = #expect(throws: VouchError.self) { try PublicKey(pem: try pemBytes(key.pkcs8PEM(password: nil))) }
        #expect(reverse?.reason.contains("this is a private key (PRIVATE KEY)") == true)
    }

    @Test("an unsupported key type (secp256k1) is rejected with its curve named")
    func unsupportedCurve() throws {
        let directory = try TemporaryDirectory()
        let result = try CommandRunner.shell("openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:secp256k1 -out k.key", in: directory.path)
        try #require(result.status == 0)
        let error = #expect(throws: VouchError.self) { try PrivateKey(contentsOf: directory.path + "/k.key", password: nil) }
        #expect(error?.reason.contains("EC curve secp256k1 is not supported") == true)
    }

    @Test("a file that is not PEM at all says so")
    func notPEM() throws {
        let error = #expect(throws: VouchError.self) { try PublicKey(pem: Array("ssh-ed25519 AAAA user@host\n".utf8), path: "id.pub") }
        #expect(error?.description == "id.pub: not a PEM file: no '-----BEGIN ...-----' line")
    }

    @Test("legacy OpenSSL-encrypted PEM (Proc-Type header) is refused with the conversion to use", .enabled(if: Peers.shouldRun("openssl")))
    func legacyEncryptedPEM() throws {
        _ = try Peers.require("openssl")
        let directory = try TemporaryDirectory()
        let made = try CommandRunner.shell("openssl genrsa -traditional -aes256 -passout pass:pw -out legacy.key 2048 2>/dev/null", in: directory.path)
        try #require(made.status == 0)
        #expect(try String(contentsOfFile: directory.path + "/legacy.key", encoding: .utf8).contains("Proc-Type: 4,ENCRYPTED"))
        let error = #expect(throws: VouchError.self) { try PrivateKey(contentsOf: directory.path + "/legacy.key", password: SecretBytes(password: "pw")) }
        #expect(error?.reason.contains("legacy OpenSSL-encrypted PEM (Proc-Type header) is not supported; convert it with 'openssl pkcs8 -topk8'") == true)
    }

    @Test("a public key of an unsupported algorithm (X25519) is named as unsupported", .enabled(if: Peers.shouldRun("openssl")))
    func unsupportedPublicKey() throws {
        _ = try Peers.require("openssl")
        let directory = try TemporaryDirectory()
        try #require(try CommandRunner.shell("openssl genpkey -algorithm X25519 | openssl pkey -pubout -out x.pub", in: directory.path).status == 0)
        let error = #expect(throws: VouchError.self) { try PublicKey(contentsOf: directory.path + "/x.pub") }
        #expect(error?.code == .unsupportedInput)
        #expect(error?.reason == "public key algorithm 1.3.101.110 is not supported (ECDSA, Ed25519, RSA are)")
    }

    @Test("key files over maxKeyFileBytes are refused before parsing")
    func keyFileLimit() throws {
        let big = [UInt8](repeating: UInt8(ascii: "A"), count: Int(KeyLimits.maxKeyFileBytes) + 1)
        let error = #expect(throws: VouchError.self) { try PublicKey(pem: big) }
        #expect(error?.limit?.name == "maxKeyFileBytes")
    }

    @Test("PBKDF2 iteration counts over maxPBKDF2Iterations are refused")
    func pbkdf2Limit() throws {
        let directory = try TemporaryDirectory()
        let result = try CommandRunner.shell(
            "openssl genpkey -algorithm ED25519 -out p.key && openssl pkcs8 -topk8 -in p.key -out e.key -passout pass:pw -iter 20000000 -v2 aes-256-cbc",
            in: directory.path)
        try #require(result.status == 0, "\(result.stderr)")
        let error = #expect(throws: VouchError.self) { try PrivateKey(contentsOf: directory.path + "/e.key", password: SecretBytes(password: "pw")) }
        #expect(error?.limit?.name == "maxPBKDF2Iterations")
    }

    @Test("keys OpenSSL writes load: encrypted PKCS#8, SEC1, PKCS#1, and PKCS#1 public keys",
          .enabled(if: Peers.shouldRun("openssl")))
    func readsOpenSSLKeys() throws {
        _ = try Peers.require("openssl")
        let directory = try TemporaryDirectory()
        let script = """
            openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -aes-256-cbc -pass pass:pw -out enc.key
            openssl ecparam -name secp384r1 -genkey -noout -out sec1.key
            openssl genrsa -traditional -out rsa1.key 2048 2>/dev/null
            openssl rsa -in rsa1.key -RSAPublicKey_out -out rsa1.pub 2>/dev/null
            openssl pkey -in rsa1.key -pubout -out rsa-spki.pub
            """
        let result = try CommandRunner.shell(script.split(separator: "\n").joined(separator: " && "), in: directory.path)
        try #require(result.status == 0, "\(result.stderr)")
        #expect(try String(contentsOfFile: directory.path + "/sec1.key", encoding: .utf8).hasPrefix("-----BEGIN EC PRIVATE KEY-----"))
        #expect(try String(contentsOfFile: directory.path + "/rsa1.key", encoding: .utf8).hasPrefix("-----BEGIN RSA PRIVATE KEY-----"))
        #expect(try PrivateKey(contentsOf: directory.path + "/enc.key", password: SecretBytes(password: "pw")).algorithm == .ecdsaP256)
        #expect(try PrivateKey(contentsOf: directory.path + "/sec1.key", password: nil).algorithm == .ecdsaP384)
        let rsa = try PrivateKey(contentsOf: directory.path + "/rsa1.key", password: nil)
        #expect(rsa.algorithm == .rsa(bits: 2048))
        let pkcs1Public = try PublicKey(contentsOf: directory.path + "/rsa1.pub")
        #expect(pkcs1Public.spkiDER == rsa.publicKey.spkiDER)
        #expect(try PublicKey(contentsOf: directory.path + "/rsa-spki.pub").pem == rsa.publicKey.pem)
    }

    @Test("OpenSSL reads Vouch's encrypted PKCS#8 key and derives the same SPKI public key",
          .enabled(if: Peers.shouldRun("openssl")), arguments: SigningFixtures.allAlgorithms)
    func openSSLReadsVouchKeys(algorithm: String) throws {
        _ = try Peers.require("openssl")
        let directory = try TemporaryDirectory()
        let (key, pub) = try SigningFixtures.generate(algorithm, in: directory)
        let result = try CommandRunner.shell("openssl pkey -in '\(key)' -passin pass:'\(SigningFixtures.password)' -pubout")
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == (try String(contentsOfFile: pub, encoding: .utf8)))
    }

    private func pemBytes(_ secret: SecretBytes) -> [UInt8] { secret.withBytes { $0 } }
}

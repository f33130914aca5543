import Foundation
import Testing
import VouchCore
import VouchCrypto
import VouchTestSupport

/// cosign's `ENCRYPTED SIGSTORE PRIVATE KEY`, checked against an independent implementation
/// (Python hashlib.scrypt + PyNaCl's SecretBox) in both directions.
@Suite("cosign encrypted keys", .enabled(if: Peers.shouldRun("python")))
struct CosignKeyTests {
    static let decryptInPython = """
        import sys, json, base64, hashlib
        import nacl.secret
        from cryptography.hazmat.primitives import serialization as s
        lines = open(sys.argv[1]).read().strip().splitlines()
        assert lines[0] == "-----BEGIN ENCRYPTED SIGSTORE PRIVATE KEY-----", lines[0]
        assert lines[-1] == "-----END ENCRYPTED SIGSTORE PRIVATE KEY-----", lines[-1]
        envelope = json.loads(base64.b64decode("".join(lines[1:-1])))
        assert list(envelope) == ["kdf", "cipher", "ciphertext"], list(envelope)
        assert envelope["kdf"]["name"] == "scrypt" and envelope["cipher"]["name"] == "nacl/secretbox"
        params = envelope["kdf"]["params"]
        key = hashlib.scrypt(sys.argv[2].encode(), salt=base64.b64decode(envelope["kdf"]["salt"]),
                             n=params["N"], r=params["r"], p=params["p"], maxmem=1 << 28, dklen=32)
        der = nacl.secret.SecretBox(key).decrypt(base64.b64decode(envelope["ciphertext"]), base64.b64decode(envelope["cipher"]["nonce"]))
        private = s.load_der_private_key(der, None)
        sys.stdout.write(private.public_key().public_bytes(s.Encoding.PEM, s.PublicFormat.SubjectPublicKeyInfo).decode())
        """

    static let encryptInPython = """
        import sys, json, base64, hashlib, os
        import nacl.secret
        from cryptography.hazmat.primitives import serialization as s
        from cryptography.hazmat.primitives.asymmetric import ec
        private = ec.generate_private_key(ec.SECP256R1())
        der = private.private_bytes(s.Encoding.DER, s.PrivateFormat.PKCS8, s.NoEncryption())
        salt, nonce = os.urandom(32), os.urandom(24)
        key = hashlib.scrypt(sys.argv[2].encode(), salt=salt, n=32768, r=8, p=1, maxmem=1 << 28, dklen=32)
        sealed = nacl.secret.SecretBox(key).encrypt(der, nonce).ciphertext
        b64 = lambda b: base64.b64encode(b).decode()
        body = json.dumps({"kdf": {"name": "scrypt", "params": {"N": 32768, "r": 8, "p": 1}, "salt": b64(salt)},
                           "cipher": {"name": "nacl/secretbox", "nonce": b64(nonce)}, "ciphertext": b64(sealed)}).encode()
        text = base64.encodebytes(body).decode()
        open(sys.argv[1] + ".key", "w").write("-----BEGIN " + sys.argv[3] + "-----\\n" + text + "-----END " + sys.argv[3] + "-----\\n")
        open(sys.argv[1] + ".pub", "wb").write(private.public_key().public_bytes(s.Encoding.PEM, s.PublicFormat.SubjectPublicKeyInfo))
        """

    @Test("a cosign key Vouch writes decrypts with hashlib.scrypt + PyNaCl to the same key", arguments: ["ecdsa-p256", "ed25519"])
    func pythonDecryptsVouch(algorithm: String) throws {
        let directory = try TemporaryDirectory()
        let generated = try SigningFixtures.vouch(
            ["key", "generate", "--algorithm", algorithm, "--key-format", "cosign", "--output-prefix", directory.path + "/cosign"])
        try #require(generated.status == 0, "\(generated.stderr)")
        let result = try SigningFixtures.runPython(Self.decryptInPython, [directory.path + "/cosign.key", SigningFixtures.password])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == (try String(contentsOfFile: directory.path + "/cosign.pub", encoding: .utf8)))
    }

    @Test("a cosign key made by the Python implementation loads in Vouch and signs", arguments: ["ENCRYPTED SIGSTORE PRIVATE KEY", "ENCRYPTED COSIGN PRIVATE KEY"])
    func vouchLoadsPython(label: String) throws {
        let directory = try TemporaryDirectory()
        let made = try SigningFixtures.runPython(Self.encryptInPython, [directory.path + "/py", SigningFixtures.password, label])
        try #require(made.status == 0, "\(made.stderr)")
        try directory.write("blob", "signed with a cosign key")
        let signed = try SigningFixtures.vouch(["sign-blob", "blob", "--key", "py.key", "--output-signature", "blob.sig"], in: directory.path)
        try #require(signed.status == 0, "\(signed.stderr)")
        let verified = try SigningFixtures.vouch(["verify-blob", "blob", "--key", "py.pub", "--signature", "blob.sig"], in: directory.path)
        #expect(verified.status == 0, "\(verified.stdout)")
        let wrong = try SigningFixtures.vouch(["sign-blob", "blob", "--key", "py.key"], environment: ["VOUCH_PASSWORD": "not it"], in: directory.path)
        #expect(wrong.status == 2)
        #expect(wrong.stderr.contains("py.key: wrong password: the key could not be decrypted"))
    }

    @Test("key convert takes a cosign key to PKCS#8 that openssl reads, and back", .enabled(if: Peers.shouldRun("openssl")))
    func convertRoundTrip() throws {
        _ = try Peers.require("openssl")
        let directory = try TemporaryDirectory()
        try #require(try SigningFixtures.runPython(Self.encryptInPython, [directory.path + "/py", SigningFixtures.password, "ENCRYPTED SIGSTORE PRIVATE KEY"]).status == 0)
        let toPKCS8 = try SigningFixtures.vouch(["key", "convert", "py.key", "--to", "pkcs8", "--output", "p8.key"], in: directory.path)
        try #require(toPKCS8.status == 0, "\(toPKCS8.stderr)")
        let openssl = try CommandRunner.shell("openssl pkey -in p8.key -passin pass:'\(SigningFixtures.password)' -pubout", in: directory.path)
        #expect(openssl.stdout == (try String(contentsOfFile: directory.path + "/py.pub", encoding: .utf8)))
        let back = try SigningFixtures.vouch(["key", "convert", "p8.key", "--to", "cosign", "--output", "back.key"], in: directory.path)
        try #require(back.status == 0, "\(back.stderr)")
        let decrypted = try SigningFixtures.runPython(Self.decryptInPython, [directory.path + "/back.key", SigningFixtures.password])
        #expect(decrypted.stdout == (try String(contentsOfFile: directory.path + "/py.pub", encoding: .utf8)))
        let again = try SigningFixtures.vouch(["key", "convert", "p8.key", "--to", "cosign", "--output", "back.key"], in: directory.path)
        #expect(again.status == 2)
        #expect(again.stderr.contains("back.key: already exists; pass --force to overwrite it"))
    }

    @Test("scrypt N over maxScryptN in a cosign key is refused before deriving")
    func scryptLimit() throws {
        let json = #"{"kdf":{"name":"scrypt","params":{"N":4194304,"r":8,"p":1},"salt":"AAAA"},"cipher":{"name":"nacl/secretbox","nonce":"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"},"ciphertext":"AAAA"}"#
        let pem = PEMDocument(label: "ENCRYPTED SIGSTORE PRIVATE KEY", body: Array(json.utf8)).text
        let error = #expect(throws: VouchError.self) { try PrivateKey(pem: Array(pem.utf8), password: SecretBytes(password: "x")) }
        #expect(error?.limit?.name == "maxScryptN")
    }
}

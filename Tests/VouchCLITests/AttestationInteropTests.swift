import Foundation
import Testing
import VouchTestSupport

/// securesystemslib and in-toto, both directions (the Python peers in .venv-peers).
@Suite("DSSE / in-toto interop with securesystemslib and in-toto", .enabled(if: Peers.shouldRun("python")))
struct AttestationInteropTests {
    /// Verifies an envelope with securesystemslib's `Envelope.verify` (key from PEM via `SSlibKey.from_crypto`,
    /// keyid computed by securesystemslib) and with in-toto's `Metadata.load(...).verify_signature`.
    static let verifyWithPeers = """
        import sys, json
        from cryptography.hazmat.primitives.serialization import load_pem_public_key
        from securesystemslib.dsse import Envelope
        from securesystemslib.signer import SSlibKey
        from in_toto.models.metadata import Metadata
        key = SSlibKey.from_crypto(load_pem_public_key(open(sys.argv[1], "rb").read()))
        envelope = Envelope.from_dict(json.loads(open(sys.argv[2]).read()))
        accepted = envelope.verify([key], 1)
        assert list(accepted) == [key.keyid], accepted
        metadata = Metadata.load(sys.argv[2])
        metadata.verify_signature(dict(key.to_dict(), keyid=key.keyid))
        print("securesystemslib+in-toto OK", key.keyid, envelope.signatures[key.keyid].keyid)
        """

    /// Signs a Statement about argv[3] with securesystemslib's CryptoSigner and the PKCS#8 key argv[1].
    static let signWithSecureSystemsLib = """
        import sys, json, hashlib
        from cryptography.hazmat.primitives.serialization import load_pem_private_key
        from securesystemslib.dsse import Envelope
        from securesystemslib.signer import CryptoSigner
        private = load_pem_private_key(open(sys.argv[1], "rb").read(), password=sys.argv[2].encode())
        digest = hashlib.sha256(open(sys.argv[3], "rb").read()).hexdigest()
        statement = {"_type": sys.argv[4], "subject": [{"name": "subject.bin", "digest": {"sha256": digest}}],
                     "predicateType": "https://slsa.dev/provenance/v1", "predicate": {"builder": {"id": "python"}}}
        envelope = Envelope(payload=json.dumps(statement).encode(), payload_type="application/vnd.in-toto+json", signatures={})
        envelope.sign(CryptoSigner(private))
        print(json.dumps(envelope.to_dict()))
        """

    @Test("securesystemslib and in-toto accept Vouch's envelopes (keyid computed the way securesystemslib does)",
          arguments: ["ecdsa-p256", "ecdsa-p384", "ed25519", "rsa-3072"])
    func peersAcceptVouch(algorithm: String) throws {
        let directory = try TemporaryDirectory()
        _ = try SigningFixtures.generate(algorithm, in: directory, prefix: "key")
        try directory.write("subject.bin", "artifact bytes")
        try directory.write("predicate.json", #"{"builder":{"id":"https://example.com/builder"}}"#)
        let attested = try SigningFixtures.vouch(
            ["attest", "subject.bin", "--predicate", "predicate.json", "--type", "slsaprovenance", "--key", "key.key", "--output", "subject.intoto.jsonl"],
            in: directory.path)
        try #require(attested.status == 0, "\(attested.stderr)")
        let result = try SigningFixtures.runPython(Self.verifyWithPeers, [directory.path + "/key.pub", directory.path + "/subject.intoto.jsonl"])
        #expect(result.status == 0, "\(result.stdout) \(result.stderr)")
        let words = result.stdout.split(separator: " ").map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
        #expect(words.count == 4 && words[2] == words[3], "the envelope's keyid must be securesystemslib's: \(result.stdout)")
    }

    @Test("Vouch verifies envelopes made by securesystemslib's signer, Statement v1 and v0.1",
          arguments: ["ecdsa-p256", "ed25519", "rsa-3072"], [ "https://in-toto.io/Statement/v1", "https://in-toto.io/Statement/v0.1"])
    func vouchAcceptsPeers(algorithm: String, statementType: String) throws {
        let directory = try TemporaryDirectory()
        _ = try SigningFixtures.generate(algorithm, in: directory, prefix: "key")
        try directory.write("subject.bin", "artifact bytes")
        let made = try SigningFixtures.runPython(
            Self.signWithSecureSystemsLib, [directory.path + "/key.key", SigningFixtures.password, directory.path + "/subject.bin", statementType])
        try #require(made.status == 0, "\(made.stderr)")
        try directory.write("peer.intoto.jsonl", made.stdout)
        let verified = try SigningFixtures.vouch(
            ["verify-attestation", "subject.bin", "--key", "key.pub", "--attestation", "peer.intoto.jsonl", "--type", "slsaprovenance", "--print-predicate"],
            in: directory.path)
        #expect(verified.status == 0, "\(verified.stdout) \(verified.stderr)")
        // --print-predicate: the status lines go to standard error, standard output is the predicate alone.
        #expect(verified.stderr.contains("verified by key.pub"))
        #expect(verified.stdout.contains(#""id" : "python""#) || verified.stdout.contains(#""id": "python""#))
    }
}

#if canImport(Glibc)
import Glibc
#endif
import VouchCore
import VouchCrypto
import VouchAttest

/// Seeds that must be made by Vouch itself (a signed envelope, an encrypted key), written by
/// `VOUCH_FUZZ_TARGET=seeds` (Fuzz/make-seeds.sh) into the committed corpus.
enum GeneratedSeeds {
    static func write(to corpus: String) {
        let key = GoldenKeys.privateKey()
        let envelope = AttestTargets.signedOriginal(key)
        save(Array(envelope.jsonLine.utf8), corpus, "dsse", "generated-signed-envelope.json")
        save(AttestTargets.originalPayload, corpus, "intoto", "generated-statement.json")
        // A small scrypt cost keeps each execution fast; the parameters are still read from the file.
        guard let encrypted = try? key.cosignPEM(password: SecretBytes(password: KeyTargets.password),
                                                 parameters: ScryptParameters(n: 16, r: 8, p: 1))
        else { fatalError("vouch-fuzz: cannot encrypt the golden key") }
        save(Array(encrypted.utf8), corpus, "cosign-key", "generated-cosign-n16.key")
    }

    static func save(_ bytes: [UInt8], _ corpus: String, _ target: String, _ name: String) {
        let directory = corpus + "/" + target
        mkdir(directory, 0o755)
        let path = directory + "/" + name
        guard let file = fopen(path, "wb") else { fatalError("vouch-fuzz: cannot write \(path)") }
        _ = fwrite(bytes, 1, bytes.count, file)
        fclose(file)
        print("wrote \(path)")
    }
}

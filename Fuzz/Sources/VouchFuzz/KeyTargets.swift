import VouchCore
import VouchCrypto

/// PEM documents, DER keys, and cosign's encrypted private keys.
enum KeyTargets {
    static let password = "vouch-fuzz-password"

    /// A PEM document that parses prints as text that parses to the same label and body; as a public or
    /// private key it either reads or is refused with an error naming the file.
    static let pem = FuzzTarget(name: "pem", dictionary: "pem") { bytes in
        do throws(VouchError) {
            let document = try PEMDocument(parsing: bytes, path: "fuzz.pem")
            let again = try PEMDocument(parsing: Array(document.text.utf8), path: "written.pem")
            require(again.label == document.label && again.body == document.body, "PEM text round trip changed label '\(document.label)' or body")
        } catch {
            requireWellFormed(error, file: "fuzz.pem")
        }
        do throws(VouchError) {
            let key = try PublicKey(pem: bytes, path: "fuzz.pub")
            checkPublicKey(key)
        } catch {
            requireWellFormed(error, file: "fuzz.pub")
        }
        do throws(VouchError) {
            let key = try PrivateKey(pem: bytes, password: nil, path: "fuzz.key")
            checkPrivateKey(key)
        } catch {
            requireWellFormed(error, file: "fuzz.key")
        }
    }

    /// The first byte chooses: even, the rest is a DER SubjectPublicKeyInfo; odd, a DER private key
    /// (PKCS#8, SEC 1 or PKCS#1).
    static let der = FuzzTarget(name: "der", dictionary: nil) { bytes in
        guard let selector = bytes.first else { return }
        let der = Array(bytes.dropFirst())
        if selector & 1 == 0 {
            do throws(VouchError) {
                checkPublicKey(try PublicKey(spkiDER: der, path: "fuzz.der"))
            } catch {
                requireWellFormed(error, file: "fuzz.der")
            }
        } else {
            let pem = Array(PEMDocument(label: "PRIVATE KEY", body: der).text.utf8)
            do throws(VouchError) {
                checkPrivateKey(try PrivateKey(pem: pem, password: nil, path: "fuzz.der"))
            } catch {
                requireWellFormed(error, file: "fuzz.der")
            }
        }
    }

    /// The golden key the encrypted seeds hold.
    nonisolated(unsafe) static var goldenKey: PrivateKey?

    /// A cosign key file read with the fixed password: it either decrypts to the key that was encrypted
    /// (the seed's golden key) or is refused. Any mutation of salt, nonce, ciphertext or KDF parameters
    /// must be refused: secretbox authenticates the ciphertext.
    static let cosignKey = FuzzTarget(name: "cosign-key", dictionary: "pem", prepare: { goldenKey = GoldenKeys.privateKey() }) { bytes in
        do throws(VouchError) {
            let key = try PrivateKey(pem: bytes, password: SecretBytes(password: password), path: "cosign.key")
            require(key.publicKey.spkiDER == goldenKey?.publicKey.spkiDER,
                    "an encrypted key file decrypted to a key that is not the one encrypted")
        } catch {
            requireWellFormed(error, file: "cosign.key")
        }
    }

    /// A public key that reads prints as PEM that reads back to the same DER and algorithm.
    static func checkPublicKey(_ key: PublicKey) {
        do throws(VouchError) {
            let again = try PublicKey(pem: Array(key.pem.utf8), path: "written.pub")
            require(again.spkiDER == key.spkiDER, "the PEM of a key reads back to another SubjectPublicKeyInfo")
            require(again.algorithm == key.algorithm, "the PEM of a \(key.algorithm) key reads back as \(again.algorithm)")
        } catch {
            require(false, "the PEM Vouch writes for a key it read is refused: \(error)")
        }
    }

    /// A private key that reads writes PKCS#8 that reads back to the same public key; a non-RSA key signs
    /// and its public key verifies the signature, and not one over other bytes.
    static func checkPrivateKey(_ key: PrivateKey) {
        do throws(VouchError) {
            let pem = try key.pkcs8PEM(password: nil)
            let again = try pem.withBytes { (bytes) throws(VouchError) in try PrivateKey(pem: bytes, password: nil, path: "written.key") }
            require(again.publicKey.spkiDER == key.publicKey.spkiDER, "PKCS#8 written and read back is another key")
            if case .rsa = key.algorithm { return }
            let message = Array("vouch fuzz message".utf8)
            let signature = try key.sign(.bytes(message))
            require(try key.publicKey.isValidSignature(signature, for: .bytes(message)), "a fresh signature does not verify")
            require(try !key.publicKey.isValidSignature(signature, for: .bytes(message + [0])), "a signature verifies over other bytes")
        } catch {
            require(false, "a private key that was read cannot be written, read back or used: \(error)")
        }
    }
}

/// The committed golden Ed25519 test key (Fixtures/signing), which signs the fuzz seeds.
enum GoldenKeys {
    static func privateKey() -> PrivateKey {
        guard let bytes = Repository.read("Fixtures/signing/golden-ed25519.key"),
              let key = try? PrivateKey(pem: bytes, password: nil, path: "golden-ed25519.key")
        else { fatalError("vouch-fuzz: cannot read Fixtures/signing/golden-ed25519.key") }
        return key
    }
}

import ArgumentParser
import VouchAttest
import VouchCore
import VouchCrypto

/// `--key` (one or more public keys) and `--rsa-pss` for the commands that verify.
struct VerificationKeyOptions: ParsableArguments {
    @Option(help: "Public key (SPKI or PKCS#1 PEM); repeat to accept signatures by any of several keys.")
    var key: [String] = []

    @Flag(help: "Expect RSA-PSS signatures from RSA keys instead of PKCS#1 v1.5.")
    var rsaPSS = false

    /// The commands check for keys themselves: `verify-attestation` needs none for a keyless bundle.
    func requireKeys() throws {
        if key.isEmpty { throw ValidationError("Give at least one public key with --key.") }
    }

    func load(defaultRSAPSS: Bool = false) throws(VouchError) -> [VerificationKey] {
        var keys: [VerificationKey] = []
        for path in key {
            let publicKey = try PublicKey(contentsOf: path)
            keys.append(VerificationKey(publicKey: publicKey, scheme: publicKey.algorithm.defaultScheme(rsaPSS: rsaPSS || defaultRSAPSS), name: path))
        }
        return keys
    }
}

import ArgumentParser
import VouchAttest
import VouchCore
import VouchCrypto

/// `--key` (a private key) for the commands that sign; `--rsa-pss` is ``RSASchemeOption``, offered only
/// where it changes something (attestations always use PSS).
struct SigningKeyOptions: ParsableArguments {
    @Option(help: "Private key: PKCS#8 (plain or encrypted), SEC1, PKCS#1 or cosign's format. Password from VOUCH_PASSWORD, else COSIGN_PASSWORD, else a prompt.")
    var key: String

    func load(rsaPSS: Bool) throws(VouchError) -> SigningKey {
        let password = try PrivateKey.isEncrypted(contentsOf: key) ? KeyPassword.forReading(keyPath: key) : nil
        let privateKey = try PrivateKey(contentsOf: key, password: password)
        return try SigningKey(privateKey: privateKey, scheme: privateKey.algorithm.defaultScheme(rsaPSS: rsaPSS))
    }
}

/// `--rsa-pss`, for `sign-blob` and `sign` (an attestation is always signed with PSS).
struct RSASchemeOption: ParsableArguments {
    @Flag(help: "Sign with RSA-PSS instead of PKCS#1 v1.5 (RSA keys only).")
    var rsaPSS = false
}

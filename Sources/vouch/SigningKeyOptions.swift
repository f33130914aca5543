import ArgumentParser
import VouchAttest
import VouchCore
import VouchCrypto

/// `--key` (a private key) and `--rsa-pss` for the commands that sign.
struct SigningKeyOptions: ParsableArguments {
    @Option(help: "Private key: PKCS#8 (plain or encrypted), SEC1, PKCS#1 or cosign's format. Password from VOUCH_PASSWORD, else COSIGN_PASSWORD, else a prompt.")
    var key: String

    @Flag(help: "Sign with RSA-PSS instead of PKCS#1 v1.5 (RSA keys; attestations always use PSS, as securesystemslib does).")
    var rsaPSS = false

    func load(defaultRSAPSS: Bool = false) throws(VouchError) -> SigningKey {
        let password = try PrivateKey.isEncrypted(contentsOf: key) ? KeyPassword.forReading(keyPath: key) : nil
        let privateKey = try PrivateKey(contentsOf: key, password: password)
        return try SigningKey(privateKey: privateKey, scheme: privateKey.algorithm.defaultScheme(rsaPSS: rsaPSS || defaultRSAPSS))
    }
}

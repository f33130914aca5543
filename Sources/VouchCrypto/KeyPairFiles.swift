#if canImport(Glibc)
import Glibc
#endif
public import VouchCore
import VouchFiles

/// The two files `vouch key generate` writes: `NAME.key` (private, mode 0600) and `NAME.pub` (SPKI PEM).
public struct KeyPairFiles: Sendable, Codable, Hashable {
    public var privateKeyPath: String
    public var publicKeyPath: String
    public var algorithm: String
    public var encrypted: Bool

    /// Generates a key and writes both files atomically. With `password` nil the private key is written
    /// unencrypted (the caller asked for `--no-password`). Neither file is replaced unless `overwrite`;
    /// the check happens for both before either is written.
    public static func generate(
        _ algorithm: KeyAlgorithm, prefix: String, password: SecretBytes?, format: PrivateKeyFormat = .pkcs8, overwrite: Bool
    ) throws(VouchError) -> KeyPairFiles {
        let files = KeyPairFiles(privateKeyPath: prefix + ".key", publicKeyPath: prefix + ".pub", algorithm: algorithm.name, encrypted: password != nil)
        if !overwrite {
            for path in [files.privateKeyPath, files.publicKeyPath] where fileExists(path) {
                throw VouchError(.invalidArgument, "already exists; pass --force to overwrite it", path: path)
            }
        }
        let key = try PrivateKey.generate(algorithm)
        let privateText = try encode(key, format: format, password: password)
        // Both files or neither: a failure writing the public key must not leave a lone private key.
        try OutputBatch.write([
            OutputBatch.File(path: files.privateKeyPath, bytes: privateText.bytes, mode: 0o600),
            OutputBatch.File(path: files.publicKeyPath, bytes: Array(key.publicKey.pem.utf8), mode: 0o644),
        ], overwrite: overwrite)
        return files
    }

    /// Writes `key` in `format` (mode 0600). The cosign format always needs a password.
    public static func write(_ key: PrivateKey, format: PrivateKeyFormat, password: SecretBytes?, to path: String, overwrite: Bool) throws(VouchError) {
        let text = try encode(key, format: format, password: password)
        try OutputFile.write(text.bytes, to: path, mode: 0o600, overwrite: overwrite)
    }

    private static func encode(_ key: PrivateKey, format: PrivateKeyFormat, password: SecretBytes?) throws(VouchError) -> SecretBytes {
        let text: SecretBytes
        switch format {
        case .pkcs8:
            text = try key.pkcs8PEM(password: password)
        case .cosign:
            guard let password else {
                throw VouchError(.invalidArgument, "the cosign key format is always encrypted; give a password (VOUCH_PASSWORD)")
            }
            text = SecretBytes(Array(try key.cosignPEM(password: password).utf8))
        }
        return text
    }

    private static func fileExists(_ path: String) -> Bool {
        var status = stat()
        return lstat(path, &status) == 0
    }
}

import Foundation
import Testing
import VouchCore
@testable import VouchCrypto
import VouchTestSupport

/// Regression for the `cosign-key` fuzz target (issue 19): a 1 KiB cosign key file with N=2^20 and r=64
/// passed maxScryptN and maxScryptRTimesP, and scrypt then asked for 8 GiB (libFuzzer: out-of-memory,
/// malloc(8589959168)). The key file's JSON is committed as Fixtures/fuzz/cosign-key-scrypt-8gib.json and put in
/// its PEM armour here (a committed PEM private key would be a finding of the repository's own secret scan).
extension SigningLimitTests {
    @Test func maxScryptMemoryBytes() throws {
        let path = Fixtures.path("fuzz/cosign-key-scrypt-8gib.json")
        let json = try #require(FileManager.default.contents(atPath: path))
        let pem = Array(PEMDocument(label: CosignEncryptedKey.sigstoreLabel, body: Array(json)).text.utf8)
        let error = #expect(throws: VouchError.self) {
            try PrivateKey(pem: pem, password: SecretBytes(password: "vouch-fuzz-password"), path: path)
        }
        #expect(error?.limit == VouchError.LimitViolation(name: "maxScryptMemoryBytes", limit: KeyLimits.maxScryptMemoryBytes, found: Int64(1) << 33))
        #expect(error?.path == path)
        // The largest N with cosign's r=8 needs exactly the limit, and is accepted.
        #expect(throws: Never.self) { try ScryptParameters(n: 1 << 20, r: 8, p: 1).validate(path: nil) }
    }
}

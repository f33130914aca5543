import Foundation
import Testing
import VouchAttest
import VouchCore
import VouchCrypto
import VouchSigstore
import VouchTestSupport

/// Regression found by the `sigstore-bundle` fuzz target (issue 19): a bundle whose certificate holds an EC
/// key off its curve made `BundleVerifier.verify` throw an error that named no file, so the CLI printed
/// `vouch: error: malformed key: ...` without saying which bundle. The input is the fuzzer's, committed.
@Suite struct BundleErrorAttributionTests {
    @Test func aCertificateKeyOffItsCurveIsAnErrorNamingTheBundle() throws {
        let path = Fixtures.path("fuzz/sigstore-bundle-certificate-key-off-curve.json")
        let bytes = try #require(FileManager.default.contents(atPath: path))
        let bundle = try SigstoreBundle(json: Array(bytes), path: path)
        let verifier = BundleVerifier(trustedRoot: try TrustedRoot.production(), now: 1_900_000_000)
        let policy = CertificateIdentityPolicy(identity: .exact("someone@example.com"), issuer: .exact("https://accounts.example.com"))
        let digest = try DigestHasher.digest(of: Array("a\n".utf8))
        let error = #expect(throws: VouchError.self) {
            try verifier.verify(bundle, bundleName: path, artifact: .digest(digest), signer: .certificate(policy))
        }
        #expect(error?.path == path)
        #expect(error?.reason.contains("not on curve") == true, "\(String(describing: error))")
    }
}

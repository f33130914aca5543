import Foundation
import Testing
import VouchAttest
@testable import VouchCrypto
import VouchTestSupport

/// The precertificate TBS an SCT signs, cut from the certificate's DER without OpenSSL, is byte for byte what
/// OpenSSL's re-encoding (`i2d_re_X509_tbs` after deleting the extension) gives, for every Fulcio leaf of the
/// conformance suite's bundles.
@Suite struct PrecertificateTBSTests {
    @Test(.enabled(if: SharedData.shouldRun(ConformanceTests.suite)))
    func theDERCutEqualsOpenSSLsReencoding() throws {
        let suite = URL(fileURLWithPath: try SharedData.require(ConformanceTests.suite))
        var compared = 0
        for name in try FileManager.default.contentsOfDirectory(atPath: suite.path).sorted() {
            let file = suite.appendingPathComponent(name).appendingPathComponent("bundle.sigstore.json")
            guard let data = FileManager.default.contents(atPath: file.path),
                  let bundle = try? SigstoreBundle(json: [UInt8](data), path: file.path),
                  let der = bundle.certificates.first, let leaf = try? X509Certificate(der: der),
                  leaf.extensionValue(SignedCertificateTimestamp.sctListOID) != nil
            else { continue }
            let cut = try #require(try SignedCertificateTimestamp.precertificateTBSFromDER(leaf.der), "\(name)")
            #expect(cut == (try SignedCertificateTimestamp.precertificateTBSByOpenSSL(leaf)), "\(name)")
            compared += 1
        }
        #expect(compared >= 20, "the suite's bundles carry Fulcio leaves with SCTs (compared \(compared))")
    }
}

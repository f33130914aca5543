import Foundation
import Testing
import VouchAttest
import VouchCore
import VouchCrypto
import VouchSigstore
import VouchTestSupport

/// ``PreparedCertificateAuthority`` (the Fulcio intermediate's link to its root checked once per run) gives the
/// same path as OpenSSL's full validation for a real production leaf, and confirms nothing the full validation
/// refuses.
@Suite struct PreparedAuthorityTests {
    static let bundle = "\(ConformanceTests.suite)/happy-path-v0.3/bundle.sigstore.json"

    static func leafAndAuthority() throws -> (X509Certificate, TrustedRoot.Authority, Int64) {
        let path = try SharedData.require(bundle)
        let parsed = try SigstoreBundle(json: [UInt8](try Data(contentsOf: URL(fileURLWithPath: path))), path: path)
        let leaf = try X509Certificate(der: try #require(parsed.certificates.first))
        let time = try #require(parsed.tlogEntries.first?.integratedTime?.value)
        let authority = try #require(try TrustedRoot.production().certificateAuthorities.first { $0.validity.contains(time) })
        return (leaf, authority, time)
    }

    @Test(.enabled(if: SharedData.shouldRun(bundle)))
    func aProductionLeafGetsTheFullValidationsPath() throws {
        let (leaf, authority, time) = try Self.leafAndAuthority()
        let prepared = try #require(authority.prepared, "a Fulcio CA (one intermediate, one root) is eligible")
        let full = try X509PathValidation.validate(leaf, intermediates: authority.intermediates, anchors: authority.anchors, at: time).get()
        let fast = try #require(try prepared.validate(leaf, carried: [], at: time))
        #expect(fast.map(\.der) == full.map(\.der))
        #expect(fast.count == 3)
    }

    @Test(.enabled(if: SharedData.shouldRun(bundle)))
    func aLeafOutsideItsValidityIsNotConfirmed() throws {
        let (leaf, authority, _) = try Self.leafAndAuthority()
        let prepared = try #require(authority.prepared)
        let later = leaf.notAfter + 1
        guard case .failure = try X509PathValidation.validate(leaf, intermediates: authority.intermediates, anchors: authority.anchors, at: later) else {
            Issue.record("the full validation must refuse an expired leaf")
            return
        }
        #expect(try prepared.validate(leaf, carried: [], at: later) == nil)
    }

    @Test(.enabled(if: SharedData.shouldRun(bundle)))
    func aLeafOfAnotherAuthorityIsNotConfirmed() throws {
        let (leaf, _, time) = try Self.leafAndAuthority()
        let staging = try TrustedRoot(contentsOf: try SharedData.require("sigstore/trusted-roots/staging/trusted_root.json"))
        let eligible = staging.certificateAuthorities.compactMap(\.prepared)
        #expect(!eligible.isEmpty, "staging's Fulcio CA has one intermediate under one root")
        for prepared in eligible {
            #expect(try prepared.validate(leaf, carried: [], at: time) == nil, "a production leaf does not chain to staging's intermediate")
        }
    }
}

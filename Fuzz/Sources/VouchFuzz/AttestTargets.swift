#if canImport(Glibc)
import Glibc
#endif
import VouchCore
import VouchCrypto
import VouchAttest
import VouchSigstore

/// DSSE envelopes, in-toto Statements, Sigstore bundles and trusted roots.
enum AttestTargets {
    // MARK: DSSE

    /// The subject the signed original Statement is about.
    static let subjectDigest = try! DigestHasher.digest(of: Array("vouch fuzz subject\n".utf8))

    /// The Statement the golden key signs: the original every mutation is compared with.
    static var originalPayload: [UInt8] {
        Array(#"{"_type":"https://in-toto.io/Statement/v1","subject":[{"name":"subject.txt","digest":{"sha256":"\#(subjectDigest.hex)"}}],"predicateType":"https://slsa.dev/provenance/v1","predicate":{"buildDefinition":{"buildType":"https://example.com/fuzz"}}}"#.utf8)
    }

    static func signedOriginal(_ key: PrivateKey) -> DSSEEnvelope {
        guard let envelope = try? DSSEEnvelope.sign(payload: originalPayload, payloadType: DSSEEnvelope.inTotoPayloadType,
                                                    key: key, scheme: .ed25519, keyid: "")
        else { fatalError("vouch-fuzz: cannot sign the DSSE original") }
        return envelope
    }

    nonisolated(unsafe) static var dsseKeys: [VerificationKey] = []
    nonisolated(unsafe) static var dsseOriginal: DSSEEnvelope?

    /// A mutated envelope verifies only if what was signed is unchanged: a verdict that passes has the
    /// original payload type, payload, and the original signature bytes (Ed25519 is not malleable).
    static let dsse = FuzzTarget(name: "dsse", dictionary: "json", prepare: {
        let key = GoldenKeys.privateKey()
        dsseKeys = [VerificationKey(publicKey: key.publicKey, scheme: .ed25519, name: "golden")]
        dsseOriginal = signedOriginal(key)
    }) { bytes in
        do throws(VouchError) {
            let envelope = try DSSEEnvelope(json: bytes, path: "fuzz.intoto.json")
            let result = try AttestationVerification.verify(
                subject: "subject.txt", subjectDigest: subjectDigest, envelope: envelope, keys: dsseKeys, expectedPredicateType: nil)
            guard result.passed, let original = dsseOriginal else { return }
            require(envelope.payloadType == original.payloadType, "passed with payloadType '\(envelope.payloadType)'")
            require(envelope.payload == original.payload, "passed with a payload that was not signed:\n\(text(envelope.payload))")
            let signatures = Set(envelope.signatures.compactMap(\.bytes))
            require(signatures.contains(original.signatures[0].bytes ?? []), "passed with a signature that is not the one made")
        } catch {
            requireWellFormed(error, file: "fuzz.intoto.json")
        }
    }

    // MARK: in-toto

    /// A Statement that parses, rebuilt from its fields and parsed again, has the same subjects, predicate
    /// type and predicate bytes.
    static let inToto = FuzzTarget(name: "intoto", dictionary: "json") { bytes in
        let statement: InTotoStatement
        do throws(VouchError) {
            statement = try InTotoStatement(payload: bytes, path: "statement.json")
        } catch {
            requireWellFormed(error, file: "statement.json")
            return
        }
        do throws(VouchError) {
            let rebuilt = try InTotoStatement(subjects: statement.subjects, predicateType: statement.predicateType,
                                              predicateJSON: statement.predicateJSON, path: "rebuilt.json")
            let again = try InTotoStatement(payload: rebuilt.payload, path: "rebuilt.json")
            require(again.subjects == statement.subjects, "subjects changed through a rebuild")
            require(again.predicateType == statement.predicateType, "predicateType changed through a rebuild")
            require(again.predicateJSON == statement.predicateJSON, "the predicate bytes changed through a rebuild")
        } catch {
            require(false, "a Statement that was read cannot be rebuilt and read: \(error)")
        }
    }

    // MARK: Sigstore

    static let conformance = "sigstore/conformance/bundle-verify"
    static let identity = "https://github.com/sigstore-conformance/extremely-dangerous-public-oidc-beacon/.github/workflows/extremely-dangerous-oidc-beacon.yml@refs/heads/main"
    static let issuer = "https://token.actions.githubusercontent.com"

    /// What a verified bundle signed: its certificates and its signed content, as comparable bytes.
    static func signedParts(_ bundle: SigstoreBundle) -> [[UInt8]] {
        switch bundle.content {
        case .messageSignature(let digest, let signature):
            return bundle.certificates + [Array(digest.description.utf8), signature]
        case .dsseEnvelope(let envelope):
            return bundle.certificates + [Array(envelope.payloadType.utf8), envelope.payload] + envelope.signatures.map { $0.bytes ?? [] }
        }
    }

    nonisolated(unsafe) static var verifier: BundleVerifier?
    nonisolated(unsafe) static var artifactDigest: Digest?
    nonisolated(unsafe) static var verifiedOriginals: [[[UInt8]]] = []

    /// A bundle that parses is verified offline against the production trusted root over the conformance
    /// suite's artifact: when it passes, its certificates and signed content are those of one of the real
    /// bundles that verify (../shared). Without ../shared the target only parses.
    static let sigstoreBundle = FuzzTarget(name: "sigstore-bundle", dictionary: "json", prepare: prepareBundles) { bytes in
        do throws(VouchError) {
            let bundle = try SigstoreBundle(json: bytes, path: "fuzz.sigstore.json")
            guard let verifier, let artifactDigest else { return }
            let policy = CertificateIdentityPolicy(identity: .exact(identity), issuer: .exact(issuer))
            let result = try verifier.verify(bundle, bundleName: "fuzz.sigstore.json", artifact: .digest(artifactDigest), signer: .certificate(policy))
            if result.passed {
                require(verifiedOriginals.contains(signedParts(bundle)), "a mutated bundle verified with content that was never signed")
            }
        } catch {
            requireWellFormed(error, file: "fuzz.sigstore.json")
        }
    }

    static func prepareBundles() {
        guard let artifact = Repository.readShared(conformance + "/a.txt"), let root = try? TrustedRoot.production(),
              let digest = try? DigestHasher.digest(of: artifact) else { return }
        let now = Int64(time(nil))
        let checker = BundleVerifier(trustedRoot: root, now: now)
        let policy = CertificateIdentityPolicy(identity: .exact(identity), issuer: .exact(issuer))
        for name in ["happy-path-v0.1", "happy-path-v0.2", "happy-path-v0.3", "happy-path-v0.3-new-mediaType", "happy-path-intoto-in-dsse-v3"] {
            guard let bytes = Repository.readShared("\(conformance)/\(name)/bundle.sigstore.json"),
                  let bundle = try? SigstoreBundle(json: bytes, path: name),
                  let result = try? checker.verify(bundle, bundleName: name, artifact: .digest(digest), signer: .certificate(policy)),
                  result.passed
            else { continue }
            verifiedOriginals.append(signedParts(bundle))
        }
        if !verifiedOriginals.isEmpty {
            verifier = checker
            artifactDigest = digest
        }
        printError("vouch-fuzz: sigstore-bundle: \(verifiedOriginals.count) verifying originals from \(Repository.shared ?? "../shared (missing)")/\(conformance)\n")
    }

    static let trustedRoot = FuzzTarget(name: "trusted-root", dictionary: "json") { bytes in
        do throws(VouchError) {
            let root = try TrustedRoot(json: bytes, path: "trusted_root.json")
            for log in root.transparencyLogs { require(root.transparencyLog(id: log.logID) != nil, "a log not found by its own id") }
        } catch {
            requireWellFormed(error, file: "trusted_root.json")
        }
    }
}

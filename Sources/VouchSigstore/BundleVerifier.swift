import Foundation
public import VouchAttest
public import VouchCore
public import VouchCrypto

/// Verifies Sigstore bundles offline against a trusted root (Sigstore client specification, "Verification";
/// the checks and their order follow sigstore-go and sigstore-python): certificate chain at every verified
/// time, SCT, identity, signature, artifact, log entry body, SET, inclusion proof, checkpoint, timestamps.
public struct BundleVerifier: Sendable {
    /// Who must have signed.
    public enum Signer: Sendable {
        /// A Fulcio certificate whose identity satisfies the policy.
        case certificate(CertificateIdentityPolicy)
        /// A key (`--key`): the bundle names a public key, not a certificate.
        case key(PublicKey, name: String)
    }

    /// What was signed.
    public enum Artifact: Sendable {
        case file(path: String)
        /// The artifact's digest, when the artifact itself is not at hand (`sha256:<hex>`).
        case digest(Digest)

        var name: String {
            switch self {
            case .file(let path): path
            case .digest(let digest): digest.description
            }
        }
    }

    public var trustedRoot: TrustedRoot
    /// Unix seconds now: no verified time may be later.
    public var now: Int64

    public init(trustedRoot: TrustedRoot, now: Int64) {
        self.trustedRoot = trustedRoot
        self.now = now
    }

    /// Verifies `bundle` (read from `bundleName`) over `artifact`. A rejected bundle is a verdict; only a
    /// bundle that cannot be read (a certificate that is not DER) or an unreadable artifact throws.
    public func verify(_ bundle: SigstoreBundle, bundleName: String, artifact: Artifact, signer: Signer) throws(VouchError) -> KeylessVerification {
        var run = Run(bundle: bundle, bundleName: bundleName, artifact: artifact, root: trustedRoot, now: now)
        do throws(VouchError) {
            try run.verify(signer)
        } catch {
            // A certificate or key of the bundle that cannot be read is an error about the bundle file.
            throw error.attributed(to: bundleName)
        }
        return run.report
    }
}

/// One verification: the report under construction and what the steps found.
private struct Run {
    let bundle: SigstoreBundle
    let bundleName: String
    let artifact: BundleVerifier.Artifact
    let root: TrustedRoot
    let now: Int64
    var report: KeylessVerification
    /// Verified times (Unix seconds) with their source.
    var times: [(seconds: Int64, source: String)] = []

    init(bundle: SigstoreBundle, bundleName: String, artifact: BundleVerifier.Artifact, root: TrustedRoot, now: Int64) {
        self.bundle = bundle
        self.bundleName = bundleName
        self.artifact = artifact
        self.root = root
        self.now = now
        report = KeylessVerification(bundle: bundleName, artifact: artifact.name, signer: [], issuer: nil, verifiedTimes: [], logEntries: [], failures: [])
    }

    mutating func fail(_ step: VerificationStep, _ reason: String, expected: String? = nil, actual: String? = nil) {
        report.failures.append(CheckFailure(subject: step.rawValue, reason: reason, expected: expected, actual: actual))
    }

    mutating func verify(_ signer: BundleVerifier.Signer) throws(VouchError) {
        // The signer's material.
        var leaf: X509Certificate?
        var carried: [X509Certificate] = []
        let key: PublicKey
        switch (bundle.signer, signer) {
        case (.publicKey, .certificate):
            fail(.identity, "the bundle is signed with a public key, not a Fulcio certificate: verify it with --key")
            return
        case (.certificateChain, .key), (.certificate, .key):
            fail(.identity, "the bundle carries a certificate, not a key: verify it with --certificate-identity and --certificate-oidc-issuer")
            return
        case (.publicKey, .key(let given, let name)):
            key = given
            report.signer = [name]
        default:
            let certificates = bundle.certificates
            for (index, der) in certificates.enumerated() {
                do throws(VouchError) {
                    carried.append(try X509Certificate(der: der))
                } catch {
                    let field = bundle.version == .v03 ? "verificationMaterial.certificate" : "verificationMaterial.x509CertificateChain.certificates[\(index)]"
                    throw VouchError(.malformedInput, "field \(field): \(error.reason)", path: bundleName)
                }
            }
            let certificate = carried.removeFirst()
            leaf = certificate
            key = try certificate.publicKey()
            report.signer = certificate.subjectAlternativeNames.compactMap(\.text)
            report.issuer = FulcioExtensions(certificate).issuer
            for extra in carried where extra.isSelfSigned {
                fail(.chain, "the bundle carries the root certificate '\(extra)': a root must come from the trusted root, never from the bundle")
            }
        }

        // The signature over the artifact.
        guard let signature = try checkSignature(key: key) else { return }
        let material = SignedMaterial(
            signature: signature, certificateDER: leaf?.der, publicKeySPKI: key.spkiDER,
            messageDigest: { if case .messageSignature(let digest, _) = bundle.content { return digest } else { return nil } }(),
            envelope: { if case .dsseEnvelope(let envelope) = bundle.content { return envelope } else { return nil } }())

        // Times: RFC 3161 timestamps over the signature, then the log entries (SET-backed integrated times).
        try checkTimestamps(signature: signature)
        try checkLogEntries(material)
        if times.isEmpty {
            fail(.timestamp, "no verified time: no log entry with a verified signed entry timestamp and no verified RFC 3161 timestamp")
        }
        for time in times where time.seconds > now {
            fail(.timestamp, "the \(time.source) is in the future", expected: "at most \(TimeText.format(now))", actual: TimeText.format(time.seconds))
        }
        report.verifiedTimes = times.map { KeylessVerification.VerifiedTime(source: $0.source, time: TimeText.format($0.seconds)) }

        // The certificate at every verified time, its SCT and its identity.
        if let leaf, case .certificate(let policy) = signer {
            try checkCertificate(leaf, carried: carried)
            for reason in policy.mismatches(leaf) { fail(.identity, reason) }
        }
    }

    // MARK: Signature and artifact

    /// Checks the artifact digest and the signature; returns the signature bytes (nil when there is none).
    mutating func checkSignature(key: PublicKey) throws(VouchError) -> [UInt8]? {
        let scheme = key.algorithm.defaultScheme()
        switch bundle.content {
        case .messageSignature(let digest, let signature):
            let actual: Digest
            switch artifact {
            case .file(let path): actual = try FileDigester(algorithm: digest.algorithm).digest(path: path).digest
            case .digest(let given): actual = given
            }
            if actual != digest {
                fail(.artifactDigest, "the bundle's messageDigest is not the artifact's digest", expected: actual.description, actual: digest.description)
            }
            guard !signature.isEmpty else {
                fail(.signature, "messageSignature.signature is empty or not valid base64")
                return nil
            }
            let valid: Bool
            if scheme.isStreaming {
                // ECDSA signs whichever digest the bundle names (a P-384 Fulcio key over SHA-256, say).
                let hashed: SignatureScheme = scheme == .ecdsaSHA256 || scheme == .ecdsaSHA384 ? (digest.algorithm == .sha384 ? .ecdsaSHA384 : .ecdsaSHA256) : scheme
                valid = try key.isValidSignature(signature, forDigest: actual, scheme: hashed)
            } else if case .file(let path) = artifact {
                valid = try key.isValidSignature(signature, for: .file(path: path), scheme: scheme)
            } else {
                fail(.signature, "an \(key.algorithm) signature covers the artifact itself: give the file, not its digest")
                return signature
            }
            if !valid { fail(.signature, "the signature does not verify with the \(key.algorithm) key over the artifact") }
            return signature
        case .dsseEnvelope(let envelope):
            guard envelope.signatures.count == 1, let only = envelope.signatures.first else {
                fail(.signature, "a Sigstore DSSE envelope carries exactly one signature (found \(envelope.signatures.count))")
                return nil
            }
            guard let signature = only.bytes, !signature.isEmpty else {
                fail(.signature, "the envelope signature is not valid base64")
                return nil
            }
            let pae = MessageSource.bytes(envelope.preAuthenticationEncoding)
            // ECDSA: the curve's own hash (cosign) or SHA-256 (sigstore-python signs P-384 DSSE with SHA-256 too).
            let alternative: SignatureScheme? = scheme == .ecdsaSHA384 ? .ecdsaSHA256 : nil
            if !(try key.isValidSignature(signature, for: pae, scheme: scheme)), !(try alternative.map { (s) throws(VouchError) in try key.isValidSignature(signature, for: pae, scheme: s) } ?? false) {
                fail(.signature, "the DSSE signature does not verify with the \(key.algorithm) key over PAE(payloadType, payload)")
            }
            try checkSubject(envelope)
            return signature
        }
    }

    /// The in-toto Statement must name the artifact among its subjects.
    mutating func checkSubject(_ envelope: DSSEEnvelope) throws(VouchError) {
        guard envelope.payloadType == DSSEEnvelope.inTotoPayloadType, let statement = try? InTotoStatement(payload: envelope.payload) else {
            fail(.artifactDigest, "the envelope payload is not an in-toto Statement, so it names no artifact")
            return
        }
        let wanted: Digest
        switch artifact {
        case .file(let path): wanted = try FileDigester(algorithm: .sha256).digest(path: path).digest
        case .digest(let given): wanted = given
        }
        let named = statement.subjects.contains { $0.digest[wanted.algorithm.name]?.lowercased() == wanted.hex }
        if !named {
            let found = statement.subjects.compactMap { subject in subject.digest[wanted.algorithm.name].map { "\(subject.name) \(wanted.algorithm.name):\($0)" } }
            fail(.artifactDigest, "no subject of the in-toto Statement has the artifact's digest", expected: wanted.description, actual: found.isEmpty ? "no \(wanted.algorithm.name) subject" : found.joined(separator: ", "))
        }
    }

    // MARK: Timestamps

    mutating func checkTimestamps(signature: [UInt8]) throws(VouchError) {
        for (index, response) in bundle.rfc3161Timestamps.enumerated() {
            var reasons: [String] = []
            var verified: (Int64, String)?
            for authority in root.timestampAuthorities {
                switch try RFC3161Timestamp.verify(response, data: signature, anchors: authority.anchors, intermediates: authority.intermediates) {
                case .success(let time):
                    if authority.validity.contains(time) {
                        verified = (time, authority.uri)
                    } else {
                        reasons.append("\(authority.uri): the timestamp \(TimeText.format(time)) is outside the TSA's validity in the trusted root")
                    }
                case .failure(let failure):
                    reasons.append("\(authority.uri.isEmpty ? "TSA" : authority.uri): \(failure.reason)")
                }
                if verified != nil { break }
            }
            if let (time, uri) = verified {
                times.append((time, "RFC 3161 timestamp (\(uri))"))
            } else {
                let why = root.timestampAuthorities.isEmpty ? "the trusted root has no timestamp authority" : reasons.joined(separator: "; ")
                fail(.timestamp, "RFC 3161 timestamp \(index) does not verify with a trusted TSA: \(why)")
            }
        }
    }

    // MARK: Transparency log

    mutating func checkLogEntries(_ material: SignedMaterial) throws(VouchError) {
        guard !bundle.tlogEntries.isEmpty else {
            fail(.transparencyLog, "the bundle has no transparency log entry")
            return
        }
        let timestampTimes = times.map(\.seconds)
        for entry in bundle.tlogEntries {
            let index = entry.logIndex.value
            guard let log = root.transparencyLog(id: entry.logId.keyId.bytes) else {
                fail(.transparencyLog, "log \(Base64.encode(entry.logId.keyId.bytes)) of entry \(index) is not in the trusted root (\(root.source))")
                continue
            }
            report.logEntries.append("\(log.baseURL) index \(index)")
            let body = entry.canonicalizedBody.bytes
            if let reason = RekorEntryBody.mismatch(kind: entry.kindVersion.kind, version: entry.kindVersion.version, body: body, material: material) {
                fail(.logEntry, "entry \(index): \(reason)")
            }
            let integrated = entry.integratedTime?.value ?? 0
            if let promise = entry.inclusionPromise {
                if try checkSignedEntryTimestamp(promise.signedEntryTimestamp.bytes, entry: entry, log: log, integrated: integrated) {
                    if integrated > 0 { times.append((integrated, "integrated time (\(log.baseURL) index \(index))")) }
                }
            } else if bundle.version == .v01 {
                fail(.signedEntryTimestamp, "entry \(index): a v0.1 bundle's log entry needs an inclusion promise (SET)")
            }
            for time in integrated > 0 ? [integrated] : timestampTimes where !log.validity.contains(time) {
                fail(.transparencyLog, "entry \(index): the log key of \(log.baseURL) is not valid at \(TimeText.format(time)) in the trusted root")
            }
            if let proof = entry.inclusionProof {
                try checkInclusion(proof, body: body, index: index, log: log)
            } else if bundle.version >= .v02 || Self.isRekorV2(entry.kindVersion) {
                fail(.inclusionProof, "entry \(index): a v\(bundle.version.rawValue) bundle's log entry needs an inclusion proof")
            }
        }
    }

    /// Rekor v2's entry types (hashedrekord and dsse 0.0.2), which have no SET: only an inclusion proof
    /// proves them. (intoto 0.0.2 is a Rekor v1 type: cosign's annotations carry it with a SET alone.)
    static func isRekorV2(_ kindVersion: TransparencyLogEntry.KindVersion) -> Bool {
        kindVersion.version == "0.0.2" && (kindVersion.kind == "hashedrekord" || kindVersion.kind == "dsse")
    }

    /// Rekor v1's SET: the log's signature over the canonical JSON of body, integratedTime, logID, logIndex.
    mutating func checkSignedEntryTimestamp(_ signature: [UInt8], entry: TransparencyLogEntry, log: TrustedRoot.Log, integrated: Int64) throws(VouchError) -> Bool {
        // RFC 8785 canonical JSON of these four fields: sorted keys, no whitespace; the values need no escaping.
        let payload = #"{"body":"\#(Base64.encode(entry.canonicalizedBody.bytes))","integratedTime":\#(integrated),"logID":"\#(Hex.encode(entry.logId.keyId.bytes))","logIndex":\#(entry.logIndex.value)}"#
        if try log.key.isValidSignature(signature, for: .bytes(Array(payload.utf8))) { return true }
        fail(.signedEntryTimestamp, "entry \(entry.logIndex.value): the signed entry timestamp does not verify with the key of \(log.baseURL)")
        return false
    }

    mutating func checkInclusion(_ proof: TransparencyLogEntry.InclusionProof, body: [UInt8], index: Int64, log: TrustedRoot.Log) throws(VouchError) {
        let leaf = try MerkleInclusion.leafHash(body)
        let computed = try MerkleInclusion.root(leafHash: leaf, index: proof.logIndex.value, size: proof.treeSize.value, proof: proof.hashes.map(\.bytes))
        if computed != proof.rootHash.bytes {
            fail(.inclusionProof, "entry \(index): the audit path does not lead to the proof's root hash",
                 expected: Base64.encode(proof.rootHash.bytes), actual: computed.map { Base64.encode($0) } ?? "no root (the path does not fit leaf \(proof.logIndex.value) of \(proof.treeSize.value))")
        }
        guard let checkpoint = proof.checkpoint else {
            fail(.checkpoint, "entry \(index): the inclusion proof has no checkpoint")
            return
        }
        switch SignedNote.parse(checkpoint.envelope) {
        case .failure(let failure):
            fail(.checkpoint, "entry \(index): \(failure.reason)")
        case .success(let note):
            if note.size != proof.treeSize.value || note.rootHash != proof.rootHash.bytes {
                fail(.checkpoint, "entry \(index): the checkpoint commits to another tree than the inclusion proof",
                     expected: "size \(proof.treeSize.value) root \(Base64.encode(proof.rootHash.bytes))", actual: "size \(note.size) root \(Base64.encode(note.rootHash))")
            }
            let name = Self.host(of: log.baseURL)
            if !(try note.isSigned(name: name, logID: log.logID, key: log.key)) {
                fail(.checkpoint, "entry \(index): no signature line by '\(name)' with the log's key hint verifies with the key of \(log.baseURL)")
            }
        }
    }

    /// `https://rekor.sigstore.dev` -> `rekor.sigstore.dev`: the name a log signs its checkpoints with.
    static func host(of url: String) -> String {
        var rest = Substring(url)
        if let range = rest.range(of: "://") { rest = rest[range.upperBound...] }
        return String(rest.prefix { $0 != "/" })
    }

    // MARK: Certificate

    mutating func checkCertificate(_ leaf: X509Certificate, carried: [X509Certificate]) throws(VouchError) {
        if !leaf.allowsCodeSigning { fail(.chain, "the certificate's extended key usage does not include code signing") }
        if !leaf.allowsDigitalSignature { fail(.chain, "the certificate's key usage does not include digitalSignature") }
        let intermediates = carried.filter { !$0.isSelfSigned }
        var issuer: X509Certificate?
        for time in times {
            let authorities = root.certificateAuthorities.filter { $0.validity.contains(time.seconds) }
            guard !authorities.isEmpty else {
                fail(.chain, "no certificate authority of the trusted root is valid at the \(time.source) \(TimeText.format(time.seconds))")
                continue
            }
            var reasons: [String] = []
            var validated = false
            for authority in authorities {
                // The authority's own links are checked once per run; a leaf it does not confirm is validated in full.
                if let prepared = authority.prepared, let path = try prepared.validate(leaf, carried: intermediates, at: time.seconds) {
                    validated = true
                    issuer = path[1]
                    break
                }
                switch try X509PathValidation.validate(leaf, intermediates: authority.intermediates + intermediates, anchors: authority.anchors, at: time.seconds) {
                case .success(let path):
                    validated = true
                    if path.count > 1 { issuer = path[1] }
                case .failure(let failure):
                    reasons.append("\(authority.uri): \(failure)")
                }
                if validated { break }
            }
            if !validated {
                fail(.chain, "the certificate does not chain to a trusted CA at the \(time.source) \(TimeText.format(time.seconds)): \(reasons.joined(separator: "; "))",
                     expected: "valid \(TimeText.format(leaf.notBefore)) to \(TimeText.format(leaf.notAfter))", actual: TimeText.format(time.seconds))
            }
        }
        guard let issuer else { return }
        try checkSCT(leaf, issuer: issuer)
    }

    mutating func checkSCT(_ leaf: X509Certificate, issuer: X509Certificate) throws(VouchError) {
        let timestamps: [SignedCertificateTimestamp]
        do throws(VouchError) {
            timestamps = try SignedCertificateTimestamp.embedded(in: leaf)
        } catch {
            fail(.sct, error.reason)
            return
        }
        guard !timestamps.isEmpty else {
            fail(.sct, "the certificate carries no signed certificate timestamp")
            return
        }
        var reasons: [String] = []
        for sct in timestamps {
            guard let log = root.certificateTransparencyLogs.first(where: { $0.logID == sct.logID }) else {
                reasons.append("the SCT's log \(Base64.encode(sct.logID)) is not a CT log of the trusted root")
                continue
            }
            if !log.validity.contains(Int64(sct.timestamp / 1000)) {
                reasons.append("the CT log \(log.baseURL) is not valid at the SCT's time \(TimeText.format(Int64(sct.timestamp / 1000)))")
                continue
            }
            if try sct.isValid(for: leaf, issuer: issuer, logKey: log.key) { return }
            reasons.append("the SCT does not verify with the key of \(log.baseURL)")
        }
        fail(.sct, reasons.joined(separator: "; "))
    }
}

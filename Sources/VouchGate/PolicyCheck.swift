import Foundation
import VouchAttest
public import VouchCore
import VouchCrypto
import VouchImage
public import VouchPolicy
import VouchSBOM
import VouchSecrets

/// `vouch policy check`: gathers the evidence a policy asks about from an image on disk, then applies the
/// policy. The image is read once: one pass verifies every layer and builds the filesystem the SBOM is
/// computed from. Signatures and attestations are verified against the policy's keys only.
public struct PolicyCheck: Sendable {
    public let policy: Policy
    /// The policy file's directory: key and baseline paths are relative to it.
    public let policyDirectory: String
    public let clock: any WallClock
    /// The policy file as given, recorded in the report.
    public let policyPath: String

    public init(policy: Policy, policyPath: String, clock: any WallClock = SystemWallClock()) {
        self.policy = policy
        self.policyPath = policyPath
        self.policyDirectory = URL(fileURLWithPath: policyPath).deletingLastPathComponent().path
        self.clock = clock
    }

    /// What to check.
    public struct Request: Sendable {
        /// `IMAGE[:tag]`: an OCI layout (directory or tar) or a docker-save tar.
        public var image: String
        public var tag: String?
        public var platform: Platform?
        /// DSSE envelope files (`.intoto.jsonl` or JSON) to consider besides those stored with the image.
        public var attestationFiles: [String]
        /// Detached cosign signature files with the simple-signing payload each signs (`--signature F
        /// --payload F`), for an image whose `.sig` tags were dropped on the way (an oci-archive).
        public var signatureFiles: [(signature: String, payload: String)] = []

        public init(image: String, tag: String? = nil, platform: Platform? = nil, attestationFiles: [String] = []) {
            self.image = image
            self.tag = tag
            self.platform = platform
            self.attestationFiles = attestationFiles
        }
    }

    /// Gathers the evidence and applies the policy. Throws only when the check could not run (unreadable
    /// image, policy keys or attestation files); a failing image is a report with failed rules.
    public func run(_ request: Request) throws(VouchError) -> PolicyReport {
        let evidence = try gather(request)
        var report = PolicyEvaluator(policy: policy, clock: clock).evaluate(evidence)
        report.image = request.image
        report.platform = evidence.platform
        report.manifestDigest = evidence.manifestDigest?.description
        report.policy = policyPath
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        formatter.timeZone = TimeZone(identifier: "UTC")
        report.checkedAt = formatter.string(from: clock.now())
        return report
    }

    /// The evidence for `request`, for callers that want to inspect it.
    public func gather(_ request: Request) throws(VouchError) -> PolicyEvidence {
        let keys = try loadKeys()
        let reference = ImageReference(argument: request.image, tag: request.tag) { FileManager.default.fileExists(atPath: $0) }
        let image = try ImageLoader().load(reference, platform: request.platform)
        // One pass over each layer verifies it, builds the filesystem and, for the secrets rule, scans its
        // files: no layer is inflated twice. An image that fails verification is not read further.
        let secretScan = policy.secrets == nil ? nil : SecretScan(detector: try SecretDetector(ruleset: .builtin))
        var scanners: [LayerSecretScanner] = []
        if let secretScan {
            for layer in image.layers { scanners.append(try secretScan.layerScanner(layer: layer.index)) }
        }
        let filesystem = try ImageFileResolver(
            image: image, retention: Self.sbomRetention, requireIntact: false, visitors: secretScan == nil ? nil : scanners)
        let summary = filesystem.report.image
        // The digest the tag resolves to (an index for a multi-platform image), which is what `vouch sign`
        // and `vouch attest` sign, as cosign does.
        guard let subject = summary.imageDigest ?? summary.manifestDigest else {
            throw VouchError(.unsupportedInput, "the image has no manifest digest to check signatures against", path: request.image)
        }
        var evidence = PolicyEvidence(subject: subject, integrity: filesystem.report.verdict)
        evidence.manifestDigest = summary.manifestDigest
        evidence.platform = summary.platform
        // cosign artifacts live in an OCI layout's index, in a directory or a tar (oci-archive, Docker 25+
        // docker save): the one OCILayout reader opens either. A Docker 24 archive has no index to hold them.
        let layout: String? = image.format == .dockerLegacyArchive ? nil : reference.path
        if let layout {
            evidence.signatures = try storedSignatures(layout: layout, tag: reference.tag, keys: keys)
            evidence.signatures += try keylessSignatures(layout: layout, tag: reference.tag)
        }
        evidence.signatures += try givenSignatures(request.signatureFiles, subject: subject, keys: keys)
        evidence.attestations = try attestations(
            layout: layout, tag: reference.tag,
            files: request.attestationFiles, subject: subject, keys: keys)
        evidence.attestations = try withKeylessAttestations(evidence.attestations, files: request.attestationFiles, subject: subject)
        if ImageAttestation.isLayout(reference.path) {
            evidence.attestations = try withKeylessStoredAttestations(evidence.attestations, layout: reference.path, tag: reference.tag, subject: subject)
        }
        if policy.licenses != nil || policy.packages != nil {
            (evidence.packages, evidence.packageSource) = try packages(evidence.attestations, subject: subject,
                                                                      filesystem: filesystem.report.intact ? filesystem : nil)
        }
        if let rule = policy.vulnerabilities {
            evidence.vulnerabilities = try vulnerabilities(rule, attestations: evidence.attestations, subject: subject,
                                                           filesystem: filesystem.report.intact ? filesystem : nil)
        }
        if let rule = policy.secrets, let secretScan {
            (evidence.secretFindings, evidence.secretScanGaps) = try secretFindings(secretScan, scanners)
            if let baseline = rule.baseline {
                evidence.baselineFingerprints = try SecretScanRequest.baselineFingerprints(resolve(baseline))
            }
        }
        return evidence
    }

    /// Keep in memory what the SBOM catalogers read, within the limits `vouch sbom IMAGE` keeps them (a
    /// smaller per-file limit made the gate inflate a base layer again for each 2 MB copyright file).
    static let sbomRetention = SBOMSourceOpener.catalogRetention

    /// The policy's keys, by name, each usable with the signature scheme its algorithm implies.
    func loadKeys() throws(VouchError) -> [VerificationKey] {
        var keys: [VerificationKey] = []
        for (name, path) in policy.keys.sorted(by: { $0.key < $1.key }) {
            let key = try PublicKey(contentsOf: resolve(path))
            keys.append(VerificationKey(publicKey: key, scheme: key.algorithm.defaultScheme(), name: name))
            // An RSA key may sign with PKCS#1 v1.5 or PSS; accept either under the same name.
            if case .rsa = key.algorithm {
                keys.append(VerificationKey(publicKey: key, scheme: key.algorithm.defaultScheme(rsaPSS: true), name: name))
            }
        }
        return keys
    }

    func resolve(_ path: String) -> String {
        path.hasPrefix("/") ? path : URL(fileURLWithPath: policyDirectory).appendingPathComponent(path).path
    }
}

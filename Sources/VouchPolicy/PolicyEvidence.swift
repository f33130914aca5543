public import Foundation
public import VouchCore

/// Everything the policy rules look at, gathered beforehand from the image: its integrity verdict, the
/// signatures and attestations found for its manifest digest (already verified against the policy's keys),
/// its packages, and secret findings in its layers. Keeping evidence apart from evaluation lets each rule be
/// tested on its own.
public struct PolicyEvidence: Sendable {
    /// The image's manifest digest: what signatures and attestations must be bound to.
    public var subject: Digest
    /// The integrity verdict; nil when the image was not verified.
    public var integrity: Verdict?
    public var signatures: [SignatureEvidence]
    public var attestations: [AttestationEvidence]
    /// The image's packages, from an attested SBOM or computed; nil when none could be had.
    public var packages: [PackageEvidence]?
    /// Where ``packages`` came from, e.g. `attested SPDX SBOM` or `computed from the image`.
    public var packageSource: String?
    /// Secret findings in the image layers; nil when not scanned.
    public var secretFindings: [SecretFindingEvidence]?
    /// What the secret scan could not read (a corrupt layer, say): "no findings" means nothing then.
    public var secretScanGaps: [String]
    /// The vulnerability scan of the image's packages, when the policy asks for it.
    public var vulnerabilities: VulnerabilityEvidence?
    /// Fingerprints of findings accepted by the policy's baseline.
    public var baselineFingerprints: Set<String>
    /// The selected image manifest's digest (differs from ``subject`` for a multi-platform index).
    public var manifestDigest: Digest?
    /// The selected platform (`os/arch[/variant]`), when the image names one.
    public var platform: String?

    public init(
        subject: Digest,
        integrity: Verdict? = nil,
        signatures: [SignatureEvidence] = [],
        attestations: [AttestationEvidence] = [],
        packages: [PackageEvidence]? = nil,
        packageSource: String? = nil,
        secretFindings: [SecretFindingEvidence]? = nil,
        secretScanGaps: [String] = [],
        baselineFingerprints: Set<String> = []
    ) {
        self.subject = subject
        self.integrity = integrity
        self.signatures = signatures
        self.attestations = attestations
        self.packages = packages
        self.packageSource = packageSource
        self.secretFindings = secretFindings
        self.secretScanGaps = secretScanGaps
        self.baselineFingerprints = baselineFingerprints
    }
}

/// One signature found for the image.
public struct SignatureEvidence: Hashable, Sendable {
    /// Where it was found: a tag, a referrer, a file.
    public var source: String
    /// The digest the signed payload names.
    public var signedDigest: Digest?
    /// The policy key name that verified it; nil when none did.
    public var verifiedBy: String?
    /// Why it did not verify, when it did not.
    public var problem: String?

    public init(source: String, signedDigest: Digest?, verifiedBy: String?, problem: String? = nil) {
        self.source = source
        self.signedDigest = signedDigest
        self.verifiedBy = verifiedBy
        self.problem = problem
    }
}

/// One attestation (a DSSE envelope with an in-toto Statement) found for the image.
public struct AttestationEvidence: Hashable, Sendable {
    public var source: String
    public var predicateType: String
    /// The digests of the Statement's subjects.
    public var subjectDigests: [Digest]
    /// The policy key name that verified the envelope; nil when none did.
    public var verifiedBy: String?
    public var problem: String?
    /// The predicate as JSON, for rules that read it (provenance, SBOM licenses).
    public var predicate: Data?

    public init(
        source: String,
        predicateType: String,
        subjectDigests: [Digest],
        verifiedBy: String?,
        problem: String? = nil,
        predicate: Data? = nil
    ) {
        self.source = source
        self.predicateType = predicateType
        self.subjectDigests = subjectDigests
        self.verifiedBy = verifiedBy
        self.problem = problem
        self.predicate = predicate
    }
}

/// A package in the image, as the license and package rules see it.
public struct PackageEvidence: Hashable, Sendable {
    /// `pypi`, `deb`, ...
    public var ecosystem: String
    public var name: String
    public var version: String
    /// An SPDX license expression; nil or `NOASSERTION` when unknown.
    public var license: String?

    public init(ecosystem: String, name: String, version: String, license: String?) {
        self.ecosystem = ecosystem
        self.name = name
        self.version = version
        self.license = license
    }
}

/// A secret found in an image layer.
public struct SecretFindingEvidence: Hashable, Sendable {
    public var ruleID: String
    /// `layer 2: /app/.env:3`, say.
    public var location: String
    public var fingerprint: String

    public init(ruleID: String, location: String, fingerprint: String) {
        self.ruleID = ruleID
        self.location = location
        self.fingerprint = fingerprint
    }
}

/// What a vulnerability scan of the image found, after the rule's ignores and VEX statements.
public struct VulnerabilityEvidence: Hashable, Sendable {
    public struct Finding: Hashable, Sendable {
        public var id: String
        public var package: String
        public var version: String
        /// One of ``VulnerabilityRule/levels``.
        public var severity: String

        public init(id: String, package: String, version: String, severity: String) {
            self.id = id
            self.package = package
            self.version = version
            self.severity = severity
        }
    }

    public var findings: [Finding]
    /// Findings left out by ignores and VEX, one line each with why.
    public var suppressed: [String]
    /// Where the packages came from (the attested SBOM, or the image).
    public var source: String
    /// The database's newest record, in seconds since the epoch.
    public var newestRecord: Double?
    public var packagesScanned: Int

    public init(findings: [Finding], suppressed: [String], source: String, newestRecord: Double?, packagesScanned: Int) {
        self.findings = findings
        self.suppressed = suppressed
        self.source = source
        self.newestRecord = newestRecord
        self.packagesScanned = packagesScanned
    }
}

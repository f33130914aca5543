public import Foundation
import VouchCore

/// A deploy-gate policy: the rules an image must pass before it may ship.
///
/// Read from YAML or JSON by ``Policy/init(text:path:)``; the JSON Schema is `Schemas/policy.schema.json`.
/// Key paths in the file are relative to the policy file's directory.
public struct Policy: Hashable, Sendable {
    /// The policy format version; only 1 exists.
    public var version: Int
    /// Trusted public keys by name, as paths to PEM files.
    public var keys: [String: String]
    public var integrity: IntegrityRule?
    public var signatures: SignatureRule?
    public var attestations: [AttestationRule]
    public var provenance: ProvenanceRule?
    public var licenses: LicenseRule?
    public var secrets: SecretRule?
    public var packages: PackageRule?
    /// The policy says, with `allowNoRules: true`, that it means to check nothing; without that a policy
    /// with no rule is refused when it is read, since a gate that checks nothing passes every image.
    public var allowsNoRules = false

    /// Whether no rule is enabled (`rules: {}`, or only `integrity: false`).
    public var checksNothing: Bool {
        integrity == nil && signatures == nil && attestations.isEmpty && provenance == nil && licenses == nil && secrets == nil
            && packages == nil && vulnerabilities == nil
    }

    /// Keyless signers by name, one namespace with ``keys``; see ``KeylessSigner``.
    public var keyless: [String: KeylessSigner] = [:]

    /// Known vulnerabilities of the image's packages (issue 14).
    public var vulnerabilities: VulnerabilityRule?

    public init(
        version: Int = 1,
        keys: [String: String] = [:],
        integrity: IntegrityRule? = nil,
        signatures: SignatureRule? = nil,
        attestations: [AttestationRule] = [],
        provenance: ProvenanceRule? = nil,
        licenses: LicenseRule? = nil,
        secrets: SecretRule? = nil,
        packages: PackageRule? = nil,
        vulnerabilities: VulnerabilityRule? = nil
    ) {
        self.version = version
        self.keys = keys
        self.integrity = integrity
        self.signatures = signatures
        self.attestations = attestations
        self.provenance = provenance
        self.licenses = licenses
        self.secrets = secrets
        self.packages = packages
        self.vulnerabilities = vulnerabilities
    }
}

/// No known vulnerability above `maxSeverity` may remain in the image's packages (those of the attested
/// SBOM bound to the image when there is one, else the image's own), after `ignore` rules that have not
/// expired and `vex` statements. UNKNOWN findings (no rating, no CVSS vector) fail unless `allowUnknown`.
public struct VulnerabilityRule: Hashable, Sendable {
    /// The highest severity allowed: `NONE`, `LOW`, `MEDIUM`, `HIGH` or `CRITICAL`.
    public var maxSeverity: String
    public var allowUnknown: Bool
    public var ignore: [Ignore]
    /// OpenVEX or CycloneDX VEX files, relative to the policy file.
    public var vex: [String]
    /// OSV databases (export zips, directories), relative to the policy file.
    public var databases: [String]
    /// The database's newest record may be at most this old (seconds); older fails the rule.
    public var maxDatabaseAge: TimeInterval?

    public struct Ignore: Hashable, Sendable {
        public var id: String
        public var reason: String
        /// `YYYY-MM-DD`: from that day on the rule no longer applies.
        public var expires: String?

        public init(id: String, reason: String, expires: String? = nil) {
            self.id = id
            self.reason = reason
            self.expires = expires
        }
    }

    public init(maxSeverity: String = "NONE", allowUnknown: Bool = false, ignore: [Ignore] = [], vex: [String] = [],
                databases: [String], maxDatabaseAge: TimeInterval? = 7 * 86_400) {
        self.maxSeverity = maxSeverity
        self.allowUnknown = allowUnknown
        self.ignore = ignore
        self.vex = vex
        self.databases = databases
        self.maxDatabaseAge = maxDatabaseAge
    }

    /// The severity names in increasing order; a finding's rank is its index (UNKNOWN is 0).
    public static let levels = ["UNKNOWN", "NONE", "LOW", "MEDIUM", "HIGH", "CRITICAL"]
}

/// The image must verify: every digest, size and diff_id.
public struct IntegrityRule: Hashable, Sendable {
    public init() {}
}

/// At least `threshold` of the named keys signed this manifest digest.
public struct SignatureRule: Hashable, Sendable {
    public var threshold: Int
    /// Names from ``Policy/keys``.
    public var keys: [String]

    public init(threshold: Int, keys: [String]) {
        self.threshold = threshold
        self.keys = keys
    }
}

/// An attestation of this predicate type must be present, signed by one of `signers`, bound to this digest.
public struct AttestationRule: Hashable, Sendable {
    /// The predicate type as written in the policy: a short name (`spdx`, `cyclonedx`, `slsaprovenance`,
    /// `vuln`) or a URI.
    public var type: String
    /// Names from ``Policy/keys``; empty means any key of the policy.
    public var signers: [String]

    public init(type: String, signers: [String] = []) {
        self.type = type
        self.signers = signers
    }

    /// The predicate type URIs this rule accepts.
    public var acceptedPredicateTypes: [String] { PredicateType.accepted(type) }
}

/// The SLSA provenance must name a matching builder, source and ref, and be recent enough.
/// Patterns use `*` for any run of characters and `?` for one.
public struct ProvenanceRule: Hashable, Sendable {
    public var builderID: String?
    public var sourceRepository: String?
    public var ref: String?
    /// The oldest a build may be, in seconds.
    public var maxAge: TimeInterval?

    public init(builderID: String? = nil, sourceRepository: String? = nil, ref: String? = nil, maxAge: TimeInterval? = nil) {
        self.builderID = builderID
        self.sourceRepository = sourceRepository
        self.ref = ref
        self.maxAge = maxAge
    }
}

/// Every package's license expression must be satisfiable with allowed, non-denied licenses.
public struct LicenseRule: Hashable, Sendable {
    /// License ids that are allowed; empty means every license not denied.
    public var allow: [String]
    public var deny: [String]
    /// Packages (PEP 503-normalized names) whose license is accepted whatever it is, with the license expected.
    public var exceptions: [LicenseException]
    /// Whether a package with no license information passes.
    public var allowUnknown: Bool

    public init(allow: [String] = [], deny: [String] = [], exceptions: [LicenseException] = [], allowUnknown: Bool = false) {
        self.allow = allow
        self.deny = deny
        self.exceptions = exceptions
        self.allowUnknown = allowUnknown
    }
}

public struct LicenseException: Hashable, Sendable {
    public var package: String
    /// When set, the exception holds only while the package still has this license expression.
    public var license: String?

    public init(package: String, license: String? = nil) {
        self.package = package
        self.license = license
    }
}

/// No more secret findings than `maxFindings` in the image layers, beyond those in a baseline.
public struct SecretRule: Hashable, Sendable {
    public var maxFindings: Int
    /// Path of a previous JSON findings report whose fingerprints are accepted.
    public var baseline: String?

    public init(maxFindings: Int = 0, baseline: String? = nil) {
        self.maxFindings = maxFindings
        self.baseline = baseline
    }
}

/// Packages that must not be in the image.
public struct PackageRule: Hashable, Sendable {
    public var deny: [DeniedPackage]

    public init(deny: [DeniedPackage]) { self.deny = deny }
}

public struct DeniedPackage: Hashable, Sendable {
    /// A Python distribution name (compared PEP 503-normalized).
    public var name: String
    /// A PEP 440 specifier set such as `<5.4` or `>=2.0,<2.3`; nil denies every version.
    public var versions: String?
    public var reason: String?

    public init(name: String, versions: String? = nil, reason: String? = nil) {
        self.name = name
        self.versions = versions
        self.reason = reason
    }
}

/// Every fuzz target, in the order `make fuzz` runs them. Each has a corpus folder `Fuzz/Corpus/<name>/`.
enum FuzzTargets {
    static let all: [FuzzTarget] = [
        ArchiveTargets.tarNone, ArchiveTargets.tarGzip, ArchiveTargets.tarZstd, ArchiveTargets.image,
        JSONTargets.json,
        PythonTargets.metadata, PythonTargets.record, PythonTargets.requirement, PythonTargets.marker,
        PythonTargets.pep440, PythonTargets.specifier,
        DebianTargets.dpkgStatus, DebianTargets.dpkgCopyright,
        KeyTargets.pem, KeyTargets.der, KeyTargets.cosignKey,
        AttestTargets.dsse, AttestTargets.inToto, AttestTargets.sigstoreBundle, AttestTargets.trustedRoot,
        DocumentTargets.policy, DocumentTargets.gitleaksTOML, DocumentTargets.sbom, DocumentTargets.spdxExpression,
        VulnTargets.osv, VulnTargets.osvVersion,
        SecretTargets.secrets,
    ]
}

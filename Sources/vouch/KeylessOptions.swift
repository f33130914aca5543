import ArgumentParser
import VouchCore
import VouchSigstore

/// cosign's keyless verification flags (`cosign verify-blob --help`), plus `--trusted-root`.
struct KeylessOptions: ParsableArguments {
    @Option(help: "The signer identity the certificate must name (SAN URI or email), exactly.")
    var certificateIdentity: String?

    @Option(help: "A regular expression the certificate's identity must match (searched, as cosign does).")
    var certificateIdentityRegexp: String?

    @Option(help: "The OIDC issuer the certificate must name, exactly (e.g. https://token.actions.githubusercontent.com).")
    var certificateOidcIssuer: String?

    @Option(help: "A regular expression the certificate's OIDC issuer must match.")
    var certificateOidcIssuerRegexp: String?

    @Option(help: "The GitHub workflow trigger the certificate must name (e.g. push).")
    var certificateGithubWorkflowTrigger: String?

    @Option(help: "The commit SHA the GitHub workflow ran on.")
    var certificateGithubWorkflowSha: String?

    @Option(help: "The GitHub workflow name.")
    var certificateGithubWorkflowName: String?

    @Option(help: "The GitHub repository the workflow ran in (owner/name).")
    var certificateGithubWorkflowRepository: String?

    @Option(help: "The git ref the GitHub workflow ran on (e.g. refs/tags/v1.0.0).")
    var certificateGithubWorkflowRef: String?

    @Option(help: "A Sigstore trusted_root.json to verify against instead of the built-in public-good production root.")
    var trustedRoot: String?

    /// True when any identity flag was given.
    var isKeyless: Bool {
        [certificateIdentity, certificateIdentityRegexp, certificateOidcIssuer, certificateOidcIssuerRegexp].contains { $0 != nil }
    }

    func validate() throws {
        guard isKeyless else {
            let github = [certificateGithubWorkflowTrigger, certificateGithubWorkflowSha, certificateGithubWorkflowName,
                          certificateGithubWorkflowRepository, certificateGithubWorkflowRef]
            if github.contains(where: { $0 != nil }) {
                throw ValidationError("--certificate-github-workflow-* need --certificate-identity and --certificate-oidc-issuer.")
            }
            return
        }
        if (certificateIdentity == nil) == (certificateIdentityRegexp == nil) {
            throw ValidationError("Give exactly one of --certificate-identity or --certificate-identity-regexp.")
        }
        if (certificateOidcIssuer == nil) == (certificateOidcIssuerRegexp == nil) {
            throw ValidationError("Give exactly one of --certificate-oidc-issuer or --certificate-oidc-issuer-regexp.")
        }
        do {
            try policy()?.validate()
        } catch {
            throw ValidationError("\(error)")
        }
    }

    /// The identity policy, or nil without identity flags.
    func policy() -> CertificateIdentityPolicy? {
        guard isKeyless else { return nil }
        let identity: CertificateIdentityPolicy.Matcher = certificateIdentity.map { .exact($0) } ?? .regexp(certificateIdentityRegexp ?? "")
        let issuer: CertificateIdentityPolicy.Matcher = certificateOidcIssuer.map { .exact($0) } ?? .regexp(certificateOidcIssuerRegexp ?? "")
        var policy = CertificateIdentityPolicy(identity: identity, issuer: issuer)
        policy.githubWorkflowTrigger = certificateGithubWorkflowTrigger
        policy.githubWorkflowSHA = certificateGithubWorkflowSha
        policy.githubWorkflowName = certificateGithubWorkflowName
        policy.githubWorkflowRepository = certificateGithubWorkflowRepository
        policy.githubWorkflowRef = certificateGithubWorkflowRef
        return policy
    }

    /// The trusted root: `--trusted-root`, else the built-in production root.
    func loadTrustedRoot() throws(VouchError) -> TrustedRoot {
        if let trustedRoot { return try TrustedRoot(contentsOf: trustedRoot) }
        return try TrustedRoot.production()
    }
}

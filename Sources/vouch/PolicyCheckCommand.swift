import ArgumentParser
import Foundation
import VouchCore
import VouchGate
import VouchImage
import VouchPolicy
import VouchFiles
import VouchRegistry

struct PolicyCheckCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check an image against a deploy-gate policy and report every rule.",
        discussion: """
            The policy (YAML or JSON; Schemas/policy.schema.json; an example is Fixtures/example/policy.yaml) \
            can require: the image verifies; k of n trusted keys signed its manifest digest; signed \
            attestations of given types bound to that digest; SLSA provenance from a given builder, source \
            and ref, no older than a maximum age; allowed and denied licenses; no secrets in the layers; \
            no denied package versions. Key and baseline paths in the policy are relative to it.

            IMAGE may be a registry reference (see 'Image references' in the README): the image and every \
            cosign artifact about it (sha256-<hex>.sig/.att tags, in --signature-repository or \
            COSIGN_REPOSITORY when set; OCI 1.1 referrers, or the sha256-<hex> referrers tag-schema index) \
            are fetched and checked into a private temporary layout first, removed afterwards.

            Exit status: 0 every rule passed; 1 a rule failed; 2 the check could not run (unreadable \
            image, policy, key or attestation file); 64 usage error.

            Examples:
              vouch policy check gateway.oci.tar --policy policy.yaml
              vouch policy check oci-dir:1.0 --policy policy.yaml \\
                  --attestation sbom.intoto.jsonl --format json
              vouch policy check ghcr.io/acme/app:1.0 --policy policy.yaml
              vouch policy check app-oci.tar --policy policy.yaml \\
                  --signature app.sig --payload app.payload.json
            """
    )

    @OptionGroup var image: ImageOptions

    @Option(help: "The policy file (YAML or JSON).")
    var policy: String

    @Option(name: .customLong("attestation"), help: "A DSSE attestation file to consider (repeatable).")
    var attestations: [String] = []

    @Option(name: .customLong("signature"), help: "A detached cosign signature file of the image (repeatable; pairs with --payload, as 'vouch verify' takes them).")
    var signatures: [String] = []

    @Option(name: .customLong("payload"), help: "The simple-signing payload the --signature at the same position signs (repeatable).")
    var payloads: [String] = []

    @Option(help: "Output format: text or json.")
    var format: OutputFormat = .text

    @OptionGroup var outputOptions: OutputOptions

    @OptionGroup var registry: RegistryFlags

    @Option(help: "For a registry reference: the repository signatures and attestations are read from (default: COSIGN_REPOSITORY, else the image's).")
    var signatureRepository: String?

    func validate() throws {
        if signatures.count != payloads.count {
            throw ValidationError("Give one --payload per --signature (got \(signatures.count) signatures and \(payloads.count) payloads).")
        }
    }

    func run() async throws {
        let policy = try Policy(contentsOf: self.policy)
        // A registry reference: the image and every cosign artifact about it are fetched into a temporary
        // layout, and the gate reads that layout as any other.
        let argument = try await ImageArgument.resolve(
            image.image, tag: image.tag, contents: .imageWithArtifacts, registry: registry, signatureRepository: signatureRepository, format: format)
        defer { withExtendedLifetime(argument) {} }
        var request = PolicyCheck.Request(
            image: argument.path, tag: argument.tag,
            platform: try image.platform.map { (text) throws(VouchError) in try Platform(parsing: text) },
            attestationFiles: attestations)
        request.signatureFiles = Array(zip(signatures, payloads))
        var report = try PolicyCheck(policy: policy, policyPath: self.policy, clock: try SystemWallClock(validating: ProcessInfo.processInfo.environment)).run(request)
        if argument.remote != nil { report.image = argument.displayName }
        switch format {
        case .json:
            try StandardOutput.write(JSONOutput.encode(report))
        case .text:
            try StandardOutput.line("policy \(self.policy.terminalEscaped) on \(argument.displayName.terminalEscaped) (\(report.subject.description.terminalEscaped))")
            for rule in report.rules {
                try StandardOutput.line("  \(rule.passed ? "PASS" : "FAIL")  \(rule.rule.terminalEscaped): \(rule.reason.terminalEscaped)")
                for detail in rule.details { try StandardOutput.line("          - \(detail.terminalEscaped)") }
            }
            let failed = report.rules.filter { !$0.passed }.count
            try StandardOutput.line(report.passed ? "result: PASS (\(report.rules.count) rules)" : "result: FAIL (\(failed) of \(report.rules.count) rules failed)")
        }
        try ExitStatus.conclude(report)
    }
}

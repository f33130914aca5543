import ArgumentParser
import Foundation
import VouchAttest
import VouchCore
import VouchFiles
import VouchImage
import VouchSBOM
import VouchSBOMAudit

/// `vouch sbom report`: one offline HTML page about any SBOM.
struct SbomReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Write one self-contained offline HTML report of any SBOM: summary, profiles, licenses, tree, components.",
        discussion: """
            The page holds everything the other audit commands compute: schema validity and integrity \
            (validate), each minimum-elements profile with its failing components (check), the quality \
            score (score), the license breakdown (licenses), the dependency tree, and a table of the \
            components (the described primary component is in the summary, not counted among them) \
            filtered by typing or by the URL fragment (report.html#q=pydantic&eco=pypi shows \
            "N of M components"). The filter matches name, version, purl and license; a field name \
            before a colon matches that field alone: #q=supplier:pydantic.dev (also name:, version:, \
            license:, purl:, ecosystem:). With --attestation and --key, the signed in-toto attestation is \
            verified (as verify-attestation verifies it) and its predicate compared with this SBOM; \
            with --image (an OCI layout) and --key, the image's cosign signatures are verified (as \
            `vouch verify` does) and the attestation must name the image's digest; with --vuln, the findings of a \
            `vouch vuln scan --format json` report are listed.

            The page has no external resource (CSS and script inline, no font, image or link to load) \
            and a Content-Security-Policy that allows only its own script and style: package metadata \
            is untrusted and is escaped everywhere. SOURCE_DATE_EPOCH sets the time the page states. \
            The output is written atomically (a symbolic link is followed, never replaced).

            Exit status: 0 written (whatever the SBOM's quality); 1 written, but the --image signature \
            or the --attestation did not verify; 2 a file could not be read or written.

            Examples:
              vouch sbom report app.spdx.json --output report.html
              vouch sbom report sbom.spdx.json --image ./app-layout:1.0 --key release.pub \\
                  --attestation sbom.intoto.jsonl --vuln vulns.json --output report.html
            """
    )

    @Argument(help: "An SPDX or CycloneDX SBOM.")
    var file: String

    @Option(help: "A DSSE envelope (.intoto.jsonl) or Sigstore bundle whose predicate should be this SBOM.")
    var attestation: String?

    @OptionGroup var keyOptions: VerificationKeyOptions

    @Option(help: "The image the SBOM describes (an OCI layout, IMAGE[:TAG]): its cosign signatures are verified with --key, and the attestation must name its digest.")
    var image: String?

    @Option(help: "A `vouch vuln scan --format json` report to include.")
    var vuln: String?

    @Option(name: .shortAndLong, help: "The HTML file to write.")
    var output: String

    @OptionGroup var outputOptions: OutputOptions

    func validate() throws {
        if attestation != nil || image != nil { try keyOptions.requireKeys() }
        if attestation == nil, image == nil, !keyOptions.key.isEmpty { throw ValidationError("--key verifies an --attestation or an --image; give one.") }
    }

    func run() throws {
        let bytes = try SBOMReader.bytes(path: file)
        var signature: ImageSignatureVerification?
        if let image {
            let target = ImageReference(argument: image, tag: nil) { FileManager.default.fileExists(atPath: $0) }
            guard ImageAttestation.holdsLayout(target.path) else {
                throw VouchError(.unsupportedInput, "--image takes an OCI image layout directory (IMAGE[:TAG])", path: image)
            }
            signature = try ImageSignature.verify(layoutPath: target.path, tag: target.tag, keys: try keyOptions.load())
        }
        var status: SBOMAttestationStatus?
        if let attestation {
            let envelopes = try AttestationDocument.envelopes(from: InputFile.read(attestation), path: attestation)
            status = try SBOMAttestationStatus.verify(envelopes: envelopes, attestationPath: attestation, keys: try keyOptions.load(defaultRSAPSS: true),
                                                      sbom: bytes, sbomPath: file, imageDigest: signature?.digest)
        }
        let vulnerabilities = try vuln.map { (path) throws(VouchError) in try VulnerabilitySummary(contentsOf: path) }
        let input = try SBOMReportInput.audit(bytes, file: file, attestation: status, imageSignature: signature, vulnerabilities: vulnerabilities,
                                              generated: try SystemWallClock(validating: ProcessInfo.processInfo.environment).now())
        try OutputFile.write(Array(SBOMHTMLReport.render(input).utf8), to: output)
        let components = QueriedComponent.all(in: input.document).filter { $0.role != .primary }.count
        if !OutputStyle.quiet {
            StandardError.write("wrote \(output.terminalEscaped): \(components) components, \(input.checks.filter(\.passed).count)/\(input.checks.count) profiles met, score \(String(format: "%.1f", input.score.score))\(signature.map { $0.passed ? ", image signature verified" : ", image signature NOT verified" } ?? "")\(status.map { $0.passed ? ", attestation verified" : ", attestation NOT verified" } ?? "")\n")
        }
        if let signature { try ExitStatus.conclude(signature) }
        if let status { try ExitStatus.conclude(status) }
    }
}

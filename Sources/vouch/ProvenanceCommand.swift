import ArgumentParser
import Foundation
import VouchAttest
import VouchCore
import VouchFiles

struct ProvenanceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "provenance",
        abstract: "Print a SLSA provenance v1 predicate for the current GitHub Actions run.",
        discussion: """
            Reads only the runner's variables: GITHUB_REPOSITORY, GITHUB_SHA, GITHUB_REF, \
            GITHUB_WORKFLOW_REF, GITHUB_RUN_ID (required), GITHUB_RUN_ATTEMPT, GITHUB_SERVER_URL, \
            GITHUB_EVENT_NAME, GITHUB_REPOSITORY_ID, GITHUB_REPOSITORY_OWNER_ID, RUNNER_ENVIRONMENT \
            (required: github-hosted or self-hosted, the builder id), RUNNER_OS, RUNNER_ARCH. The source commit is the first resolved dependency; each --material \
            file is added with its SHA-256. runDetails.metadata.finishedOn is now (or SOURCE_DATE_EPOCH). \
            Outside GitHub Actions it exits 2 naming the missing variable. The predicate has no subject: \
            'vouch attest' binds it to the artifact.

            Sign it with 'vouch attest':
              vouch provenance --material requirements.txt > provenance.json
              vouch attest dist/app.tar --predicate provenance.json --type slsaprovenance --key release.key --output app.intoto.jsonl
            """
    )

    @Option(help: "A file the build consumed; recorded with its SHA-256 (repeatable).")
    var material: [String] = []

    @OptionGroup var outputOptions: OutputOptions

    func run() throws {
        let provenance = try SLSAProvenance.gitHubActions(
            environment: ProcessInfo.processInfo.environment, materialPaths: material,
            clock: try SystemWallClock(validating: ProcessInfo.processInfo.environment))
        try StandardOutput.write(JSONOutput.encode(provenance))
    }
}

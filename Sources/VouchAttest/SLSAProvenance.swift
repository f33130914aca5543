public import VouchCore
import VouchCrypto
import Foundation

/// A SLSA Provenance v1 predicate (slsa.dev/spec/v1.0/provenance) describing a GitHub Actions run, in the
/// shape GitHub's own build type uses (`https://actions.github.io/buildtypes/workflow/v1`).
///
/// Built only from what the runner exports (docs.github.com, "Default environment variables"); nothing
/// is guessed. The one timestamp, `finishedOn`, comes from the injected clock (`SOURCE_DATE_EPOCH` when
/// set), so output is reproducible.
public struct SLSAProvenance: Sendable, Codable, Hashable {
    public static let predicateType = "https://slsa.dev/provenance/v1"
    public static let buildType = "https://actions.github.io/buildtypes/workflow/v1"

    public var buildDefinition: BuildDefinition
    public var runDetails: RunDetails

    public struct BuildDefinition: Sendable, Codable, Hashable {
        public var buildType: String
        public var externalParameters: ExternalParameters
        public var internalParameters: InternalParameters
        public var resolvedDependencies: [ResourceDescriptor]
    }

    public struct ExternalParameters: Sendable, Codable, Hashable {
        public var workflow: Workflow
    }

    /// The workflow that ran: its repository, its file path, and the ref it ran at.
    public struct Workflow: Sendable, Codable, Hashable {
        public var ref: String
        public var repository: String
        public var path: String
    }

    public struct InternalParameters: Sendable, Codable, Hashable {
        public var github: GitHubParameters
    }

    public struct GitHubParameters: Sendable, Codable, Hashable {
        public var event_name: String?
        public var repository_id: String?
        public var repository_owner_id: String?
        public var runner_environment: String?
        public var runner_os: String?
        public var runner_arch: String?
    }

    /// SLSA ResourceDescriptor (in-toto attestation framework, resource_descriptor.md).
    public struct ResourceDescriptor: Sendable, Codable, Hashable {
        public var uri: String?
        public var name: String?
        public var digest: [String: String]
    }

    public struct RunDetails: Sendable, Codable, Hashable {
        public var builder: Builder
        public var metadata: Metadata
    }

    public struct Builder: Sendable, Codable, Hashable {
        public var id: String
    }

    public struct Metadata: Sendable, Codable, Hashable {
        public var invocationId: String
        /// When the provenance was made (RFC 3339, UTC), from the injected clock: the build has finished
        /// by then, so a deploy gate can bound the build's age with it.
        public var finishedOn: String?
    }

    /// The provenance of the current GitHub Actions run with the files at `materialPaths` digested (SHA-256)
    /// as resolved dependencies.
    public static func gitHubActions(environment: [String: String], materialPaths: [String], clock: any WallClock) throws(VouchError) -> SLSAProvenance {
        let digester = try FileDigester()
        var materials: [(name: String, digest: Digest)] = []
        for path in materialPaths { materials.append((path, try digester.digest(path: path).digest)) }
        return try gitHubActions(environment: environment, materials: materials, clock: clock)
    }

    /// The provenance of the current GitHub Actions run, read from `environment`, with `materials` (files
    /// the build consumed, already digested) added to the resolved dependencies after the source commit.
    public static func gitHubActions(
        environment: [String: String], materials: [(name: String, digest: Digest)] = [], clock: any WallClock
    ) throws(VouchError) -> SLSAProvenance {
        func required(_ name: String) throws(VouchError) -> String {
            guard let value = environment[name], !value.isEmpty else {
                throw VouchError(.invalidArgument, "not a GitHub Actions environment: \(name) is not set (provenance is made only from the runner's own variables)")
            }
            return value
        }
        let server = environment["GITHUB_SERVER_URL"].flatMap { $0.isEmpty ? nil : $0 } ?? "https://github.com"
        let repository = try required("GITHUB_REPOSITORY")
        let sha = try required("GITHUB_SHA")
        let ref = try required("GITHUB_REF")
        let workflowRef = try required("GITHUB_WORKFLOW_REF")
        let runID = try required("GITHUB_RUN_ID")
        let attempt = environment["GITHUB_RUN_ATTEMPT"].flatMap { $0.isEmpty ? nil : $0 } ?? "1"
        guard sha.utf8.count == 40, sha.utf8.allSatisfy(Hex.isLowercaseHexDigit) else {
            throw VouchError(.malformedInput, "GITHUB_SHA '\(sha)' is not a 40-character lowercase hex commit id")
        }
        // GITHUB_WORKFLOW_REF is "owner/repo/.github/workflows/file.yml@refs/heads/main".
        guard let at = workflowRef.lastIndex(of: "@"), workflowRef.hasPrefix(repository + "/") else {
            throw VouchError(.malformedInput, "GITHUB_WORKFLOW_REF '\(workflowRef)' is not '\(repository)/<path>@<ref>'")
        }
        let path = String(workflowRef[workflowRef.index(workflowRef.startIndex, offsetBy: repository.count + 1)..<at])
        let workflowAtRef = String(workflowRef[workflowRef.index(after: at)...])
        var dependencies = [ResourceDescriptor(uri: "git+\(server)/\(repository)@\(ref)", name: nil, digest: ["gitCommit": sha])]
        for material in materials {
            dependencies.append(ResourceDescriptor(uri: nil, name: material.name, digest: [material.digest.algorithm.name: material.digest.hex]))
        }
        // The builder id names it, and a policy trusts builder ids: never guessed, never free text.
        let runnerEnvironment = try required("RUNNER_ENVIRONMENT")
        guard runnerEnvironment == "github-hosted" || runnerEnvironment == "self-hosted" else {
            throw VouchError(.invalidArgument, "RUNNER_ENVIRONMENT '\(runnerEnvironment)' is neither github-hosted nor self-hosted, the two values GitHub Actions sets; the builder id cannot name it")
        }
        return SLSAProvenance(
            buildDefinition: BuildDefinition(
                buildType: buildType,
                externalParameters: ExternalParameters(workflow: Workflow(ref: workflowAtRef, repository: "\(server)/\(repository)", path: path)),
                internalParameters: InternalParameters(github: GitHubParameters(
                    event_name: environment["GITHUB_EVENT_NAME"], repository_id: environment["GITHUB_REPOSITORY_ID"],
                    repository_owner_id: environment["GITHUB_REPOSITORY_OWNER_ID"], runner_environment: runnerEnvironment,
                    runner_os: environment["RUNNER_OS"], runner_arch: environment["RUNNER_ARCH"])),
                resolvedDependencies: dependencies),
            runDetails: RunDetails(
                builder: Builder(id: "\(server)/actions/runner/\(runnerEnvironment)"),
                metadata: Metadata(
                    invocationId: "\(server)/\(repository)/actions/runs/\(runID)/attempts/\(attempt)",
                    finishedOn: rfc3339(clock.now()))))
    }

    private static func rfc3339(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.string(from: date)
    }
}

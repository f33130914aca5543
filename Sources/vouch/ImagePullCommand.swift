import ArgumentParser
import Foundation
#if canImport(Glibc)
import Glibc
#endif
import VouchCore
import VouchFiles
import VouchRegistry

struct ImagePullCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pull",
        abstract: "Copy an image from a registry into a new OCI layout directory, checking every digest.",
        discussion: """
            Fetches the manifest (or index, with every platform it lists), its configs and layers. Each \
            manifest's digest is computed from the bytes received; each blob is streamed to a temporary \
            file while its digest and size are checked, and renamed into the layout only when both match. \
            The layout is built beside --output and renamed when complete: a failed or tampered pull \
            leaves nothing there. --with-signatures also fetches cosign's sha256-<hex>.sig, .att and \
            .sbom tags, the OCI 1.1 referrers and the referrers tag-schema index.

            Exit status: 0 pulled; 1 the registry served bytes that do not match their digest (nothing \
            written); 2 could not run (no such image, access denied, network failure).

            Examples:
              vouch image pull ghcr.io/org/app:1.0 --output ./app-layout
              vouch image pull docker://127.0.0.1:5000/app@sha256:... --output ./app --with-signatures \\
                  --registry-cacert ca.pem
            """
    )

    @Argument(help: "A registry reference REGISTRY/REPO[:TAG][@sha256:...] (or docker://REF).")
    var reference: String

    @Option(help: "The new OCI layout directory.")
    var output: String

    @Flag(help: "Also fetch cosign signatures, attestations, SBOMs and referrers of the image.")
    var withSignatures = false

    @OptionGroup var registry: RegistryFlags

    @Option(help: "Output format: text or json.")
    var format: OutputFormat = .text

    @OptionGroup var outputOptions: OutputOptions

    func run() async throws {
        guard case .registry(let target) = try ImageSource.classify(reference.hasPrefix("docker://") ? reference : "docker://" + reference, exists: { _ in false }) else {
            throw VouchError(.invalidArgument, "'\(reference)' is not a registry reference")
        }
        let report = try await ImagePull(options: try registry.options(), withSignatures: withSignatures).pull(target, into: output)
        if let warning = report.cacheWarning { OutputStyle.warn(warning) }
        if format == .json {
            try StandardOutput.write(try JSONOutput.encode(report))
        } else if report.failures.isEmpty {
            try StandardOutput.line("pulled \(report.reference) (\(report.digest?.description ?? "-")) to \(output.terminalEscaped): \(report.manifests) manifest(s), \(report.blobs) blob(s), \(report.bytes) bytes")
            for artifact in report.artifacts { try StandardOutput.line("  with \(artifact)") }
        } else {
            try StandardOutput.line("NOT PULLED: \(report.failures.count) failure(s); nothing was written to \(output.terminalEscaped)")
            for failure in report.failures { try StandardOutput.line("  \(failure.description.terminalEscaped)") }
        }
        try ExitStatus.conclude(report)
    }
}

struct ImagePushCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "push",
        abstract: "Push the image an OCI layout holds to a registry, with its cosign signatures and attestations.",
        discussion: """
            Uploads every blob the registry does not have yet (HEAD first, then a monolithic POST and PUT), \
            then the manifests byte for byte (children before their index, so digests are unchanged), the \
            top one under REF's tag; then cosign's sha256-<hex>.sig/.att/.sbom tags about the image and its \
            referrers, so a signed image keeps its signatures.

            A blob that an earlier pull or push saw in another repository of the same registry is mounted \
            from there instead of uploaded again (the blob cache, $XDG_CACHE_HOME/vouch/registry/\
            blob-locations.json; VOUCH_NO_BLOB_CACHE=1 turns it off). A mount the registry declines falls \
            back to an upload.

            Examples:
              vouch image push ./app-layout:1.0 127.0.0.1:5000/app:1.0 --allow-http-registry
              vouch image push oci:./app-layout ghcr.io/org/app:1.0
            """
    )

    @Argument(help: "An OCI layout directory or oci-archive tar, optionally SRC:TAG (or oci:SRC[:TAG]).")
    var source: String

    @Argument(help: "The registry reference to push to, REGISTRY/REPO[:TAG].")
    var reference: String

    @OptionGroup var registry: RegistryFlags

    @Option(help: "Output format: text or json.")
    var format: OutputFormat = .text

    @OptionGroup var outputOptions: OutputOptions

    func run() async throws {
        guard case .local(let path, let tag) = try ImageSource.of(source) else {
            throw VouchError(.invalidArgument, "the source of 'image push' must be an OCI layout or archive on disk (use 'image copy' between registries)", path: source)
        }
        guard case .registry(let target) = try ImageSource.classify(reference.hasPrefix("docker://") ? reference : "docker://" + reference, exists: { _ in false }) else {
            throw VouchError(.invalidArgument, "'\(reference)' is not a registry reference")
        }
        let report = try await ImagePush(options: try registry.options()).push(layout: path, tag: tag, to: target)
        try Self.print(report, format: format)
    }

    static func print(_ report: PushReport, format: OutputFormat) throws {
        if let warning = report.cacheWarning { OutputStyle.warn(warning) }
        if format == .json {
            try StandardOutput.write(try JSONOutput.encode(report))
            return
        }
        try StandardOutput.line("pushed \(report.reference) (\(report.digest)): \(report.manifests) manifest(s), \(report.blobsUploaded) blob(s) uploaded, \(report.blobsPresent) already present" + (report.blobsMounted > 0 ? ", \(report.blobsMounted) mounted" : ""))
        for artifact in report.artifacts { try StandardOutput.line("  with \(artifact)") }
    }
}

struct ImageCopyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "copy",
        abstract: "Copy an image between registries and layouts, with its signatures and attestations, digests unchanged.",
        discussion: """
            SRC and DST are each a registry reference or an OCI layout (see 'Image references' in the \
            README). From a registry, the image is pulled with --with-signatures into a temporary layout \
            (checked as 'image pull' checks it) and pushed from there; to a layout, DST must be a new \
            directory.

            Examples:
              vouch image copy ghcr.io/org/app:1.0 127.0.0.1:5000/app:1.0 --allow-http-registry
              vouch image copy ./app-layout:1.0 ghcr.io/org/app:1.0
              vouch image copy ghcr.io/org/app:1.0 oci:./app-copy
            """
    )

    @Argument(help: "The image to copy: a registry reference or an OCI layout.")
    var source: String

    @Argument(help: "Where to copy it: a registry reference or a new OCI layout directory.")
    var destination: String

    @OptionGroup var registry: RegistryFlags

    @Option(help: "Output format: text or json.")
    var format: OutputFormat = .text

    @OptionGroup var outputOptions: OutputOptions

    func run() async throws {
        let options = try registry.options()
        let from = try ImageSource.of(source)
        let to = try ImageSource.of(destination)
        switch (from, to) {
        case (.registry(let reference), .local(let path, _)):
            let report = try await ImagePull(options: options, withSignatures: true).pull(reference, into: path)
            if let warning = report.cacheWarning { OutputStyle.warn(warning) }
            if format == .json { try StandardOutput.write(try JSONOutput.encode(report)) } else {
                for failure in report.failures { try StandardOutput.line("  \(failure.description.terminalEscaped)") }
                if report.failures.isEmpty { try StandardOutput.line("copied \(report.reference) (\(report.digest?.description ?? "-")) to \(path.terminalEscaped)") }
            }
            try ExitStatus.conclude(report)
        case (.local(let path, let tag), .registry(let reference)):
            try ImagePushCommand.print(try await ImagePush(options: options).push(layout: path, tag: tag, to: reference), format: format)
        case (.registry(let sourceReference), .registry(let reference)):
            let scratch = try TemporaryLayoutDirectory()
            let pulled = try await ImagePull(options: options, withSignatures: true).pull(sourceReference, into: scratch.path + "/layout")
            guard pulled.failures.isEmpty else {
                for failure in pulled.failures { try StandardOutput.line("  \(failure.description.terminalEscaped)") }
                try ExitStatus.conclude(pulled)
                return
            }
            // Blobs are mounted from the source repository when both are on one registry (no second upload).
            var pushed = try await ImagePush(options: options, mountSource: sourceReference).push(layout: scratch.path + "/layout", tag: nil, to: reference)
            // One warning about the cache per run.
            if let warning = pulled.cacheWarning {
                OutputStyle.warn(warning)
                pushed.cacheWarning = nil
            }
            try ImagePushCommand.print(pushed, format: format)
        case (.local, .local):
            throw VouchError(.invalidArgument, "copying between two layouts on disk is skopeo's job ('skopeo copy oci:A oci:B'); one side must be a registry")
        }
    }
}

/// A private temporary directory removed when released (the staging area of `image copy`).
final class TemporaryLayoutDirectory {
    let path: String

    init() throws(VouchError) {
        var template = Array((FileManagerPaths.temporary + "/vouch-copy-XXXXXX").utf8CString)
        guard let made = template.withUnsafeMutableBufferPointer({ mkdtemp($0.baseAddress!) }) else {
            throw VouchError.system(errno: errno, operation: "mkdtemp", path: FileManagerPaths.temporary)
        }
        path = String(cString: made)
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }
}

enum FileManagerPaths {
    static var temporary: String { ProcessInfo.processInfo.environment["TMPDIR"].flatMap { $0.isEmpty ? nil : $0 } ?? "/tmp" }
}

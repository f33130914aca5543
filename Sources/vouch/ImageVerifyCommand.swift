import ArgumentParser
#if canImport(Glibc)
import Glibc
#endif
import VouchCore
import VouchImage
import VouchFiles
import VouchRegistry

struct ImageVerifyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Check that an image on disk is exactly what its manifest and config say.",
        discussion: """
            Checks every descriptor's grammar and size before opening a blob, the digest and size of the \
            index, manifest, config and every layer, each layer's diff_id (the digest of its uncompressed \
            tar stream), that layers and diff_ids agree in number and order, that the compression matches \
            the media type, and every tar header (no '..', no absolute paths, no escaping hard links). \
            Layers are read once each, in parallel. Every failure is reported with the layer index, the \
            descriptor, and the expected and actual values.

            Setuid files, device nodes and symlinks that climb above the root are listed as findings; they \
            do not fail verification.

            A layer of a media type Vouch cannot interpret is checked by digest and size and reported as \
            not interpretable. A container holding several images is verified image by image when no \
            tag is given, each reported (JSON: an array of reports). A manifest or config that fails its \
            digest check is a failed verification even when its bytes cannot be read on.

            Exit status: 0 intact; 1 not intact (any failure, in any image); 2 the image could not be read \
            (missing, malformed or unsupported documents, no manifest for the platform).

            Examples:
              vouch image verify app.tar
              vouch image verify --format json ./layout > report.json
              vouch image verify multi-arch.tar --platform linux/arm64/v8
              vouch image verify ghcr.io/org/app:1.0

            A registry reference (see 'Image references' in the README) is verified without storing its \
            layers: each blob is streamed through the same checks as it arrives.
            """
    )

    @OptionGroup var options: ImageOptions

    @Option(help: "Output format: text or json.")
    var format: OutputFormat = .text

    @OptionGroup var outputOptions: OutputOptions

    @OptionGroup var registry: RegistryFlags

    func run() async throws {
        var outcomes: [ImageLoader.Outcome] = []
        var streamed: ImageStreamVerification.Outcome?
        switch try ImageSource.of(options.image) {
        case .registry(let reference):
            streamed = try await ImageStreamVerification(options: try registry.options()).verify(reference, platform: try options.requestedPlatform)
        case .local(let path, let tag):
            var local = options
            // skopeo's oci:, oci-archive: and docker-archive: prefixes name the path explicitly.
            if ["oci:", "oci-archive:", "docker-archive:"].contains(where: { options.image.hasPrefix($0) }) {
                local.image = path
                local.tag = local.tag ?? tag
            }
            outcomes = try local.inspectEach()
        }
        if let streamed {
            switch streamed {
            case .verified(let report):
                if format == .json { try StandardOutput.write(try JSONOutput.encode(report)) } else { try printText(report) }
                try ExitStatus.conclude(report.verdict)
            case .tampered(let tampered):
                if format == .json { try StandardOutput.write(try JSONOutput.encode(tampered)) } else { try printText(tampered) }
                try ExitStatus.conclude(tampered.verdict)
            }
            return
        }
        let progress: (@Sendable (VerificationProgress) -> Void)? = isatty(STDERR_FILENO) == 1 && !OutputStyle.quiet ? Self.showProgress : nil
        var verdicts: [Verdict] = []
        var json: [String] = []
        for (index, outcome) in outcomes.enumerated() {
            if format == .text, outcomes.count > 1 { try StandardOutput.line((index == 0 ? "" : "\n") + "image \(index + 1) of \(outcomes.count):") }
            switch outcome {
            case .loaded(let image):
                let report = ImageVerifier().verify(image, progress: progress)
                verdicts.append(report.verdict)
                if format == .json { json.append(try JSONOutput.encode(report)) } else { try printText(report) }
            case .tampered(let tampered):
                verdicts.append(tampered.verdict)
                if format == .json { json.append(try JSONOutput.encode(tampered)) } else { try printText(tampered) }
            }
        }
        if format == .json {
            // One image: its report; several: an array of them.
            try StandardOutput.write(json.count == 1 ? json[0] : "[" + json.map { $0.trimmingCharacters(in: .newlines) }.joined(separator: ",") + "]\n")
        }
        try ExitStatus.conclude(Verdict(checksMade: verdicts.reduce(0) { $0 + $1.checksMade }, failures: verdicts.flatMap(\.failures)))
    }

    private func printText(_ tampered: TamperedDocuments) throws(VouchError) {
        try StandardOutput.line("image: \(tampered.path.terminalEscaped)")
        try StandardOutput.line("NOT INTACT: \(tampered.failures.count) failure(s) in \(tampered.checksMade) checks; reading stopped: \(tampered.cause.reason.terminalEscaped)")
        for failure in tampered.failures { try StandardOutput.line("  \(failure.description.terminalEscaped)") }
    }

    private func printText(_ report: ImageVerificationReport) throws(VouchError) {
        try StandardOutput.write(ImageText.summary(report.image))
        for layer in report.layers {
            let state = layer.failures.isEmpty ? "ok" : "FAILED"
            let size = layer.uncompressedSize.map { ", \($0) bytes uncompressed" } ?? ""
            try StandardOutput.line("layer \(layer.index): \(state) (\(layer.status.rawValue), \(layer.compression?.rawValue ?? "-"), \(layer.entryCount) entries\(size))")
        }
        for finding in report.findings { try StandardOutput.line("finding: \(finding.description.terminalEscaped)") }
        if report.intact {
            try StandardOutput.line("intact: \(report.checksMade) checks passed")
        } else {
            try StandardOutput.line("NOT INTACT: \(report.failures.count) failure(s) in \(report.checksMade) checks")
            for failure in report.failures { try StandardOutput.line("  \(failure.description.terminalEscaped)") }
        }
    }

    /// A one-line counter on a terminal, erased when the last layer is done.
    @Sendable static func showProgress(_ progress: VerificationProgress) {
        if progress.layersDone == progress.layerCount {
            StandardError.write("\r\u{1b}[K")
            return
        }
        let percent = progress.totalBytes > 0 ? progress.bytesRead * 100 / progress.totalBytes : 0
        StandardError.write(
            "\rverifying: \(progress.bytesRead >> 20) of \(progress.totalBytes >> 20) MiB read (\(percent)%), " +
                "\(progress.layersDone)/\(progress.layerCount) layers done\u{1b}[K")
    }
}

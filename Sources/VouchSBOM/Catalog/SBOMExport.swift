public import VouchCore
import VouchCrypto
import VouchFiles

/// One requested output: a format, and a file (nil: standard output).
public struct SBOMOutput: Hashable, Sendable {
    public var format: SBOMFormat
    public var path: String?

    public init(format: SBOMFormat, path: String?) {
        self.format = format
        self.path = path
    }
}

/// What `vouch sbom` produced: the document, and the bytes meant for standard output.
public struct SBOMExportResult: Sendable {
    public var document: SBOMDocument
    public var standardOutput: [UInt8]
    public var filesWritten: [String]
}

/// The whole of `vouch sbom SOURCE --format F --output FILE ...`: open the source, catalog it once, encode
/// each requested format, and write the files as one ``OutputBatch`` (regular files atomically, devices
/// and FIFOs written through). Every format is encoded before any file is written, and the files are
/// written all or none, so a failure leaves no output at all.
public enum SBOMExport {
    public static func run(
        source path: String, outputs: [SBOMOutput], catalog: CatalogOptions = CatalogOptions(),
        encoding: SBOMEncodingOptions = SBOMEncodingOptions(), platform: Platform? = nil, clock: any WallClock = SystemWallClock(),
        tag: String? = nil, subject: SBOMSubject = SBOMSubject(), lock: ProjectLock.Request = .automatic
    ) throws(VouchError) -> SBOMExportResult {
        guard SBOMEncodingOptions.cycloneDXVersions.contains(encoding.cycloneDXVersion) else {
            throw VouchError(.invalidArgument, "CycloneDX spec version \(encoding.cycloneDXVersion) is not supported (1.5 and 1.6 are)")
        }
        let opened = try SBOMSourceOpener.open(path, tag: tag, platform: platform, subject: subject)
        var options = catalog
        if let machine = opened.machine, !options.machineIsExplicit { options.defaultMachine = machine }
        let isVenv = opened.source == nil && (try? opened.resolver.info("/pyvenv.cfg")) != nil
        var lockWarning: String?
        if lock == .automatic {
            // A file found next to the venv that cannot be read is not what the user asked for: warn, read none.
            do throws(VouchError) {
                options.lock = try ProjectLock.resolve(lock, source: path, isVenv: isVenv)
            } catch {
                lockWarning = "\(error.description); no lock file read (give --lock FILE or --no-lock)"
            }
        } else {
            options.lock = try ProjectLock.resolve(lock, source: path, isVenv: isVenv)
        }
        var document = try SBOMGenerator(clock: clock).generate(opened.resolver, source: opened.source, options: options)
        if opened.source == nil {
            subject.describe(&document.source, directory: path, project: opened.project.project)
            if let warning = opened.project.warning { document.warnings.append(warning) }
        }
        if let lockWarning { document.warnings.append(lockWarning) }
        if opened.source != nil { document.source.supplier = subject.supplier }
        if document.source.supplier == nil {
            document.warnings.append("the root component's supplier is unknown (NOASSERTION): nothing in the source names it, so the SBOM lacks the NTIA minimum element 'supplier name' for its root; give --supplier \"Org (email)\"")
        }
        // An SBOM of nothing is almost always the wrong directory (venv/bin, a build context): say what
        // was looked for where instead of writing an empty document.
        guard !document.packages.isEmpty else {
            throw VouchError(
                .unsupportedInput,
                "found no packages: no Python distribution (*.dist-info or *.egg-info in a site-packages directory) "
                    + "and no Debian package database (var/lib/dpkg/status, status.d/) under it; give a venv, a "
                    + "site-packages directory, a root filesystem or an image", path: path)
        }
        var rendered: [(SBOMOutput, [UInt8])] = []
        for output in outputs {
            rendered.append((output, try SBOMGenerator.encode(document, as: output.format, options: encoding)))
        }
        var standardOutput: [UInt8] = []
        var files: [OutputBatch.File] = []
        for (output, bytes) in rendered {
            if let file = output.path {
                files.append(OutputBatch.File(path: file, bytes: bytes))
            } else {
                standardOutput += bytes
            }
        }
        try OutputBatch.write(files)
        let written = files.map(\.path)
        return SBOMExportResult(document: document, standardOutput: standardOutput, filesWritten: written)
    }
}


import Foundation
public import VouchCore
public import VouchImage

/// A `vouch sbom` SOURCE, opened: the tree to catalog, how the document describes it, and the machine
/// its markers are evaluated for.
public struct OpenedSource {
    public var resolver: any FileResolver
    /// Nil for a directory (the generator names it after the resolver and what it finds).
    public var source: SBOMSource?
    /// `platform_machine` the source says (an image's architecture), or nil.
    public var machine: String?
    /// For a directory: the Python project it belongs to, which names a venv's root.
    public var project: PythonProject.Lookup = PythonProject.Lookup()
}

/// Opens SOURCE: a directory (venv, site-packages, unpacked root filesystem) through
/// ``DirectoryFileResolver``; an image (OCI layout directory, OCI archive, docker-save tar, optionally
/// `IMAGE:tag`; `-` or a pipe for a tar) through the image module's squashed filesystem, described by its manifest digest.
public enum SBOMSourceOpener {
    /// Image files whose bytes are kept in memory while layers are read: what the catalogers read (so the
    /// catalog never reads a layer a second time).
    public static func isCatalogMetadata(_ path: String) -> Bool {
        path.contains(".dist-info/") || path.contains(".egg-info") || path.hasPrefix("/var/lib/dpkg/")
            || (path.hasPrefix("/usr/share/doc/") && path.hasSuffix("/copyright")) || path.hasSuffix("/pyvenv.cfg")
            || path == "/etc/os-release" || path == "/usr/lib/os-release"
            || path.hasSuffix("/Package.resolved") || path.hasSuffix("/.package.resolved") || path.hasSuffix("/Package.swift")
    }

    /// What an image's pass keeps in memory for the catalogers (``isCatalogMetadata(_:)``, up to 16 MiB a
    /// file, 512 MiB in all), so cataloging never reads a layer again: a file over it is re-read from its
    /// layer, inflating the layer a second time (a 2 MB Debian copyright file is common). `vouch sbom` and
    /// `vouch policy check` both use it.
    public static let catalogRetention = ImageFileResolver.ContentRetention(
        maxFileBytes: 16 << 20, maxTotalBytes: 512 << 20, accepts: { isCatalogMetadata($0) })

    /// `retainingAllFiles` keeps every file's bytes of an image in memory (within the image module's
    /// limits), for verify-record, which reads them all; otherwise only catalog metadata is kept.
    /// `tag` picks the image of a container that holds several (as `IMAGE:TAG` does). `subject` names the
    /// root component instead of the source (``imageSource(_:reference:subject:)``).
    public static func open(
        _ argument: String, tag: String? = nil, platform: Platform? = nil, retainingAllFiles: Bool = false, subject: SBOMSubject = SBOMSubject()
    ) throws(VouchError) -> OpenedSource {
        var isDirectory: ObjCBool = false
        let exists = FileManager.default.fileExists(atPath: argument, isDirectory: &isDirectory)
        if tag == nil, exists, isDirectory.boolValue, !FileManager.default.fileExists(atPath: argument + "/oci-layout") {
            return OpenedSource(resolver: try DirectoryFileResolver(path: argument), source: nil, machine: nil, project: PythonProject.find(for: argument))
        }
        let reference = ImageReference(argument: argument, tag: tag) { FileManager.default.fileExists(atPath: $0) }
        guard reference.path == "-" || FileManager.default.fileExists(atPath: reference.path) else {
            throw VouchError(.fileNotFound, "no such file or directory", path: argument)
        }
        let image = try ImageLoader().load(reference, platform: platform)
        let retention = retainingAllFiles
            ? ImageFileResolver.ContentRetention(maxFileBytes: 64 << 20, maxTotalBytes: 4 << 30)
            : catalogRetention
        let resolver = try ImageFileResolver(image: image, retention: retention)
        return OpenedSource(resolver: resolver, source: imageSource(image, reference: reference, subject: subject),
                            machine: image.config.architecture.map(pythonMachine))
    }

    /// An image's root component, named as a registry names it and never by the local path it was read
    /// from: `subject.name`, else the best registry reference among the tags naming the image
    /// (``RegistryReference/naming(_:selectedBy:)``: the selected tag's, a full name before a short one),
    /// else the file's own name with the layout's bare tag (`app-layout:1.0`). Its version is
    /// `subject.version` or the manifest digest, its purl `pkg:oci/NAME@DIGEST` with the repository, tag and
    /// architecture it is known by.
    static func imageSource(_ image: LoadedImage, reference: ImageReference, subject: SBOMSubject) -> SBOMSource {
        let digest = (image.manifestDescriptor?.digest ?? image.configDescriptor.digest).description
        let named = RegistryReference.naming(image.tags, selectedBy: reference.tag).first
        let bareTag = reference.tag ?? (image.tags.count == 1 ? image.tags[0] : nil)
        let fileName = Self.fileName(reference.path)
        let name = subject.name ?? named?.description ?? (fileName + (bareTag.map { ":" + $0 } ?? ""))
        // The purl names a repository: the one `--name` spells when it is a reference, else the image's.
        let purlReference = subject.name.flatMap { RegistryReference(parsing: $0) } ?? named
        let purl = PackageURL.oci(
            name: purlReference?.name ?? fileName, digest: digest,
            repositoryURL: purlReference?.registry == nil ? nil : purlReference?.repository,
            tag: purlReference?.tag ?? (purlReference == nil ? bareTag : nil), architecture: image.config.architecture)
        var source = SBOMSource(kind: .image, name: name, digest: digest, version: subject.version ?? digest, purl: purl)
        source.supplier = subject.supplier
        source.layers = image.layers.map { SBOMSource.Layer(digest: $0.descriptor?.digest.description, diffID: $0.expectedDiffID?.description) }
        return source
    }

    /// The name of an image file or layout without its directory and archive suffix.
    static func fileName(_ path: String) -> String {
        guard path != "-", !path.hasPrefix("/dev/") else { return "image" }
        var name = URL(fileURLWithPath: path).standardizedFileURL.lastPathComponent
        for suffix in [".tar.gz", ".tgz", ".tar", ".oci"] where name.count > suffix.count && name.hasSuffix(suffix) {
            name.removeLast(suffix.count)
            break
        }
        return name.isEmpty || name == "/" ? "image" : name
    }

    /// OCI architecture names as Python's `platform.machine()` spells them on Linux.
    static func pythonMachine(_ architecture: String) -> String {
        switch architecture {
        case "amd64": "x86_64"
        case "arm64": "aarch64"
        case "386": "i686"
        case "arm": "armv7l"
        default: architecture
        }
    }
}

public import VouchCore
import VouchImage

/// Where an image argument points: a container on disk (an OCI layout, an oci-archive or docker-save
/// tar) or an image in a registry.
public enum ImageSource: Hashable, Sendable {
    /// A path on disk, with the tag to pick inside it.
    case local(path: String, tag: String?)
    case registry(RemoteReference)

    /// The one rule that tells a registry reference from a local path (README, "Image references"):
    ///
    /// 1. skopeo's transport prefixes make it explicit: `docker://REF` is a registry reference;
    ///    `oci:PATH[:TAG]`, `oci-archive:PATH[:TAG]` and `docker-archive:PATH[:TAG]` are local.
    /// 2. An existing path wins: the argument, or its part before a `:TAG`, names a file or directory.
    /// 3. Otherwise a reference whose first component is a registry host (``RegistryReference/namesRegistry(_:)``:
    ///    has a `.` or a `:`, or is `localhost`, and is a host name or address), such as `ghcr.io/org/app:1.0` or `127.0.0.1:5000/app`, is a registry reference.
    /// 4. Anything else is a local path (so a mistyped file name is "not found", and nothing is contacted;
    ///    write `docker://alpine` for a Docker Hub short name).
    public static func classify(_ argument: String, exists: (String) -> Bool) throws(VouchError) -> ImageSource {
        if argument.hasPrefix("docker://") {
            return .registry(try RemoteReference(parsing: String(argument.dropFirst("docker://".count))))
        }
        for prefix in ["oci:", "oci-archive:", "docker-archive:"] where argument.hasPrefix(prefix) {
            let rest = String(argument.dropFirst(prefix.count))
            return local(rest, exists: exists)
        }
        let onDisk = local(argument, exists: exists)
        if case .local(let path, _) = onDisk, exists(path) { return onDisk }
        let firstComponent = argument.split(separator: "/", maxSplits: 1).first.map(String.init) ?? ""
        if argument.contains("/"), RegistryReference.namesRegistry(firstComponent), !argument.hasPrefix("./"), !argument.hasPrefix("../") {
            return .registry(try RemoteReference(parsing: argument))
        }
        return onDisk
    }

    /// `PATH[:TAG]`: the longest prefix before a `:` that exists is the path (the rule of
    /// `ImageReference(argument:tag:exists:)`).
    static func local(_ argument: String, exists: (String) -> Bool) -> ImageSource {
        if exists(argument) { return .local(path: argument, tag: nil) }
        var colon = argument.lastIndex(of: ":")
        while let at = colon {
            let prefix = String(argument[..<at])
            if !prefix.isEmpty, exists(prefix) { return .local(path: prefix, tag: String(argument[argument.index(after: at)...])) }
            colon = argument[..<at].lastIndex(of: ":")
        }
        if let colon = argument.lastIndex(of: ":"), !argument[colon...].contains("/") {
            return .local(path: String(argument[..<colon]), tag: String(argument[argument.index(after: colon)...]))
        }
        return .local(path: argument, tag: nil)
    }
}

/// Package URLs (github.com/package-url/purl-spec, PURL-SPECIFICATION.rst and PURL-TYPES.rst).
public enum PackageURL {
    /// `pkg:pypi/<name>@<version>`: the name lowercased with `_` replaced by `-` (the pypi type's rule),
    /// the version percent-encoded.
    public static func pypi(name: String, version: String) -> String {
        let purlName = String(name.lowercased().map { $0 == "_" ? "-" : $0 })
        return "pkg:pypi/\(encode(purlName))" + (version.isEmpty ? "" : "@\(encode(version))")
    }

    /// `pkg:deb/<namespace>/<name>@<version>?arch=<arch>` (the deb type; namespace is the vendor).
    public static func deb(namespace: String, name: String, version: String, architecture: String?) -> String {
        var purl = "pkg:deb/\(encode(namespace.lowercased()))/\(encode(name))"
        if !version.isEmpty { purl += "@\(encode(version))" }
        if let architecture, !architecture.isEmpty { purl += "?arch=\(encode(architecture))" }
        return purl
    }

    /// `pkg:swift/<host>/<owner>@<version>` names `<repository>`: the swift type's namespace is the
    /// repository's host and path without its last component, the name that component without `.git`
    /// (`https://github.com/apple/swift-argument-parser.git` -> `pkg:swift/github.com/apple/swift-argument-parser`).
    /// Also takes scp-style `git@host:owner/name.git`. Nil for a location that names no remote repository.
    public static func swift(location: String, version: String) -> String? {
        var path = location
        for scheme in ["https://", "http://", "git+ssh://", "ssh://", "git://"] where path.hasPrefix(scheme) {
            path.removeFirst(scheme.count)
            break
        }
        if path == location {
            // scp-style `user@host:owner/name`
            guard let at = path.firstIndex(of: "@"), let colon = path[at...].firstIndex(of: ":") else { return nil }
            path = String(path[path.index(after: at)..<colon]) + "/" + path[path.index(after: colon)...]
        } else if let at = path.firstIndex(of: "@"), let slash = path.firstIndex(of: "/"), at < slash {
            path = String(path[path.index(after: at)...])
        }
        while path.hasSuffix("/") { path.removeLast() }
        if path.hasSuffix(".git") { path.removeLast(4) }
        let components = path.split(separator: "/").map(String.init)
        guard components.count >= 2, let name = components.last, !name.isEmpty else { return nil }
        let namespace = components.dropLast().map(encode).joined(separator: "/")
        return "pkg:swift/\(namespace)/\(encode(name))" + (version.isEmpty ? "" : "@\(encode(version))")
    }

    /// `pkg:oci/<name>@sha256%3A<hex>?arch=<arch>&repository_url=<registry/path>&tag=<tag>` (the oci type:
    /// the name is the repository's last component, lowercased; the version the manifest digest;
    /// qualifiers sorted by key, the `/` of `repository_url` kept as the type's examples write it).
    public static func oci(name: String, digest: String, repositoryURL: String?, tag: String?, architecture: String?) -> String {
        var purl = "pkg:oci/\(encode(name.lowercased()))@\(encode(digest))"
        var qualifiers: [String] = []
        if let architecture, !architecture.isEmpty { qualifiers.append("arch=" + encode(architecture)) }
        if let repositoryURL, !repositoryURL.isEmpty {
            qualifiers.append("repository_url=" + repositoryURL.split(separator: "/", omittingEmptySubsequences: false).map { encode(String($0)) }.joined(separator: "/"))
        }
        if let tag, !tag.isEmpty { qualifiers.append("tag=" + encode(tag)) }
        if !qualifiers.isEmpty { purl += "?" + qualifiers.joined(separator: "&") }
        return purl
    }

    /// Percent-encodes everything but ASCII letters, digits and `.-_~` (the spec's unreserved set).
    public static func encode(_ text: String) -> String {
        var out = ""
        for byte in text.utf8 {
            if PythonPackageName.isAlphanumeric(byte) || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "-")
                || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "~") {
                out.unicodeScalars.append(Unicode.Scalar(byte))
            } else {
                let hex = Array("0123456789ABCDEF")
                out += "%\(hex[Int(byte >> 4)])\(hex[Int(byte & 15)])"
            }
        }
        return out
    }
}

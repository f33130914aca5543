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

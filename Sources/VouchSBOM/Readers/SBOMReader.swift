import Foundation
public import VouchCore

/// The one SBOM reader: SPDX 2.3 JSON and CycloneDX 1.4-1.6 JSON documents (and CycloneDX XML and SPDX
/// tag-value, restated as JSON first: ``jsonText(of:path:)``), whoever wrote them (Vouch,
/// syft, trivy, a PEP 770 `.dist-info/sboms/` file), read through ``JSONNode`` into the same
/// ``SBOMDocument`` model the encoders write, so `encode` then `read` gives back the packages.
///
/// What is read, per package: name, version, purl, declared and concluded license, the ecosystem (from the purl type,
/// else Vouch's `vouch:location`), the Debian source package and source version and the distribution
/// (Vouch's `vouch:*` properties or SPDX comments; syft's `syft:metadata:source`/`sourceVersion` and purl
/// `upstream`/`distro` qualifiers; trivy's `aquasecurity:trivy:Src*` properties and SPDX `sourceInfo`),
/// nesting (CycloneDX nested components, SPDX `CONTAINS`), and dependency edges (CycloneDX
/// `dependencies`, SPDX `DEPENDS_ON`).
///
/// It reads PEP 770 documents, peers' SBOMs and SBOMs attested for `vouch policy check` alike, so it is
/// strict where it reads: malformed JSON, a repeated key or a member of the wrong type is an error naming
/// the file and the JSON path, never an empty value.
public enum SBOMReader {
    /// The largest document read.
    public static let maximumDocumentBytes = 256 << 20
    /// The most packages one document may list.
    public static let maximumPackages = 500_000

    /// The document in `bytes`, read from `path` (named in errors).
    public static func read(_ bytes: [UInt8], path: String) throws(VouchError) -> SBOMDocument {
        guard bytes.count <= maximumDocumentBytes else {
            throw VouchError.limitExceeded("maximumDocumentBytes", limit: Int64(maximumDocumentBytes), found: Int64(bytes.count), path: path, what: "SBOM size")
        }
        let root = try JSONNode(parsing: try jsonText(of: bytes, path: path), path: path)
        guard root.kind == .object else { throw VouchError(.malformedInput, "an SBOM must be a JSON object", path: path) }
        if let version = try root.optionalString("spdxVersion") {
            guard version == "SPDX-2.3" || version == "SPDX-2.2" else {
                throw VouchError(.unsupportedInput, "SPDX version \(version) is not read (SPDX-2.3 and 2.2 JSON are)", path: path)
            }
            return try SPDXJSONReading(root: root, path: path).document()
        }
        if try root.optionalString("bomFormat") == "CycloneDX" {
            let version = try root.optionalString("specVersion") ?? ""
            // 1.7 (trivy 0.76 writes it) changes nothing this reader uses.
            guard ["1.4", "1.5", "1.6", "1.7"].contains(version) else {
                throw VouchError(.unsupportedInput, "CycloneDX specVersion \"\(version)\" is not read (1.4 to 1.7 are)", path: path)
            }
            return try CycloneDXJSONReading(root: root, path: path).document()
        }
        throw VouchError(.unsupportedInput, "neither an SPDX JSON document (spdxVersion) nor a CycloneDX JSON BOM (bomFormat)", path: path)
    }

    /// Reads the file at `path`.
    public static func read(path: String) throws(VouchError) -> SBOMDocument {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            if !FileManager.default.fileExists(atPath: path) { throw VouchError(.fileNotFound, "no such file", path: path) }
            throw VouchError(.ioFailure, "could not open the file", path: path)
        }
        defer { try? handle.close() }
        let data = (try? handle.read(upToCount: maximumDocumentBytes + 1)) ?? Data()
        return try read([UInt8](data), path: path)
    }

    /// The JSON tree of the SBOM in `bytes`, within ``maximumDocumentBytes``, for the auditor's tools
    /// that check the document as written (`vouch sbom validate`: schema and referential integrity).
    public static func tree(_ bytes: [UInt8], path: String) throws(VouchError) -> JSONNode {
        guard bytes.count <= maximumDocumentBytes else {
            throw VouchError.limitExceeded("maximumDocumentBytes", limit: Int64(maximumDocumentBytes), found: Int64(bytes.count), path: path, what: "SBOM size")
        }
        let root = try JSONNode(parsing: bytes, path: path)
        guard root.kind == .object else { throw VouchError(.malformedInput, "an SBOM must be a JSON object", path: path) }
        return root
    }

    /// The bytes of the file at `path`, at most one past ``maximumDocumentBytes`` (so the limit is reported).
    public static func bytes(path: String) throws(VouchError) -> [UInt8] {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            if !FileManager.default.fileExists(atPath: path) { throw VouchError(.fileNotFound, "no such file", path: path) }
            throw VouchError(.ioFailure, "could not open the file", path: path)
        }
        defer { try? handle.close() }
        return [UInt8]((try? handle.read(upToCount: maximumDocumentBytes + 1)) ?? Data())
    }

    static func checkCount(_ count: Int, path: String) throws(VouchError) {
        if count > maximumPackages {
            throw VouchError.limitExceeded("maximumPackages", limit: Int64(maximumPackages), found: Int64(count), path: path, what: "package count")
        }
    }

    /// What a purl says: type, name, version and qualifiers (purl spec, "A purl is a URL": percent-decoded).
    struct ParsedPURL {
        var type: String
        var namespace: String?
        var name: String
        var version: String?
        var qualifiers: [String: String]

        init?(_ text: String) {
            guard text.hasPrefix("pkg:") else { return nil }
            var rest = Substring(text.dropFirst(4))
            if let hash = rest.firstIndex(of: "#") { rest = rest[..<hash] }
            qualifiers = [:]
            if let question = rest.firstIndex(of: "?") {
                for pair in rest[rest.index(after: question)...].split(separator: "&") {
                    let parts = pair.split(separator: "=", maxSplits: 1)
                    if parts.count == 2 { qualifiers[String(parts[0]).lowercased()] = Self.decode(parts[1]) }
                }
                rest = rest[..<question]
            }
            if let at = rest.lastIndex(of: "@") {
                version = Self.decode(rest[rest.index(after: at)...])
                rest = rest[..<at]
            }
            let segments = rest.split(separator: "/")
            guard segments.count >= 2 else { return nil }
            type = segments[0].lowercased()
            name = Self.decode(segments.last!)
            namespace = segments.count > 2 ? segments[1..<(segments.count - 1)].map { Self.decode($0) }.joined(separator: "/") : nil
        }

        static func decode(_ text: Substring) -> String {
            text.removingPercentEncoding ?? String(text)
        }
    }

    /// The ecosystem a purl type or a location implies.
    static func ecosystem(purl: ParsedPURL?, location: String?) -> PackageEcosystem {
        switch purl?.type {
        case "pypi": return .python
        case "deb": return .debian
        case .some: return .embedded
        case nil:
            guard let location else { return .embedded }
            if location.contains(".dist-info") || location.contains(".egg-info") { return .python }
            if location.hasPrefix("/var/lib/dpkg") { return .debian }
            return .embedded
        }
    }

    /// Debian source fields from a purl: syft's `upstream=name` or `upstream=name@version`, and `distro`.
    static func debianSource(_ purl: ParsedPURL?) -> (name: String?, version: String?, distro: String?) {
        guard let purl, purl.type == "deb" else { return (nil, nil, nil) }
        var name: String?, version: String?
        if let upstream = purl.qualifiers["upstream"] {
            if let at = upstream.firstIndex(of: "@") {
                name = String(upstream[..<at])
                version = String(upstream[upstream.index(after: at)...])
            } else {
                name = upstream
            }
        }
        return (name, version, purl.qualifiers["distro"])
    }
}

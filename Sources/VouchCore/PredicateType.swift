/// The in-toto predicate types behind the short names `vouch attest --type` and policies use.
///
/// Each short name has the URI Vouch writes and the URIs it accepts when checking (the same predicate's
/// versioned spellings, and SLSA v0.2 beside v1).
public enum PredicateType {
    private struct Entry {
        let written: String
        let accepted: [String]
    }

    private static let spdx = Entry(written: "https://spdx.dev/Document", accepted: ["https://spdx.dev/Document", "https://spdx.dev/Document/v2.3"])
    private static let table: [String: Entry] = [
        "spdx": spdx,
        "spdxjson": spdx,
        "cyclonedx": Entry(written: "https://cyclonedx.org/bom",
                           accepted: ["https://cyclonedx.org/bom", "https://cyclonedx.org/bom/v1.6", "https://cyclonedx.org/bom/v1.5"]),
        "slsaprovenance": Entry(written: "https://slsa.dev/provenance/v1",
                                accepted: ["https://slsa.dev/provenance/v1", "https://slsa.dev/provenance/v0.2"]),
        "slsaprovenance02": Entry(written: "https://slsa.dev/provenance/v0.2", accepted: ["https://slsa.dev/provenance/v0.2"]),
        "vuln": Entry(written: "https://cosign.sigstore.dev/attestation/vuln/v1", accepted: ["https://cosign.sigstore.dev/attestation/vuln/v1"]),
        "custom": Entry(written: "https://cosign.sigstore.dev/attestation/v1", accepted: ["https://cosign.sigstore.dev/attestation/v1"]),
    ]

    /// The short names, for messages and help.
    public static var shortNames: [String] { table.keys.sorted() }

    /// The URI to write for a short name, or the argument itself when it is already a URI.
    public static func resolve(_ name: String) throws(VouchError) -> String {
        if let entry = table[name.lowercased()] { return entry.written }
        if name.contains("://") { return name }
        throw VouchError(.invalidArgument, "unknown predicate type '\(name)': use spdx, cyclonedx, slsaprovenance, vuln, custom or a URI")
    }

    /// The URIs that satisfy a short name when checking, or the argument itself when it is a URI.
    public static func accepted(_ name: String) -> [String] {
        table[name.lowercased()]?.accepted ?? [name]
    }
}

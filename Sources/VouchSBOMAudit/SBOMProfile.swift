/// The minimum-elements profiles `vouch sbom check --profile` applies, each under its own reading.
public enum SBOMProfile: String, CaseIterable, Sendable, Encodable {
    /// NTIA, "The Minimum Elements For a Software Bill of Materials" (2021-07-12), section IV data
    /// fields, read as `ntia-conformance-checker` 6.0.0 reads SPDX: a supplier per package (NOASSERTION is
    /// none), the SPDXID as identifier, a tool accepted as the SBOM author, a DESCRIBES relationship.
    case ntia2021 = "ntia-2021"
    /// CISA, "2026 Minimum Elements for a Software Bill of Materials" (2026-07-29): SBOM metadata (author
    /// that is a person or organization, author signature, format name and version, generation context,
    /// timestamp, tool name and version, SBOM version) and component data (producer, dependency
    /// relationship, hash value and algorithm, identifiers, license, name, version).
    case cisa2026 = "cisa-2026"
    /// CISA, "Framing Software Component Transparency", third edition (2024-09-03), section 2.2 baseline
    /// attributes at the Minimum Expected level, as `ntia-conformance-checker --comply fsct3-min` reads
    /// them: the NTIA fields plus a concluded license, a copyright notice and the SBOM type.
    case fsct3 = "fsct3"
    /// BSI TR-03183-2 version 2.1.0 (2025-08-20), section 5.2 required fields with the section 8.2
    /// CycloneDX 1.6 mapping (Tables 8 and 9): CycloneDX 1.6+ (SPDX only from 3.0.1, which Vouch does not
    /// read), creator e-mail or URL, per component creator contact (the creator, not the supplier: section
    /// 3.2.9), filename, the deployable file's SHA-512, distribution (concluded) licence, dependencies with
    /// their completeness, and the executable/archive/structured properties with the values the BSI
    /// property taxonomy allows.
    case bsi21 = "bsi-2.1"

    public var title: String {
        switch self {
        case .ntia2021: "NTIA Minimum Elements (2021)"
        case .cisa2026: "CISA 2026 Minimum Elements"
        case .fsct3: "CISA FSCT 3rd edition, Minimum Expected"
        case .bsi21: "BSI TR-03183-2 v2.1.0"
        }
    }
}

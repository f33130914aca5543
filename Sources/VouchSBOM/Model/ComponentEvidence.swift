import Foundation

/// What a read SBOM said about one component, as written, for the auditor's tools (`vouch sbom check`,
/// `score`, `diff`): the fields the minimum-elements profiles and the quality score look at, which the
/// rest of the model does not keep. Filled by ``SBOMReader``; nil on a package Vouch catalogued itself.
public struct ComponentEvidence: Hashable, Sendable {
    /// The element's id in its document (SPDX `SPDXID`, CycloneDX `bom-ref`), nil when it has none.
    public var elementID: String?
    /// SPDX `supplier`; CycloneDX `supplier`.
    public var supplier: SBOMParty?
    /// SPDX `originator`; CycloneDX `manufacturer` (1.6) or `authors[]` / `author`.
    public var producers: [SBOMParty] = []
    /// `checksums[]` / `hashes[]`, with the algorithm spelled as CycloneDX does (`SHA-256`).
    public var hashes: [ComponentHash] = []
    /// SPDX `licenseDeclared`; CycloneDX licenses with no acknowledgement or `declared`. NOASSERTION and
    /// NONE are kept as written.
    public var declaredLicense: String?
    /// SPDX `licenseConcluded`; CycloneDX licenses acknowledged as `concluded`.
    public var concludedLicense: String?
    /// SPDX `copyrightText`; CycloneDX `copyright`.
    public var copyright: String?
    /// CPE 2.2/2.3 names (SPDX `SECURITY cpe22Type/cpe23Type` references, CycloneDX `cpe`).
    public var cpes: [String] = []
    /// Other software identifiers: SWID tag ids, OmniBOR ids, SWHIDs.
    public var otherIdentifiers: [String] = []
    /// SPDX `primaryPackagePurpose`; CycloneDX `type`.
    public var purpose: String?
    /// A source code location: CycloneDX `externalReferences` of type `vcs`, SPDX `sourceInfo` or a
    /// `downloadLocation` naming a VCS.
    public var sourceCode: String?
    /// SPDX `downloadLocation`; CycloneDX `externalReferences` of type `distribution`.
    public var downloadLocation: String?
    /// CycloneDX `externalReferences[]` of type `distribution` or `distribution-intake`: their `hashes`, the
    /// hash of the deployable file (where BSI TR-03183-2 v2.1.0 section 8.2 Table 9 puts its SHA-512).
    public var distributionHashes: [ComponentHash] = []
    /// CycloneDX `properties` (first value per name).
    public var properties: [String: String] = [:]

    public init(elementID: String? = nil) {
        self.elementID = elementID
    }
}

/// A person or organization named in an SBOM (SPDX `Person: name (email)`, CycloneDX
/// `organizationalEntity` / `organizationalContact`).
public struct SBOMParty: Hashable, Sendable {
    public enum Kind: String, Hashable, Sendable {
        case person, organization, tool, unknown
    }

    public var kind: Kind
    public var name: String?
    public var email: String?
    public var url: String?

    public init(kind: Kind, name: String? = nil, email: String? = nil, url: String? = nil) {
        self.kind = kind
        self.name = name
        self.email = email
        self.url = url
    }

    /// Whether the party names anyone: a name, e-mail or URL that is not empty nor NOASSERTION.
    public var isKnown: Bool {
        [name, email, url].contains { value in
            guard let value = value?.trimmingCharacters(in: .whitespaces), !value.isEmpty else { return false }
            return value != "NOASSERTION" && value != "NONE"
        }
    }

    /// Whether the party can be contacted by machine (BSI TR-03183-2 5.2.1: an e-mail address, else a URL).
    public var hasContact: Bool {
        (email.map { $0.contains("@") } ?? false) || (url.map { $0.hasPrefix("http://") || $0.hasPrefix("https://") } ?? false)
    }

    /// SPDX 2.3 clause 7.5/6.8 syntax: `Person: NAME (EMAIL)`, `Organization: NAME (EMAIL)`, `Tool: NAME`,
    /// or `NOASSERTION`.
    public init(spdx text: String) {
        var rest = Substring(text.trimmingCharacters(in: .whitespaces))
        kind = .unknown
        for (prefix, kind) in [("Person:", Kind.person), ("Organization:", .organization), ("Tool:", .tool)] where rest.hasPrefix(prefix) {
            self.kind = kind
            rest = rest.dropFirst(prefix.count)
            break
        }
        var email: String?
        if rest.hasSuffix(")"), let open = rest.lastIndex(of: "(") {
            let inner = rest[rest.index(after: open)..<rest.index(before: rest.endIndex)].trimmingCharacters(in: .whitespaces)
            if !inner.isEmpty { email = inner }
            rest = rest[..<open]
        }
        let name = rest.trimmingCharacters(in: .whitespaces)
        self.name = name.isEmpty ? nil : name
        self.email = email
        self.url = nil
    }
}

/// One hash of a component: the algorithm as CycloneDX spells it (`SHA-256`, `SHA-512`, `BLAKE2b-256`,
/// `MD5`) and the value as written.
public struct ComponentHash: Hashable, Sendable {
    public var algorithm: String
    public var value: String

    public init(algorithm: String, value: String) {
        self.algorithm = algorithm
        self.value = value
    }

    /// CycloneDX 1.6 `hash-alg` values.
    public static let cycloneDXAlgorithms: Set<String> = ["MD5", "SHA-1", "SHA-256", "SHA-384", "SHA-512", "SHA3-256", "SHA3-384", "SHA3-512",
                                                          "BLAKE2b-256", "BLAKE2b-384", "BLAKE2b-512", "BLAKE3"]

    /// SPDX 2.3 clause 7.10's spelling of a CycloneDX algorithm (`SHA-256` -> `SHA256`).
    public var spdxAlgorithm: String {
        algorithm.hasPrefix("SHA-") ? "SHA" + algorithm.dropFirst(4) : algorithm
    }

    /// SPDX's spelling (`SHA256`, `BLAKE2b-256`) into CycloneDX's.
    public static func normalizedAlgorithm(_ name: String) -> String {
        let upper = name.uppercased()
        for bits in ["1", "224", "256", "384", "512"] where upper == "SHA" + bits || upper == "SHA-" + bits { return "SHA-" + bits }
        for bits in ["256", "384", "512"] where upper == "SHA3-" + bits || upper == "SHA3" + bits { return "SHA3-" + bits }
        return name
    }

    /// SHA-256 or stronger (sbomqs's `comp_with_strong_checksums`: SHA-256, SHA-384, SHA-512, SHA3, BLAKE2b/3).
    public var isStrong: Bool {
        let upper = algorithm.uppercased()
        return ["SHA-256", "SHA-384", "SHA-512", "SHA3-256", "SHA3-384", "SHA3-512", "BLAKE2B-256", "BLAKE2B-384", "BLAKE2B-512", "BLAKE3"].contains(upper)
    }
}

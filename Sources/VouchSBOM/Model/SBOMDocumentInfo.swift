import Foundation

/// What a read SBOM said about itself (SPDX `creationInfo`, CycloneDX `metadata`), for the auditor's
/// tools. Filled by ``SBOMReader``; nil on a document Vouch catalogued itself.
public struct SBOMDocumentInfo: Hashable, Sendable {
    public enum Format: String, Hashable, Sendable {
        case spdx = "SPDX"
        case cycloneDX = "CycloneDX"
    }

    public var format: Format
    /// `2.3` for SPDX-2.3, `1.6` for CycloneDX 1.6.
    public var specVersion: String
    /// `json`, `xml` or `tag-value`.
    public var encoding: String
    /// SPDX `documentNamespace`; CycloneDX `serialNumber`.
    public var namespace: String?
    /// CycloneDX `version` (the BOM's revision).
    public var documentVersion: Int?
    /// SPDX `creators` that are people or organizations; CycloneDX `metadata.authors` and `manufacturer`
    /// (`manufacture` before 1.6).
    public var authors: [SBOMParty] = []
    /// SPDX `Tool:` creators; CycloneDX `metadata.tools` (as `name` and `version`).
    public var tools: [SBOMTool] = []
    /// CycloneDX `metadata.supplier`, or the supplier of SPDX's described package.
    public var supplier: SBOMParty?
    /// The timestamp as written (SPDX `created`, CycloneDX `metadata.timestamp`); nil when absent.
    public var timestamp: String?
    /// CycloneDX `metadata.lifecycles[].phase` (or `name`).
    public var lifecycles: [String] = []
    /// SPDX `creationInfo.comment`.
    public var creationComment: String?
    /// SPDX `dataLicense`; CycloneDX `metadata.licenses`.
    public var dataLicense: String?
    /// Whether the document carries an embedded signature (CycloneDX JSF `signature`).
    public var signed: Bool = false
    /// CycloneDX `compositions[]`: each `aggregate` with the refs it covers.
    public var compositions: [SBOMComposition] = []
    /// The root: SPDX's described package, CycloneDX `metadata.component`.
    public var primary: SBOMPackage?
    /// Elements the document lists as packages or components that the model does not keep as packages
    /// (an operating system, a scanned filesystem, files, containers, data), which minimum-elements
    /// checkers still count as components.
    public var otherComponents: [SBOMPackage] = []
    /// Whether the document states dependency relationships at all (CycloneDX `dependencies`, SPDX
    /// `DEPENDS_ON`/`DEPENDENCY_OF`/`CONTAINS` or `DESCRIBES` of a package).
    public var hasRelationships: Bool = false
    /// Element ids that appear as the subject of a dependency statement (CycloneDX `dependencies[].ref`,
    /// even with an empty `dependsOn`; SPDX `DEPENDS_ON` subjects and `DEPENDENCY_OF` objects).
    public var elementsWithDependencyStatement: Set<String> = []
    /// CycloneDX: whether some `dependencies[]` entry has a `dependsOn` that is not empty (a document whose
    /// every entry is empty relates no component to another). Not set for SPDX.
    public var hasDependencyEdges: Bool = false
    /// CycloneDX `dependencies[].ref`s whose `dependsOn` is not empty (what sbomqs counts as a component with
    /// dependencies). Not set for SPDX.
    public var elementsWithDependsOn: Set<String> = []
    /// CycloneDX `dependencies[].ref`s whose `dependsOn` names something that is not one of the document's
    /// components (the subject, a service, a dangling ref): their statement is not a complete list of
    /// component dependencies.
    public var elementsWithUnresolvedDependencies: Set<String> = []

    public init(format: Format, specVersion: String, encoding: String) {
        self.format = format
        self.specVersion = specVersion
        self.encoding = encoding
    }
}

/// A tool named as a creator of an SBOM.
public struct SBOMTool: Hashable, Sendable {
    public var name: String
    public var version: String?

    public init(name: String, version: String?) {
        self.name = name
        self.version = version
    }

    /// SPDX's `Tool: name-version` (clause 6.8 example `Tool: LicenseFind-1.0`): the version is what
    /// follows the last `-` when it starts with a digit.
    public init(spdx text: String) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if let dash = trimmed.lastIndex(of: "-"), trimmed[trimmed.index(after: dash)...].first?.isNumber == true {
            name = String(trimmed[..<dash])
            version = String(trimmed[trimmed.index(after: dash)...])
        } else {
            name = trimmed
            version = nil
        }
    }
}

/// A CycloneDX composition: how complete the listed assemblies or dependencies are.
public struct SBOMComposition: Hashable, Sendable {
    /// `complete`, `incomplete`, `unknown`, `not_specified`...
    public var aggregate: String
    public var assemblies: [String]
    public var dependencies: [String]

    public init(aggregate: String, assemblies: [String], dependencies: [String]) {
        self.aggregate = aggregate
        self.assemblies = assemblies
        self.dependencies = dependencies
    }
}

import Foundation
public import VouchCore
public import VouchSBOM

/// One minimum element of a profile, checked over a document: how many of the components (or, for a
/// document-level element, 1 of 1) have it, and which do not.
public struct MinimumElementResult: Sendable, Encodable {
    /// The element's name in the profile (`Supplier Name`, `Component Hash`).
    public var element: String
    /// What the profile asks for and where it was looked for in this format.
    public var requirement: String
    public var have: Int
    public var total: Int
    public var passed: Bool
    /// `name@version` of each component without the element (all of them, in document order).
    public var failing: [String]
    /// Why an element passes or fails in a way the counts do not show (a reading of the profile).
    public var note: String?
}

/// `vouch sbom check`: a document under one profile.
public struct MinimumElementsReport: VerdictReport, Sendable, Encodable {
    public var file: String
    public var profile: SBOMProfile
    public var profileTitle: String
    public var format: String
    public var specVersion: String
    /// Components checked (the primary component included).
    public var components: Int
    public var elements: [MinimumElementResult]

    public var passed: Bool { elements.allSatisfy(\.passed) }

    public var verdict: Verdict {
        var verdict = Verdict(checksMade: elements.count)
        for element in elements where !element.passed {
            verdict.failures.append(CheckFailure(subject: element.element, reason: "\(element.have)/\(element.total)", expected: "\(element.total)/\(element.total)"))
        }
        return verdict
    }

    enum CodingKeys: String, CodingKey { case file, profile, profileTitle, format, specVersion, components, passed, elements }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(file, forKey: .file)
        try container.encode(profile, forKey: .profile)
        try container.encode(profileTitle, forKey: .profileTitle)
        try container.encode(format, forKey: .format)
        try container.encode(specVersion, forKey: .specVersion)
        try container.encode(components, forKey: .components)
        try container.encode(passed, forKey: .passed)
        try container.encode(elements, forKey: .elements)
    }
}

public enum MinimumElements {
    /// Checks `document` (read by ``SBOMReader``, so it has its ``SBOMDocumentInfo``) under `profile`.
    public static func check(_ document: SBOMDocument, profile: SBOMProfile, file: String) -> MinimumElementsReport {
        let info = document.info ?? SBOMDocumentInfo(format: .spdx, specVersion: "", encoding: "")
        let components = SBOMComponents.of(document)
        var checker = ElementChecker(components: components, info: info)
        switch profile {
        case .ntia2021: checker.ntia(fsct: false)
        case .fsct3: checker.ntia(fsct: true)
        case .cisa2026: checker.cisa()
        case .bsi21: checker.bsi()
        }
        return MinimumElementsReport(file: file, profile: profile, profileTitle: profile.title, format: info.format.rawValue,
                                     specVersion: info.specVersion, components: components.count, elements: checker.results)
    }
}

/// The components a profile counts: the primary component (SPDX's described package, CycloneDX
/// `metadata.component`), every package, and the elements the model keeps apart (an operating system,
/// files): ntia-conformance-checker counts every SPDX package.
enum SBOMComponents {
    static func of(_ document: SBOMDocument) -> [SBOMPackage] {
        (document.info?.primary.map { [$0] } ?? []) + document.packages + (document.info?.otherComponents ?? [])
    }
}

/// Text that says nothing: empty, NOASSERTION or NONE.
func isBlank(_ text: String?) -> Bool {
    guard let text = text?.trimmingCharacters(in: .whitespacesAndNewlines), !text.isEmpty else { return true }
    return text == "NOASSERTION" || text == "NONE"
}

private struct ElementChecker {
    let components: [SBOMPackage]
    let info: SBOMDocumentInfo
    var results: [MinimumElementResult] = []

    var isSPDX: Bool { info.format == .spdx }

    /// A per-component element: passes when every component has it.
    mutating func each(_ element: String, _ requirement: String, note: String? = nil, _ has: (SBOMPackage, ComponentEvidence) -> Bool) {
        var failing: [String] = []
        for component in components where !has(component, component.evidence ?? ComponentEvidence()) {
            failing.append(component.version.isEmpty ? component.name : "\(component.name)@\(component.version)")
        }
        let have = components.count - failing.count
        results.append(MinimumElementResult(element: element, requirement: requirement, have: have, total: components.count,
                                            passed: failing.isEmpty && !components.isEmpty, failing: failing,
                                            note: components.isEmpty ? "the document lists no components" : note))
    }

    /// A document-level element.
    mutating func document(_ element: String, _ requirement: String, _ passed: Bool, note: String? = nil) {
        results.append(MinimumElementResult(element: element, requirement: requirement, have: passed ? 1 : 0, total: 1, passed: passed, failing: [], note: note))
    }

    // MARK: NTIA 2021 and FSCT 3

    mutating func ntia(fsct: Bool) {
        let isSPDX = self.isSPDX, info = self.info
        each("Supplier Name", isSPDX ? "packages[].supplier, not NOASSERTION" : "components[].supplier, manufacturer or authors") { _, evidence in
            evidence.supplier?.isKnown == true || (!isSPDX && evidence.producers.contains(where: \.isKnown))
        }
        each("Component Name", isSPDX ? "packages[].name" : "components[].name") { component, _ in !component.name.trimmingCharacters(in: .whitespaces).isEmpty }
        each("Version of the Component", isSPDX ? "packages[].versionInfo" : "components[].version") { component, _ in
            !component.version.trimmingCharacters(in: .whitespaces).isEmpty
        }
        if isSPDX {
            each("Other Unique Identifiers", "packages[].SPDXID (as ntia-conformance-checker reads it)") { _, evidence in !isBlank(evidence.elementID) }
        } else {
            each("Other Unique Identifiers", "components[].purl, cpe or swid") { component, evidence in
                component.purl != nil || !evidence.cpes.isEmpty || !evidence.otherIdentifiers.isEmpty
            }
        }
        if fsct {
            each("License", isSPDX ? "packages[].licenseConcluded, not NOASSERTION" : "components[].licenses acknowledged as concluded") { _, evidence in
                !isBlank(evidence.concludedLicense)
            }
            each("Copyright Notice", isSPDX ? "packages[].copyrightText, not NOASSERTION" : "components[].copyright") { _, evidence in !isBlank(evidence.copyright) }
        }
        document("Author of SBOM Data", isSPDX ? "creationInfo.creators (a tool is accepted)" : "metadata.authors, manufacturer or tools",
                 !info.authors.filter(\.isKnown).isEmpty || !info.tools.isEmpty)
        document("Timestamp", isSPDX ? "creationInfo.created" : "metadata.timestamp", !isBlank(info.timestamp))
        if fsct {
            let context = generationContext
            document("SBOM Type", isSPDX ? "creationInfo.comment naming an SBOM type (Design, Source, Build, Analyzed, Deployed, Runtime)" : "metadata.lifecycles",
                     context != nil, note: isSPDX ? "ntia-conformance-checker reads the SBOM type from SPDX 3 only; Vouch also accepts an SPDX 2 creation comment that names one" : nil)
        }
        // A CycloneDX dependencies[] whose every dependsOn is empty relates no component to another
        // (sbomaudit 0.4.4 counts edges the same way).
        document("Dependency Relationship", isSPDX ? "a DESCRIBES relationship to a package (as ntia-conformance-checker reads it)" : "dependencies[] with at least one dependsOn",
                 info.hasRelationships && (isSPDX || info.hasDependencyEdges),
                 note: !isSPDX && info.hasRelationships && !info.hasDependencyEdges ? "every dependencies[] entry has an empty dependsOn: no component is related to another, not even the primary one to its contents" : nil)
    }

    /// CISA's SBOM types ("Types of Software Bill of Material (SBOM) Documents", 2023) and the CycloneDX
    /// lifecycle phases.
    var generationContext: String? {
        if let phase = info.lifecycles.first { return phase }
        guard let comment = info.creationComment?.lowercased() else { return nil }
        for type in ["design", "source", "build", "analyzed", "deployed", "runtime", "pre-build", "post-build", "operations"] where comment.contains(type) { return type }
        return nil
    }

    // MARK: CISA 2026

    mutating func cisa() {
        let isSPDX = self.isSPDX, info = self.info
        let people = info.authors.filter { $0.isKnown && $0.kind != .tool }
        document("SBOM Author", isSPDX ? "creationInfo.creators Person: or Organization: (a tool is not an author)" : "metadata.authors or manufacturer",
                 !people.isEmpty)
        document("SBOM Author Signature", isSPDX ? "a detached signature (SPDX 2 has no embedded one)" : "signature (JSF)", info.signed,
                 note: info.signed ? nil : "a signature outside the document (a signed in-toto attestation, `vouch attest`) is not checked by this command")
        document("SBOM Data Format Name", isSPDX ? "spdxVersion" : "bomFormat", true)
        document("SBOM Data Format Version", isSPDX ? "spdxVersion" : "specVersion", !info.specVersion.isEmpty)
        document("SBOM Generation Context", isSPDX ? "creationInfo.comment naming the lifecycle phase" : "metadata.lifecycles[].phase", generationContext != nil)
        document("SBOM Timestamp", isSPDX ? "creationInfo.created" : "metadata.timestamp", !isBlank(info.timestamp))
        document("SBOM Tool Name", isSPDX ? "creationInfo.creators Tool:" : "metadata.tools", !info.tools.isEmpty)
        document("SBOM Tool Version", isSPDX ? "the version in Tool: name-version" : "metadata.tools[].version",
                 info.tools.contains { !($0.version ?? "").isEmpty })
        if isSPDX {
            document("SBOM Version", "not expressible in SPDX 2 (no document version field)", true, note: "not applicable to SPDX")
        } else {
            document("SBOM Version", "version and serialNumber", info.documentVersion != nil && !isBlank(info.namespace))
        }
        each("Component Producer", isSPDX ? "packages[].originator" : "components[].manufacturer, authors or author") { _, evidence in
            evidence.producers.contains(where: \.isKnown)
        }
        let primaryID = info.primary?.evidence?.elementID
        document("Component Dependency Relationship", "the primary component's direct dependencies (\(isSPDX ? "DEPENDS_ON or CONTAINS" : "dependencies[].ref"))",
                 primaryID.map { info.elementsWithDependencyStatement.contains($0) } ?? false,
                 note: primaryID == nil ? "the document names no primary component" : nil)
        each("Component Hash", isSPDX ? "packages[].checksums (algorithm and value)" : "components[].hashes (alg and content)") { _, evidence in
            evidence.hashes.contains { !$0.algorithm.isEmpty && !$0.value.isEmpty }
        }
        each("Software Identifiers", isSPDX ? "externalRefs purl, cpe22Type/cpe23Type, swid, swh, gitoid" : "purl, cpe, swid, omniborId, swhid") { component, evidence in
            component.purl != nil || !evidence.cpes.isEmpty || !evidence.otherIdentifiers.isEmpty
        }
        each("Component License", isSPDX ? "packages[].licenseDeclared, not NOASSERTION" : "components[].licenses (declared)") { _, evidence in
            !isBlank(evidence.declaredLicense)
        }
        each("Component Name", isSPDX ? "packages[].name" : "components[].name") { component, _ in !component.name.trimmingCharacters(in: .whitespaces).isEmpty }
        each("Component Version", isSPDX ? "packages[].versionInfo" : "components[].version") { component, _ in
            !component.version.trimmingCharacters(in: .whitespaces).isEmpty
        }
    }

    // MARK: BSI TR-03183-2 2.1

    /// Sets the reason on the element just checked when it failed and says nothing yet.
    mutating func explain(_ reason: (MinimumElementResult) -> String) {
        guard var last = results.popLast() else { return }
        if !last.passed, last.note == nil { last.note = reason(last) }
        results.append(last)
    }

    /// The required fields of section 5.2.1 and 5.2.2, mapped to CycloneDX 1.6 as section 8.2 (Tables 8
    /// and 9) does. A failing element says why and, where a producer reading the package cannot know the
    /// value, who can.
    mutating func bsi() {
        let isSPDX = self.isSPDX, info = self.info, components = self.components
        /// How many components pass `test` (the reasons count what the failing ones have).
        func count(_ test: (SBOMPackage, ComponentEvidence) -> Bool) -> Int {
            components.filter { test($0, $0.evidence ?? ComponentEvidence()) }.count
        }
        let formatOK = !isSPDX && (Double(info.specVersion) ?? 0) >= 1.6
        document("SBOM format", "CycloneDX 1.6 or later, or SPDX 3.0.1 or later (section 4)", formatOK,
                 note: formatOK ? nil : "\(info.format.rawValue) \(info.specVersion) is below the versions section 4 allows")
        document("Creator of the SBOM", isSPDX ? "creationInfo.creators with an e-mail address" : "metadata.manufacturer url or contact email (Table 8), or an author's email",
                 info.authors.contains(where: \.hasContact))
        explain { _ in
            let named = info.authors.filter(\.isKnown).count
            return (named > 0 ? "\(named) SBOM author(s) named without an e-mail address or URL" : "the document names no SBOM author")
                + "; only whoever issues the SBOM knows it (vouch sbom --author \"Org (email)\")"
        }
        document("Timestamp", isSPDX ? "creationInfo.created" : "metadata.timestamp", !isBlank(info.timestamp),
                 note: isBlank(info.timestamp) ? "no timestamp: the producer writes when it compiled the SBOM (UTC recommended)" : nil)
        // Section 3.2.9 keeps the creator (author) apart from the vendor/supplier, and Table 9 maps the
        // creator to `manufacturer`; CycloneDX defines `authors` as the component's creators, so their
        // e-mail counts too. A supplier's contact does not (sbomqs accepts it as a fallback).
        each("Component creator", isSPDX ? "packages[].originator with an e-mail address" : "components[].manufacturer url or contact email (Table 9), or authors[].email") { _, evidence in
            evidence.producers.contains(where: \.hasContact)
        }
        explain { result in
            let freeText = count { _, evidence in
                !evidence.producers.contains(where: \.hasContact) && evidence.producers.contains { ($0.name ?? "").contains("@") }
            }
            let supplierOnly = count { _, evidence in
                !evidence.producers.contains(where: \.hasContact) && evidence.supplier?.hasContact == true
            }
            let unnamed = count { _, evidence in !evidence.producers.contains(where: \.isKnown) }
            var parts: [String] = []
            if freeText > 0 { parts.append("\(freeText) write the creator's e-mail inside the name (\"Name <mail>\") instead of the email field") }
            if supplierOnly > 0 { parts.append("\(supplierOnly) have only a supplier's contact, which section 3.2.9 keeps apart from the creator") }
            if unnamed > 0 { parts.append("\(unnamed) name no creator") }
            return "\(result.failing.count) without a creator's e-mail or URL: " + parts.joined(separator: "; ")
                + "; it comes from the package's metadata (PyPI Author-email/Maintainer-email or project URL, Debian Maintainer, Cargo authors)"
        }
        each("Component name", "components[].name") { component, _ in !component.name.trimmingCharacters(in: .whitespaces).isEmpty }
        each("Component version", "components[].version") { component, _ in !component.version.trimmingCharacters(in: .whitespaces).isEmpty }
        explain { result in
            let primaryFails = info.primary.map { $0.version.trimmingCharacters(in: .whitespaces).isEmpty } ?? false
            return primaryFails && result.failing.count == 1
                ? "the primary component has no version: nothing in a directory says one (vouch sbom --subject-version; an image has its digest)"
                : "\(result.failing.count) without a version; section 5.2.2 then wants the file's modification time (RFC 3339)"
        }
        each("Filename of the component", "property bsi:component:filename") { _, evidence in !isBlank(evidence.properties["bsi:component:filename"]) }
        explain { result in
            "\(result.failing.count) without the name of the file the component was installed from (a wheel's NAME-VERSION-TAGS.whl follows from its dist-info WHEEL tags, a .deb's from dpkg's Package, Version and Architecture); a producer that read the package can write it"
        }
        each("Dependencies on other components", isSPDX ? "DEPENDS_ON or CONTAINS from the component" : "a dependencies[] entry for the component (empty for a leaf)") { _, evidence in
            evidence.elementID.map { info.elementsWithDependencyStatement.contains($0) } ?? false
        }
        explain { result in
            let unreferenced = count { _, evidence in evidence.elementID == nil }
            return "\(result.failing.count) without a dependencies[] entry (CycloneDX 1.6: a component without dependencies is listed with an empty dependsOn)"
                + (unreferenced > 0 ? "; \(unreferenced) have no bom-ref to name one with" : "")
                + "; the producer knows them (Requires-Dist, Depends, an embedded SBOM's own graph)"
        }
        document("Completeness of the dependencies", isSPDX ? "not expressible in SPDX 2" : "compositions[] with an aggregate (complete, incomplete or unknown)", !info.compositions.isEmpty,
                 note: info.compositions.isEmpty && !isSPDX ? "no compositions[]: the producer states how complete the graph it wrote is" : nil)
        each("Distribution licences", isSPDX ? "packages[].licenseConcluded, a valid expression" : "components[].licenses acknowledged as concluded, a valid SPDX expression") { _, evidence in
            guard let text = evidence.concludedLicense, !isBlank(text) else { return false }
            return SPDXExpression(text) != nil
        }
        explain { result in
            let invalid = count { _, evidence in evidence.concludedLicense.map { !isBlank($0) && SPDXExpression($0) == nil } ?? false }
            let declaredOnly = count { _, evidence in isBlank(evidence.concludedLicense) && !isBlank(evidence.declaredLicense) }
            return "\(result.failing.count) without one" + (invalid > 0 ? " (\(invalid) not a valid SPDX expression)" : "")
                + (declaredOnly > 0 ? "; \(declaredOnly) have only the declared (original, section 5.2.4) licence" : "")
                + ": the licence a licensee may use the component under is the SBOM creator's conclusion after a licence review, not package metadata"
        }
        each("Hash value of the deployable component", "SHA-512 of the deployable file: externalReferences[type=distribution].hashes (Table 9) or components[].hashes") { _, evidence in
            (evidence.distributionHashes + evidence.hashes).contains { $0.algorithm.uppercased() == "SHA-512" && !$0.value.isEmpty }
        }
        explain { result in
            let otherAlgorithm = count { _, evidence in
                !(evidence.distributionHashes + evidence.hashes).isEmpty && !(evidence.distributionHashes + evidence.hashes).contains { $0.algorithm.uppercased() == "SHA-512" }
            }
            return "\(result.failing.count) without a SHA-512" + (otherAlgorithm > 0 ? " (\(otherAlgorithm) have other algorithms only)" : "")
                + ": an installed package keeps no copy of the file it came from, and PyPI, lock files and apt give SHA-256; it needs the wheel, .deb or archive itself (section 3.2.1 lets a hash the assembly lost be omitted)"
        }
        for (property, element, values) in [("bsi:component:executable", "Executable property", ["executable", "non-executable"]),
                                            ("bsi:component:archive", "Archive property", ["archive", "no archive"]),
                                            ("bsi:component:structured", "Structured property", ["structured", "unstructured"])] {
            each(element, "property \(property): \(values.map { "\"\($0)\"" }.joined(separator: " or "))") { _, evidence in
                evidence.properties[property].map { values.contains($0) } ?? false
            }
            explain { result in
                let wrong = count { _, evidence in evidence.properties[property].map { !values.contains($0) } ?? false }
                return "\(result.failing.count) without it" + (wrong > 0 ? " (\(wrong) with a value other than \(values.joined(separator: " or ")))" : "")
                    + ": the producer knows the kind of file it read (section 8.1.7 Table 7: a package such as an rpm is a non-executable, structured archive; a Python script is executable)"
            }
        }
    }
}

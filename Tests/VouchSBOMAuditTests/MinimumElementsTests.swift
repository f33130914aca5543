import Foundation
import Testing
import VouchSBOM
@testable import VouchSBOMAudit

/// Every rule of every profile: the complete fixture meets it, and the fixture without that one element
/// fails exactly that element (the others still pass).
@Suite struct MinimumElementsTests {
    typealias Object = AuditFixtures.Object

    /// One rule: its profile, the element's name, which fixture, and how to take the element away.
    struct Rule: CustomTestStringConvertible, Sendable {
        var profile: SBOMProfile
        var element: String
        var spdx: Bool
        var remove: @Sendable (inout Object) -> Void
        /// Elements that cannot be met without this one (a tool version needs a tool).
        var also: [String] = []
        var testDescription: String { "\(profile.rawValue) \(spdx ? "SPDX" : "CycloneDX"): \(element)" }
    }

    static func cdx(_ profile: SBOMProfile, _ element: String, _ remove: @escaping @Sendable (inout Object) -> Void) -> Rule {
        Rule(profile: profile, element: element, spdx: false, remove: remove)
    }

    static func spdx(_ profile: SBOMProfile, _ element: String, _ remove: @escaping @Sendable (inout Object) -> Void) -> Rule {
        Rule(profile: profile, element: element, spdx: true, remove: remove)
    }

    static func components(_ change: @escaping @Sendable (inout Object) -> Void) -> @Sendable (inout Object) -> Void {
        { bom in AuditFixtures.eachComponent(&bom, change) }
    }

    static func packages(_ change: @escaping @Sendable (inout Object) -> Void) -> @Sendable (inout Object) -> Void {
        { document in AuditFixtures.eachPackage(&document, change) }
    }

    static func metadata(_ change: @escaping @Sendable (inout Object) -> Void) -> @Sendable (inout Object) -> Void {
        { bom in AuditFixtures.metadata(&bom, change) }
    }

    static let noSupplier = components { $0["supplier"] = nil; $0["manufacturer"] = nil; $0["authors"] = nil }
    static let noProducer = components { $0["manufacturer"] = nil; $0["authors"] = nil }
    static let noName = components { $0["name"] = " " }
    static let noVersion = components { $0["version"] = nil }
    static let noIdentifiers = components { $0["purl"] = nil; $0["cpe"] = nil }
    static let noConcluded = components { $0["licenses"] = [["license": ["id": "BSD-3-Clause", "acknowledgement": "declared"]]] }
    static let noDeclared = components { $0["licenses"] = [["license": ["id": "BSD-3-Clause", "acknowledgement": "concluded"]]] }
    static let noCopyright = components { $0["copyright"] = nil }
    static let noHashes = components { $0["hashes"] = nil }
    static let noSHA512 = components { $0["hashes"] = [["alg": "SHA-256", "content": AuditFixtures.sha256]] }
    static let noTimestamp = metadata { $0["timestamp"] = nil }
    static let noLifecycles = metadata { $0["lifecycles"] = nil }
    static let noTools = metadata { $0["tools"] = nil }

    static let rules: [Rule] = [
        cdx(.ntia2021, "Supplier Name", noSupplier),
        cdx(.ntia2021, "Component Name", noName),
        cdx(.ntia2021, "Version of the Component", noVersion),
        cdx(.ntia2021, "Other Unique Identifiers", noIdentifiers),
        cdx(.ntia2021, "Author of SBOM Data", metadata { $0["authors"] = nil; $0["manufacturer"] = nil; $0["tools"] = nil }),
        cdx(.ntia2021, "Timestamp", noTimestamp),
        cdx(.ntia2021, "Dependency Relationship", { $0["dependencies"] = nil }),
        cdx(.ntia2021, "Dependency Relationship", { $0["dependencies"] = [["ref": "app", "dependsOn": [String]()], ["ref": "pkg:pypi/idna@3.7", "dependsOn": [String]()]] }),
        spdx(.ntia2021, "Supplier Name", packages { $0["supplier"] = "NOASSERTION" }),
        spdx(.ntia2021, "Component Name", packages { $0["name"] = "" }),
        spdx(.ntia2021, "Version of the Component", packages { $0["versionInfo"] = nil }),
        spdx(.ntia2021, "Author of SBOM Data", { document in
            var creation = document["creationInfo"] as! Object
            creation["creators"] = [String]()
            document["creationInfo"] = creation
        }),
        spdx(.ntia2021, "Timestamp", { document in
            var creation = document["creationInfo"] as! Object
            creation["created"] = nil
            document["creationInfo"] = creation
        }),
        spdx(.ntia2021, "Dependency Relationship", { $0["relationships"] = nil; $0["documentDescribes"] = ["SPDXRef-app"] }),

        cdx(.fsct3, "Supplier Name", noSupplier),
        cdx(.fsct3, "License", noConcluded),
        cdx(.fsct3, "Copyright Notice", noCopyright),
        cdx(.fsct3, "SBOM Type", noLifecycles),
        spdx(.fsct3, "License", packages { $0["licenseConcluded"] = "NOASSERTION" }),
        spdx(.fsct3, "Copyright Notice", packages { $0["copyrightText"] = "NOASSERTION" }),
        spdx(.fsct3, "SBOM Type", { document in
            var creation = document["creationInfo"] as! Object
            creation["comment"] = nil
            document["creationInfo"] = creation
        }),

        cdx(.cisa2026, "SBOM Author", metadata { $0["authors"] = nil; $0["manufacturer"] = nil }),
        cdx(.cisa2026, "SBOM Author Signature", { $0["signature"] = nil }),
        cdx(.cisa2026, "SBOM Generation Context", noLifecycles),
        cdx(.cisa2026, "SBOM Timestamp", noTimestamp),
        Rule(profile: .cisa2026, element: "SBOM Tool Name", spdx: false, remove: noTools, also: ["SBOM Tool Version"]),
        cdx(.cisa2026, "SBOM Tool Version", metadata { $0["tools"] = ["components": [["type": "application", "name": "vouch"]]] }),
        cdx(.cisa2026, "SBOM Version", { $0["serialNumber"] = nil }),
        cdx(.cisa2026, "Component Producer", noProducer),
        cdx(.cisa2026, "Component Dependency Relationship", { $0["dependencies"] = [["ref": "pkg:pypi/idna@3.7", "dependsOn": [String]()]] }),
        cdx(.cisa2026, "Component Hash", noHashes),
        cdx(.cisa2026, "Software Identifiers", noIdentifiers),
        cdx(.cisa2026, "Component License", noDeclared),
        cdx(.cisa2026, "Component Name", noName),
        cdx(.cisa2026, "Component Version", noVersion),

        cdx(.bsi21, "SBOM format", { $0["specVersion"] = "1.5" }),
        cdx(.bsi21, "Creator of the SBOM", metadata { $0["authors"] = [["name": "Example Org SBOM team"]]; $0["manufacturer"] = ["name": "Example Org"] }),
        cdx(.bsi21, "Timestamp", noTimestamp),
        cdx(.bsi21, "Component creator", components { $0["manufacturer"] = ["name": "Example Org"]; $0["authors"] = [["name": "Jane Doe"]]; $0["supplier"] = ["name": "Example Org"] }),
        cdx(.bsi21, "Component name", noName),
        cdx(.bsi21, "Component version", noVersion),
        cdx(.bsi21, "Filename of the component", components(AuditFixtures.removeProperty("bsi:component:filename"))),
        cdx(.bsi21, "Dependencies on other components", { $0["dependencies"] = [["ref": "app", "dependsOn": ["pkg:pypi/idna@3.7"]]] }),
        cdx(.bsi21, "Completeness of the dependencies", { $0["compositions"] = nil }),
        cdx(.bsi21, "Distribution licences", noConcluded),
        cdx(.bsi21, "Hash value of the deployable component", noSHA512),
        // Section 3.2.9: the supplier (vendor) is not the creator, even with a contact.
        cdx(.bsi21, "Component creator", components { $0["manufacturer"] = nil; $0["authors"] = nil }),
        // The e-mail written inside a name is not Table 9's email field.
        cdx(.bsi21, "Component creator", components { $0["manufacturer"] = nil; $0["authors"] = [["name": "Jane Doe <jane@example.com>"]] }),
        cdx(.bsi21, "Executable property", components(AuditFixtures.setProperty("bsi:component:executable", "nonExecutable"))),
        cdx(.bsi21, "Archive property", components(AuditFixtures.setProperty("bsi:component:archive", "yes"))),
        cdx(.bsi21, "Structured property", components(AuditFixtures.setProperty("bsi:component:structured", "Structured"))),
        cdx(.bsi21, "Executable property", components(AuditFixtures.removeProperty("bsi:component:executable"))),
        cdx(.bsi21, "Archive property", components(AuditFixtures.removeProperty("bsi:component:archive"))),
        cdx(.bsi21, "Structured property", components(AuditFixtures.removeProperty("bsi:component:structured"))),
    ]

    @Test(arguments: SBOMProfile.allCases)
    func theCompleteCycloneDXFixturePassesEveryProfile(profile: SBOMProfile) throws {
        let report = MinimumElements.check(try AuditFixtures.document(AuditFixtures.cycloneDX()), profile: profile, file: "bom.json")
        #expect(report.passed, "\(report.elements.filter { !$0.passed }.map { "\($0.element) \($0.have)/\($0.total)" })")
        #expect(report.components == 2)
    }

    @Test(arguments: [SBOMProfile.ntia2021, .fsct3])
    func theCompleteSPDXFixturePassesNTIAAndFSCT(profile: SBOMProfile) throws {
        let report = MinimumElements.check(try AuditFixtures.document(AuditFixtures.spdx()), profile: profile, file: "doc.json")
        #expect(report.passed, "\(report.elements.filter { !$0.passed }.map(\.element))")
    }

    @Test(arguments: rules)
    func withoutTheElementOnlyThatElementFails(rule: Rule) throws {
        var object = rule.spdx ? AuditFixtures.spdx() : AuditFixtures.cycloneDX()
        rule.remove(&object)
        let report = MinimumElements.check(try AuditFixtures.document(object), profile: rule.profile, file: "fixture.json")
        let failed = report.elements.filter { !$0.passed }.map(\.element)
        #expect(failed == [rule.element] + rule.also)
        #expect(report.elements.contains { $0.element == rule.element }, "the profile has no element \(rule.element)")
        #expect(!report.passed)
    }

    @Test func aFailingComponentElementNamesTheComponentsAndCounts() throws {
        var bom = AuditFixtures.cycloneDX()
        var components = bom["components"] as! [Object]
        components[0]["supplier"] = nil
        components[0]["manufacturer"] = nil
        components[0]["authors"] = nil
        bom["components"] = components
        let report = MinimumElements.check(try AuditFixtures.document(bom), profile: .ntia2021, file: "bom.json")
        let supplier = try #require(report.elements.first { $0.element == "Supplier Name" })
        #expect(supplier.have == 1 && supplier.total == 2)
        #expect(supplier.failing == ["idna@3.7"])
    }

    @Test func cisaDoesNotAcceptAToolAsTheAuthorWhereNTIADoes() throws {
        var document = AuditFixtures.spdx()
        var creation = document["creationInfo"] as! Object
        creation["creators"] = ["Tool: vouch-1.0.0"]
        document["creationInfo"] = creation
        let read = try AuditFixtures.document(document)
        #expect(MinimumElements.check(read, profile: .ntia2021, file: "x").elements.first { $0.element == "Author of SBOM Data" }?.passed == true)
        #expect(MinimumElements.check(read, profile: .cisa2026, file: "x").elements.first { $0.element == "SBOM Author" }?.passed == false)
    }

    /// Table 9 puts the deployable file's SHA-512 in an `externalReferences[type=distribution]` entry.
    @Test func bsiAcceptsTheSHA512OfADistributionReference() throws {
        var bom = AuditFixtures.cycloneDX()
        AuditFixtures.eachComponent(&bom) { component in
            component["hashes"] = [["alg": "SHA-256", "content": AuditFixtures.sha256]]
            component["externalReferences"] = [["type": "distribution", "url": "https://example.com/x.whl", "hashes": [["alg": "SHA-512", "content": AuditFixtures.sha512]]]]
        }
        let report = MinimumElements.check(try AuditFixtures.document(bom), profile: .bsi21, file: "bom.json")
        #expect(report.passed, "\(report.elements.filter { !$0.passed }.map(\.element))")
    }

    /// The CycloneDX XML reader keeps a distribution reference's hashes as the JSON reader does.
    @Test func aDistributionReferencesHashesAreReadFromXMLToo() throws {
        let xml = """
            <?xml version="1.0" encoding="UTF-8"?>
            <bom xmlns="http://cyclonedx.org/schema/bom/1.6" version="1">
              <components>
                <component type="library" bom-ref="pkg:pypi/idna@3.7">
                  <name>idna</name><version>3.7</version>
                  <hashes><hash alg="SHA-256">\(AuditFixtures.sha256)</hash></hashes>
                  <externalReferences>
                    <reference type="distribution"><url>https://example.com/idna-3.7-py3-none-any.whl</url>
                      <hashes><hash alg="SHA-512">\(AuditFixtures.sha512)</hash></hashes></reference>
                    <reference type="vcs"><url>https://example.com/idna.git</url></reference>
                  </externalReferences>
                </component>
              </components>
            </bom>
            """
        let read = try SBOMReader.read(Array(xml.utf8), path: "bom.xml")
        let evidence = try #require(read.packages.first?.evidence)
        #expect(evidence.distributionHashes == [ComponentHash(algorithm: "SHA-512", value: AuditFixtures.sha512)])
        #expect(evidence.hashes == [ComponentHash(algorithm: "SHA-256", value: AuditFixtures.sha256)])
        let hash = MinimumElements.check(read, profile: .bsi21, file: "bom.xml").elements.first { $0.element == "Hash value of the deployable component" }
        #expect(hash?.passed == true)
    }

    /// Every failing BSI element says why, in a line naming what is missing and where it comes from.
    @Test func everyFailingBSIElementSaysWhy() throws {
        let bom: Object = ["bomFormat": "CycloneDX", "specVersion": "1.6", "version": 1,
                           "metadata": ["authors": [["name": "Example Org"]], "component": ["type": "application", "bom-ref": "app", "name": "app"]],
                           "components": [["type": "library", "name": "idna", "version": "3.7", "authors": [["name": "Kim <kim@example.com>"]],
                                           "hashes": [["alg": "SHA-256", "content": AuditFixtures.sha256]],
                                           "licenses": [["license": ["id": "BSD-3-Clause"]]],
                                           "properties": [["name": "bsi:component:archive", "value": "yes"]]]]]
        let report = MinimumElements.check(try AuditFixtures.document(bom), profile: .bsi21, file: "bom.json")
        let failing = report.elements.filter { !$0.passed }
        #expect(Set(failing.map(\.element)) == ["Creator of the SBOM", "Timestamp", "Component creator", "Component version", "Filename of the component",
                                                "Dependencies on other components", "Completeness of the dependencies", "Distribution licences",
                                                "Hash value of the deployable component", "Executable property", "Archive property", "Structured property"])
        for element in failing {
            #expect(!(element.note ?? "").isEmpty, "\(element.element) fails without a reason")
        }
        let notes = Dictionary(uniqueKeysWithValues: failing.map { ($0.element, $0.note ?? "") })
        #expect(notes["Creator of the SBOM"]?.contains("1 SBOM author(s) named without an e-mail") == true)
        #expect(notes["Component creator"]?.contains("1 write the creator's e-mail inside the name") == true)
        #expect(notes["Component creator"]?.contains("1 name no creator") == true)
        #expect(notes["Component version"]?.contains("the primary component has no version") == true)
        #expect(notes["Distribution licences"]?.contains("2 without one; 1 have only the declared") == true)
        #expect(notes["Hash value of the deployable component"]?.contains("(1 have other algorithms only)") == true)
        #expect(notes["Archive property"]?.contains("(1 with a value other than archive or no archive)") == true)
        #expect(notes["Dependencies on other components"]?.contains("1 have no bom-ref") == true)
    }

    @Test func bsiRejectsSPDX2() throws {
        let report = MinimumElements.check(try AuditFixtures.document(AuditFixtures.spdx()), profile: .bsi21, file: "x")
        #expect(report.elements.first { $0.element == "SBOM format" }?.passed == false)
    }
}

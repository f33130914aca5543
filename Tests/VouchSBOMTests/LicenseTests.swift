import Testing
import VouchCore
@testable import VouchSBOM

@Suite struct SPDXExpressionTests {
    @Test func theLicenseListShipsWithItsVersion() {
        #expect(SPDXLicenseList.version.split(separator: ".").count >= 2)
        #expect(SPDXLicenseList.licenseCount > 500)
        #expect(SPDXLicenseList.license("apache-2.0") == "Apache-2.0")
        #expect(SPDXLicenseList.exception("llvm-exception") == "LLVM-exception")
        #expect(SPDXLicenseList.license("BSD") == nil)
    }

    @Test(arguments: [
        ("MIT", "MIT"), ("mit or apache-2.0", "MIT OR Apache-2.0"), ("(MIT OR Apache-2.0) AND BSD-3-Clause", "(MIT OR Apache-2.0) AND BSD-3-Clause"),
        ("GPL-2.0-or-later WITH Classpath-exception-2.0", "GPL-2.0-or-later WITH Classpath-exception-2.0"), ("GPL-2.0+", "GPL-2.0+"),
        ("LicenseRef-Proprietary AND MIT", "LicenseRef-Proprietary AND MIT"),
    ])
    func validExpressionsAreCanonicalised(text: String, canonical: String) throws {
        #expect(try #require(SPDXExpression(text)).canonical == canonical)
    }

    @Test(arguments: ["BSD", "MIT License", "Apache 2.0", "MIT OR", "(MIT", "MIT WITH MIT", "GPL-2.0 WITH NotAnException", "LicenseRef-", "", "MIT AND AND ISC"])
    func invalidExpressionsAreRejected(text: String) {
        #expect(SPDXExpression(text) == nil)
    }

    @Test func maximumDepthLimitsNesting() {
        let deep = String(repeating: "(", count: 40) + "MIT" + String(repeating: ")", count: 40)
        #expect(SPDXExpression(deep) == nil)
        let shallow = String(repeating: "(", count: 5) + "MIT" + String(repeating: ")", count: 5)
        #expect(SPDXExpression(shallow) != nil)
    }
}

@Suite struct PythonLicenseResolverTests {
    @Test func aLicenseReferenceIsNamedByTheFirstNonEmptyLine() {
        #expect(PythonLicenseResolver.firstLine("\n\n   Copyright (c) Example  \nPermission is granted") == "Copyright (c) Example")
        #expect(PythonLicenseResolver.firstLine("single") == "single")
        #expect(PythonLicenseResolver.firstLine("") == "")
    }

    private func resolve(_ headers: String) throws -> PackageLicense {
        let metadata = try CoreMetadata(parsing: Array("Metadata-Version: 2.4\nName: x\nVersion: 1\n\(headers)".utf8), path: "METADATA")
        return PythonLicenseResolver.resolve(metadata, referenceStem: "x-1")
    }

    @Test func licenseExpressionComesFirst() throws {
        let license = try resolve("License-Expression: MIT OR Apache-2.0\nLicense: GPL-3.0-only\nClassifier: License :: OSI Approved :: BSD License\n")
        #expect(license.expression == "MIT OR Apache-2.0")
        #expect(license.source == .licenseExpression)
    }

    @Test func licenseFieldWhenItIsAValidExpression() throws {
        let license = try resolve("License: apache-2.0\nClassifier: License :: OSI Approved :: MIT License\n")
        #expect(license.expression == "Apache-2.0")
        #expect(license.source == .licenseField)
    }

    @Test func unambiguousClassifierWhenLicenseIsNotSPDX() throws {
        let license = try resolve("License: See the file LICENSE\nClassifier: License :: OSI Approved :: MIT License\n")
        #expect(license.expression == "MIT")
        #expect(license.source == .classifiers)
    }

    @Test func bareBSDClassifierIsNotGuessedIntoBSD3Clause() throws {
        let license = try resolve("Classifier: License :: OSI Approved :: BSD License\n")
        #expect(license.expression == "LicenseRef-x-1")
        #expect(license.references.first?.text == "License :: OSI Approved :: BSD License")
        #expect(license.source == .licenseText)
    }

    @Test func conflictingClassifiersAreAmbiguous() throws {
        let license = try resolve("License: Dual\nClassifier: License :: OSI Approved :: MIT License\nClassifier: License :: OSI Approved :: ISC License (ISCL)\n")
        #expect(license.expression == "LicenseRef-x-1")
        #expect(license.references.first?.text == "Dual")
    }

    @Test func multiLineLicenseTextIsKeptWholeAsLicenseRef() throws {
        let license = try resolve("License: Copyright (c) Example\n        \n        Permission is granted.\n")
        #expect(license.expression == "LicenseRef-x-1")
        #expect(license.references.first?.text == "Copyright (c) Example\n\nPermission is granted.")
        #expect(license.references.first?.name == "Copyright (c) Example")
    }

    @Test func unknownIsNoAssertion() throws {
        let license = try resolve("License: UNKNOWN\n")
        #expect(license.expression == nil)
        #expect(license.source == .none)
    }

    @Test func licenseRefsInsideLicenseExpressionGetADefinition() throws {
        let license = try resolve("License-Expression: MIT AND LicenseRef-Custom\n")
        #expect(license.expression == "MIT AND LicenseRef-Custom")
        #expect(license.references.map(\.id) == ["LicenseRef-Custom"])
    }

    @Test func invalidLicenseExpressionIsKeptAsText() throws {
        let license = try resolve("License-Expression: MIT-ish\n")
        #expect(license.expression == "LicenseRef-x-1")
        #expect(license.references.first?.text == "MIT-ish")
    }
}

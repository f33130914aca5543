import Foundation
import Testing
import VouchCore
import VouchTestSupport
@testable import VouchSBOM

/// License text identification against the SPDX templates, on real license files (Fixtures/licenses,
/// ORIGINS.md says where each comes from).
@Suite struct LicenseIdentificationTests {
    static func text(_ name: String) throws -> String {
        String(decoding: try Fixtures.bytes("licenses/" + name), as: UTF8.self)
    }

    /// One row per SPDX template class: the file, the expression Vouch must give (nil: must not give one),
    /// and the ids its matches name.
    static let classes: [(file: String, expression: String?, matches: [[String]])] = [
        ("networkx-3.6.1-LICENSE.txt", "BSD-3-Clause", [["BSD-3-Clause"]]),
        ("packaging-24.2-LICENSE.BSD", "BSD-2-Clause", [["BSD-2-Clause"]]),
        ("aiohttp-3.14.5-LICENSE.txt", "Apache-2.0", [["Apache-2.0"]]),
        ("coverage-7.17.5-LICENSE.txt", "Apache-2.0", [["Apache-2.0"]]),
        ("rsa-4.9.1-LICENSE", "Apache-2.0", [["Apache-2.0"]]),
        ("gunicorn-27.0.1-LICENSE", "MIT", [["MIT"]]),
        ("mypy_extensions-1.2.0-LICENSE", "MIT", [["MIT"]]),
        ("cffi-2.1.1-LICENSE", nil, [["MIT-0"]]),
        ("dnspython-2.9.2-LICENSE", "ISC", [["ISC"], ["ISC"]]),
        ("defusedxml-0.7.1-LICENSE", "PSF-2.0", [["PSF-2.0"]]),
        ("numpy-2.4.6-libdivide-LICENSE.txt", "Zlib", [["Zlib"]]),
        ("docutils-0.22.4-gpl-3-0.txt", nil, [["GPL-3.0-only", "GPL-3.0-or-later"]]),
        ("paramiko-5.1.0-LICENSE", nil, [["LGPL-2.1-only", "LGPL-2.1-or-later"]]),
        ("pathspec-1.1.1-LICENSE", nil, [["MPL-2.0", "MPL-2.0-no-copyleft-exception"]]),
        ("packaging-24.2-LICENSE", nil, []),
        ("debian-libxcomposite1-0.4.5-1-copyright", "HPND-sell-variant AND MIT", [["HPND-sell-variant"], ["MIT"]]),
    ]

    @Test(arguments: classes.map(\.file))
    func eachTemplateClassIsIdentifiedFromARealFile(file: String) throws {
        let expected = try #require(Self.classes.first { $0.file == file })
        let found = LicenseTextMatcher.identify(try Self.text(file))
        #expect(found.expression == expected.expression, "\(file): \(found.problem ?? "")")
        #expect(found.matches.map(\.ids) == expected.matches)
        for match in found.matches { #expect(match.score >= LicenseTextMatcher.threshold && match.score <= 1) }
        if expected.expression != nil { #expect(found.problem == nil) } else { #expect(found.problem != nil) }
    }

    @Test func anExactTextScoresOneAndAnEditedOneLess() throws {
        let original = try Self.text("packaging-24.2-LICENSE.BSD")
        #expect(LicenseTextMatcher.identify(original).score == 1)
        let edited = original.replacingOccurrences(of: "must retain", with: "should, where practical, retain")
        let score = try #require(LicenseTextMatcher.identify(edited).score)
        #expect(score < 1 && score >= LicenseTextMatcher.threshold)
        #expect(LicenseTextMatcher.identify(edited).expression == "BSD-2-Clause")
    }

    @Test func theApacheAppendixIsOmittableAndTheHeaderIsItsOwnMethod() throws {
        let withAppendix = LicenseTextMatcher.identify(try Self.text("aiohttp-3.14.5-LICENSE.txt"))
        let without = LicenseTextMatcher.identify(try Self.text("coverage-7.17.5-LICENSE.txt"))
        #expect(withAppendix.matches.first?.method == .spdxTemplate)
        #expect(without.matches.first?.method == .spdxTemplate)
        #expect(try Self.text("aiohttp-3.14.5-LICENSE.txt").contains("APPENDIX"))
        #expect(!(try Self.text("coverage-7.17.5-LICENSE.txt").contains("APPENDIX")))
        #expect(LicenseTextMatcher.identify(try Self.text("rsa-4.9.1-LICENSE")).matches.first?.method == .spdxLicenseHeader)
    }

    @Test func bsdVariantsAreToldApart() throws {
        // BSD-3-Clause without its third clause is BSD-2-Clause, not a weaker BSD-3-Clause match.
        let bsd3 = try Self.text("networkx-3.6.1-LICENSE.txt")
        let start = try #require(bsd3.range(of: "     * Neither"))
        let end = try #require(bsd3.range(of: "prior written permission.", range: start.upperBound..<bsd3.endIndex))
        var bsd2 = bsd3
        bsd2.removeSubrange(start.lowerBound..<end.upperBound)
        #expect(LicenseTextMatcher.identify(bsd2).expression == "BSD-2-Clause")
    }

    @Test func severalLicensesInOneFileAreJoinedWithAndUnlessTheFileOffersAChoice() throws {
        let mit = try Self.text("gunicorn-27.0.1-LICENSE"), bsd = try Self.text("networkx-3.6.1-LICENSE.txt")
        #expect(LicenseTextMatcher.identify(mit + "\n\n" + bsd).expression == "MIT AND BSD-3-Clause")
        let choice = LicenseTextMatcher.identify("You may choose either license.\n\n" + mit + "\n\n" + bsd)
        #expect(choice.expression == nil)
        #expect(choice.problem?.contains("choice") == true)
    }

    @Test func maximumUnmatchedRunKeepsTermsOfTheirOwnFromBeingIgnored() throws {
        // cffi's LICENSE has a 29-word paragraph before its MIT-0 text; sympy's has prose between texts.
        let cffi = LicenseTextMatcher.identify(try Self.text("cffi-2.1.1-LICENSE"))
        #expect(cffi.longestUnmatchedRun > LicenseTextMatcher.maximumUnmatchedRun)
        #expect(cffi.problem?.contains("maximumUnmatchedRun") == true)
        // A short line that grants something of its own is not ignored either.
        let ecdsa = "Portions written in 2005 by Peter Pearson and placed in the public domain.\n\n" + (try Self.text("gunicorn-27.0.1-LICENSE"))
        #expect(LicenseTextMatcher.identify(ecdsa).problem?.contains("public domain") == true)
    }

    @Test func maximumWordsCutsATextAndSaysSo() {
        let long = String(repeating: "word ", count: LicenseTextMatcher.maximumWords + 10)
        let found = LicenseTextMatcher.identify(long)
        #expect(found.truncated)
        #expect(found.wordCount == LicenseTextMatcher.maximumWords)
        #expect(found.problem != nil)
    }

    @Test func copyrightNoticesBulletsCaseAndPunctuationAreNotCompared() throws {
        let original = try Self.text("packaging-24.2-LICENSE.BSD")
        let altered = "Copyright (c) 1999-2024 Someone Else <else@example.org>\nAll rights reserved.\n\n"
            + original.uppercased().replacingOccurrences(of: "1.", with: "(a)").replacingOccurrences(of: ",", with: " ")
        #expect(LicenseTextMatcher.identify(altered).expression == "BSD-2-Clause")
        #expect(LicenseTextMatcher.identify(altered).score == 1)
    }

    /// The Swift tokenizer and the generator's Python tokenizer must give the same words, or templates and
    /// texts would be normalized differently.
    @Test(.enabled(if: Peers.shouldRun("python3")))
    func theSwiftTokenizerAgreesWithTheGenerator() throws {
        let python = try Peers.require("python3")
        let script = Fixtures.repositoryRoot.appendingPathComponent("scripts/sbom-spdx-license-templates.py").path
        for file in Self.classes.map(\.file) {
            let path = Fixtures.path("licenses/" + file)
            let code = "import importlib.util,sys\nspec=importlib.util.spec_from_file_location('g',sys.argv[1])\ng=importlib.util.module_from_spec(spec)\nspec.loader.exec_module(g)\nprint(' '.join(g.tokens(open(sys.argv[2],encoding='utf-8',errors='replace').read())))"
            let result = try CommandRunner.run(python, ["-c", code, script, path])
            #expect(result.status == 0, "\(result.stderr)")
            var swift: [String] = []
            LicenseTokenizer.forEachWord(try Self.text(file)) { swift.append($0) }
            let theirs = result.stdout.split(separator: " ").map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.filter { !$0.isEmpty }
            // The Swift side also drops the lines that go on with a copyright notice (names, addresses).
            let missing = Set(swift).subtracting(theirs)
            #expect(missing.isEmpty, "\(file): words only Swift has: \(missing.sorted().prefix(10))")
            #expect(swift.count <= theirs.count && theirs.count - swift.count < 60, "\(file): \(swift.count) vs \(theirs.count) words")
        }
    }

    @Test func theTemplatesComeFromTheRecordedListVersion() {
        #expect(SPDXLicenseTemplates.listVersion == SPDXLicenseList.version)
        #expect(SPDXLicenseTemplates.all.count > 600)
        for template in SPDXLicenseTemplates.all {
            #expect(SPDXLicenseList.license(template.id) == template.id, "\(template.id) is not on the license list")
        }
    }

    @Test func aCopyrightFileThatIsNotMachineReadableIsIdentified() throws {
        let path = "/usr/share/doc/libxcomposite1/copyright"
        let license = DpkgCataloger.identifiedLicense(try Self.text("debian-libxcomposite1-0.4.5-1-copyright"), path: path)
        #expect(license.expression == "HPND-sell-variant AND MIT")
        #expect(license.source == .debianCopyright)
        #expect(license.notes == ["\(path): HPND-sell-variant AND MIT by SPDX template, score 1.000"])
        let prose = DpkgCataloger.identifiedLicense("This package is free software. See the upstream source.", path: path)
        #expect(prose.expression == nil)
        #expect(prose.notes.first?.contains("not identified") == true)
    }
}

/// The name table, every entry of it.
@Suite struct LicenseNameTests {
    @Test func everyWrittenNameMapsToAListedIdInAnySpelling() {
        for (name, id) in LicenseNames.written {
            #expect(LicenseNames.normalize(name) == name, "\(name) is not stored normalized")
            #expect(SPDXLicenseList.license(id) == id, "\(name) maps to \(id), not an SPDX id")
            #expect(LicenseNames.spdxID(for: name) == id)
            #expect(LicenseNames.spdxID(for: "  The " + name.uppercased() + ". ") == id, "\(name) in other case and spacing")
        }
    }

    @Test(arguments: [
        ("BSD 3-Clause License", "BSD-3-Clause"), ("3-Clause BSD License", "BSD-3-Clause"), ("New BSD", "BSD-3-Clause"),
        ("Apache 2.0", "Apache-2.0"), ("Apache License, Version 2.0", "Apache-2.0"), ("Apache License 2.0", "Apache-2.0"),
        ("Apache 2.0 License", "Apache-2.0"), ("MIT License", "MIT"), ("BSD 2-Clause License", "BSD-2-Clause"),
        ("BSD 3-Clause \"New\" or \"Revised\" License", "BSD-3-Clause"), ("Mozilla Public License 2.0", "MPL-2.0"),
    ])
    func theNamesProjectsWriteAreNormalized(name: String, id: String) {
        #expect(LicenseNames.spdxID(for: name) == id)
    }

    @Test(arguments: ["BSD", "BSD License", "Apache Software License", "Dual License", "LGPL with exceptions", "GPL", "MIT-ish", "BSD 3-Clause License or later"])
    func namesWithoutOneMeaningAreNotMapped(name: String) {
        #expect(LicenseNames.spdxID(for: name) == nil)
    }

    @Test func everyClassifierMapsToAListedId() {
        for (classifier, id) in LicenseClassifier.table {
            #expect(SPDXLicenseList.license(id) == id, "\(classifier) maps to \(id)")
            #expect(LicenseNames.family(for: classifier) == nil, "\(classifier) is both mapped and a family")
        }
        #expect(LicenseNames.family(for: "License :: OSI Approved :: BSD License") == .bsd)
        #expect(LicenseFamily.bsd.contains("BSD-3-Clause") && LicenseFamily.bsd.contains("0BSD") && !LicenseFamily.bsd.contains("MIT"))
    }
}

/// How the Python resolver combines names, texts, classifiers and files.
@Suite struct LicenseSourceOrderTests {
    private func resolve(_ headers: String, files: [String: String] = [:]) throws -> PackageLicense {
        let metadata = try CoreMetadata(parsing: Array("Metadata-Version: 2.1\nName: x\nVersion: 1\n\(headers)".utf8), path: "METADATA")
        return PythonLicenseResolver.resolve(metadata, referenceStem: "x-1", licenseFiles: files.keys.sorted()) { files[$0] }
    }

    @Test func aNameIsNormalizedAndTheOriginalKept() throws {
        let license = try resolve("License: Apache License, Version 2.0\n")
        #expect(license.expression == "Apache-2.0")
        #expect(license.source == .licenseName)
        #expect(license.notes == ["License \"Apache License, Version 2.0\": Apache-2.0 by name"])
    }

    @Test func aNameTheClassifiersContradictIsNotUsed() throws {
        let license = try resolve("License: MIT License\nClassifier: License :: OSI Approved :: BSD License\n")
        #expect(license.expression == "LicenseRef-x-1")
        #expect(license.notes.first?.contains("classifiers say otherwise") == true)
    }

    @Test func aPastedLicenseTextIsIdentified() throws {
        let text = try LicenseIdentificationTests.text("networkx-3.6.1-LICENSE.txt")
        let folded = text.split(separator: "\n", omittingEmptySubsequences: false).joined(separator: "\n        ")
        let license = try resolve("License: \(folded)\nClassifier: License :: OSI Approved :: BSD License\n")
        #expect(license.expression == "BSD-3-Clause")
        #expect(license.source == .licenseFieldText)
        #expect(license.notes == ["License text: BSD-3-Clause by SPDX template, score 1.000"])
    }

    @Test func theBareBSDClassifierIsDecidedByTheLicenseFileOnly() throws {
        let bsd3 = try LicenseIdentificationTests.text("networkx-3.6.1-LICENSE.txt")
        let license = try resolve("Classifier: License :: OSI Approved :: BSD License\n", files: ["/d/LICENSE.txt": bsd3, "/d/AUTHORS": "Aric Hagberg\nDan Schult\n"])
        #expect(license.expression == "BSD-3-Clause")
        #expect(license.source == .licenseFiles)
        #expect(license.notes == ["AUTHORS: no license in it, skipped", "LICENSE.txt: BSD-3-Clause by SPDX template, score 1.000"])
        // A license file outside the classifier's family is a contradiction: nothing is claimed.
        let mit = try LicenseIdentificationTests.text("gunicorn-27.0.1-LICENSE")
        let contradicted = try resolve("Classifier: License :: OSI Approved :: BSD License\n", files: ["/d/LICENSE": mit])
        #expect(contradicted.expression == "LicenseRef-x-1")
        #expect(contradicted.notes.last == "license files not used: the classifiers say otherwise")
    }

    @Test func orLaterIsTakenFromTheClassifierNeverGuessedFromTheText() throws {
        let gpl = try LicenseIdentificationTests.text("docutils-0.22.4-gpl-3-0.txt")
        let later = try resolve("Classifier: License :: OSI Approved :: GNU General Public License v3 or later (GPLv3+)\nClassifier: License :: OSI Approved :: GNU General Public License (GPL)\n", files: ["/d/COPYING": gpl])
        #expect(later.expression == "GPL-3.0-or-later")
        let unsaid = try resolve("License: GNU GPL\n", files: ["/d/COPYING": gpl])
        #expect(unsaid.expression == "LicenseRef-x-1")
        #expect(unsaid.notes.contains { $0.contains("fits GPL-3.0-only, GPL-3.0-or-later equally") })
    }

    @Test func mplIsTakenFromTheClassifier() throws {
        let mpl = try LicenseIdentificationTests.text("pathspec-1.1.1-LICENSE")
        let apache = try LicenseIdentificationTests.text("coverage-7.17.5-LICENSE.txt")
        let classifiers = "Classifier: License :: OSI Approved :: Mozilla Public License 2.0 (MPL 2.0)\nClassifier: License :: OSI Approved :: Apache Software License\n"
        let license = try resolve(classifiers, files: ["/d/LICENSE-APACHE": apache, "/d/LICENSE-MPL": mpl])
        #expect(license.expression == "Apache-2.0 AND MPL-2.0")
        #expect(license.notes.contains("LICENSE-MPL: MPL-2.0 by SPDX template, score 0.993"))
        let unreadable = try resolve("Classifier: License :: OSI Approved :: Mozilla Public License 2.0 (MPL 2.0)\nClassifier: License :: Other/Proprietary License\n", files: ["/d/LICENSE": mpl])
        #expect(unreadable.expression == "LicenseRef-x-1", "a classifier Vouch cannot read stops the license files")
        let unsaid = try resolve("License: MPL\n", files: ["/d/LICENSE": mpl])
        #expect(unsaid.expression == "LicenseRef-x-1", "without a classifier the two MPL-2.0 ids stay undecided")
    }

    @Test func aFileThatOffersAChoiceDecidesNothing() throws {
        let license = try resolve("Classifier: License :: OSI Approved :: Apache Software License\nClassifier: License :: OSI Approved :: BSD License\n", files: [
            "/d/LICENSE": try LicenseIdentificationTests.text("packaging-24.2-LICENSE"),
            "/d/LICENSE.APACHE": try LicenseIdentificationTests.text("coverage-7.17.5-LICENSE.txt"),
            "/d/LICENSE.BSD": try LicenseIdentificationTests.text("packaging-24.2-LICENSE.BSD"),
        ])
        #expect(license.expression == "LicenseRef-x-1")
        #expect(license.notes.first?.hasPrefix("LICENSE: not identified") == true)
    }
}

import Foundation
import Testing
import VouchCore
import VouchTestSupport
@testable import VouchSBOM

/// The license venv (Fixtures/sbom/license-venv: FastAPI gateway dependencies plus common data-science,
/// web and cloud packages, every distribution pinned), built once into Fixtures/generated/.
@Suite(.serialized) struct LicenseVenvTests {
    static func venv() throws -> String {
        let python = try Peers.require("python3")
        let result = try CommandRunner.run(Fixtures.path("sbom/license-venv/make-license-venv.sh"), [python])
        guard result.status == 0 else { throw VouchError(.ioFailure, "could not build the license venv: \(result.stderr)") }
        return result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    static func installed(_ venv: String) throws -> [SBOMPackage] {
        let resolver = try DirectoryFileResolver(path: venv)
        let document = try SBOMGenerator().generate(resolver, options: CatalogOptions(defaultMachine: PythonInterpreter.hostMachine))
        return document.packages.filter { $0.containment == .installed && $0.ecosystem == .python }
    }

    static func metadata(_ venv: String, _ package: SBOMPackage) throws -> CoreMetadata {
        let path = venv + package.location + "/METADATA"
        return try CoreMetadata(parsing: Array(try Data(contentsOf: URL(fileURLWithPath: path))), path: path)
    }

    /// The SPDX license ids of a valid expression.
    static func ids(_ expression: String) -> [String] {
        expression.split(whereSeparator: { " ()".contains($0) }).map(String.init).filter { !["AND", "OR", "WITH"].contains($0) }
    }

    @Test(.enabled(if: Peers.shouldRun("python3")))
    func atLeast285PackagesGetAValidSPDXExpressionWithoutOneContradiction() throws {
        let venv = try Self.venv()
        let packages = try Self.installed(venv)
        #expect(packages.count >= 296)
        var valid = 0
        var contradictions: [String] = []
        var unscored: [String] = []
        for package in packages {
            guard let expression = package.license.expression, !expression.contains("LicenseRef-") else { continue }
            #expect(SPDXExpression(expression)?.canonical == expression, "\(package.name): \(expression) is not a valid SPDX expression")
            valid += 1
            let metadata = try Self.metadata(venv, package)
            if let declared = metadata.licenseExpression.flatMap(SPDXExpression.init), declared.canonical != expression {
                contradictions.append("\(package.name): License-Expression \(declared.canonical), Vouch \(expression)")
            }
            let constraint = PythonLicenseResolver.ClassifierConstraint(metadata.classifiers.filter(LicenseClassifier.isLicenseClassifier))
            if package.license.source != .licenseExpression, package.license.source != .licenseField, !constraint.admits(Self.ids(expression)) {
                contradictions.append("\(package.name): classifiers \(metadata.classifiers.filter { $0.hasPrefix("License") }), Vouch \(expression)")
            }
            if [.licenseFieldText, .licenseFiles].contains(package.license.source), !package.license.notes.contains(where: { $0.contains("score ") }) {
                unscored.append(package.name)
            }
        }
        let sources = Dictionary(grouping: packages, by: { $0.license.source.rawValue }).mapValues(\.count)
        print("license venv: \(packages.count) distributions, \(valid) with a valid SPDX expression; by source: \(sources.sorted { $0.key < $1.key })")
        #expect(valid >= 285)
        #expect(contradictions.isEmpty, "\(contradictions)")
        #expect(unscored.isEmpty, "identified without a score: \(unscored)")
    }

    /// Debian's licensecheck on every license file of the venv. Each file falls in one of these classes;
    /// only the last would be a disagreement about what a text is, and there must be none:
    /// - agree: the same licenses (licensecheck's "GPL-3" is the family of GPL-3.0-only / -or-later);
    /// - Vouch declines: no expression from Vouch (ambiguous, prose around the license, no template at 95%);
    ///   licensecheck guesses more freely, which is what the gate must not do;
    /// - licensecheck names nothing (UNKNOWN) where Vouch matches an SPDX template at >= 0.95 (licensecheck
    ///   keys on known phrasings and misses texts whose title or first line differs: colorama, ptyprocess);
    /// - licensecheck names fewer: the file has several licenses and it reports the first (wcwidth:
    ///   MIT AND HPND-Markus-Kuhn);
    /// - different licenses: none.
    @Test(.enabled(if: Peers.shouldRun("python3", "licensecheck")))
    func licensecheckAgreesOnTheLicenseFilesOfTheVenv() throws {
        let venv = try Self.venv()
        let files = try Self.installed(venv).flatMap(\.licenseFiles).map { venv + $0 }
        #expect(files.count >= 300)
        let licensecheck = try Peers.require("licensecheck")
        let result = try CommandRunner.run(licensecheck, ["--check", ".*", "--machine", "--shortname-scheme", "spdx", "--lines", "0"] + files)
        #expect(result.status == 0, "\(result.stderr)")
        var theirs: [String: String] = [:]
        for line in result.stdout.split(separator: "\n") {
            let parts = line.split(separator: "\t", maxSplits: 1).map(String.init)
            if parts.count == 2 { theirs[parts[0]] = parts[1] }
        }
        func family(_ id: String) -> String {
            var id = id
            for suffix in ["-only", "-or-later"] where id.hasSuffix(suffix) { id.removeLast(suffix.count) }
            return id.replacingOccurrences(of: ".0", with: "")
        }
        var counts: [String: Int] = [:]
        var different: [String] = []
        for file in files {
            let text = String(decoding: try Data(contentsOf: URL(fileURLWithPath: file)), as: UTF8.self)
            let ours = LicenseTextMatcher.identify(text).resolvedIDs()
            let their = theirs[file] ?? "UNKNOWN"
            let theirIDs = their == "UNKNOWN" ? [] : their.components(separatedBy: " and/or ").flatMap { $0.components(separatedBy: " or ") }.flatMap { $0.components(separatedBy: " and ") }
            guard let ours else { counts["Vouch declines", default: 0] += 1; continue }
            let a = Set(ours.map(family)), b = Set(theirIDs.map(family))
            if a == b {
                counts["agree", default: 0] += 1
            } else if b.isEmpty {
                counts["licensecheck names nothing", default: 0] += 1
            } else if b.isSubset(of: a) {
                counts["licensecheck names fewer", default: 0] += 1
            } else {
                different.append("\(file): Vouch \(ours), licensecheck \(their)")
            }
        }
        print("licensecheck on \(files.count) license files: \(counts.sorted { $0.key < $1.key }), different: \(different.count)")
        #expect(different.isEmpty, "\(different)")
        #expect((counts["agree"] ?? 0) >= 250)
    }

    /// The derived licenses' notes (SPDX licenseComments, CycloneDX acknowledgement and text) keep every
    /// format valid under the official validators.
    @Test(.enabled(if: Peers.shouldRun("python3", "python", "pyspdxtools")))
    func documentsWithLicenseNotesPassTheValidators() throws {
        let venv = try Self.venv()
        let resolver = try DirectoryFileResolver(path: venv)
        var document = try SBOMGenerator().generate(resolver, options: CatalogOptions(defaultMachine: PythonInterpreter.hostMachine))
        // The packages with notes, from every source that writes them (the validators are slow on 300).
        var kept: [SBOMPackage] = []
        for source in [PackageLicense.Source.licenseName, .licenseFieldText, .licenseFiles, .licenseText] {
            kept += document.packages.filter { $0.license.source == source && !$0.license.notes.isEmpty && $0.containment == .installed }.prefix(8)
        }
        let keptIDs = Set(kept.map(\.id))
        document.packages = kept
        document.dependencies = document.dependencies.filter { keptIDs.contains($0.from) && keptIDs.contains($0.to) }
        document.unsatisfied = []
        let directory = try TemporaryDirectory("license-validate")
        let python = try Peers.require("python")
        for (kind, version) in [("json", "1.6"), ("json", "1.5"), ("xml", "1.6"), ("xml", "1.5")] {
            let text = try SBOMGenerator.encodeText(document, as: kind == "json" ? .cycloneDXJSON : .cycloneDXXML, options: SBOMEncodingOptions(cycloneDXVersion: version))
            #expect(text.contains("by SPDX template, score "))
            let acknowledgement = kind == "json" ? "\"acknowledgement\": \"declared\"" : "<license acknowledgement=\"declared\">"
            #expect(text.contains(acknowledgement) == (version == "1.6"))
            let file = try directory.write("venv.cdx.\(kind)", text)
            let result = try CommandRunner.run(python, [Fixtures.path("sbom/validate-cyclonedx.py"), kind, version, file])
            #expect(result.status == 0, "\(kind) \(version): \(result.stdout)\(result.stderr)")
        }
        let tool = try Peers.require("pyspdxtools")
        for format in [SBOMFormat.spdxJSON, .spdxTagValue] {
            let text = try SBOMGenerator.encodeText(document, as: format)
            #expect(text.contains(format == .spdxJSON ? "\"licenseComments\": " : "PackageLicenseComments: <text>"))
            let file = try directory.write(format == .spdxJSON ? "venv.spdx.json" : "venv.spdx", text)
            let result = try CommandRunner.run(tool, ["-i", file])
            let problems = (result.stdout + result.stderr).split(separator: "\n").filter { !$0.contains("Generating LALR tables") }
            #expect(result.status == 0 && problems.isEmpty, "\(format): \(problems.prefix(5))")
        }
    }
}

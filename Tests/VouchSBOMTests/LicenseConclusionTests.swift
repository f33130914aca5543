import Foundation
import Testing
import VouchCore
import VouchTestSupport
@testable import VouchSBOM

/// The license Vouch concludes (SPDX `licenseConcluded`, CycloneDX `acknowledgement: concluded`): the
/// declared license, only when the distribution's license files are identified against the SPDX texts and
/// name exactly the declared ids; NOASSERTION (nil) otherwise.
@Suite struct LicenseConclusionTests {
    static let mit = "licenses/gunicorn-27.0.1-LICENSE"
    static let bsd2 = "licenses/packaging-24.2-LICENSE.BSD"
    static let psf = "licenses/defusedxml-0.7.1-LICENSE"

    /// Resolves `headers` with license files at `/NAME` holding the fixtures `files` names; counts reads.
    static func resolve(_ headers: String, _ files: [String: String]) throws -> (declared: PackageLicense, concluded: PackageLicense?, reads: [String: Int]) {
        let metadata = try CoreMetadata(parsing: Array("Metadata-Version: 2.4\nName: x\nVersion: 1\n\(headers)".utf8), path: "METADATA")
        var texts: [String: String] = [:]
        for (name, fixture) in files { texts["/" + name] = fixture.isEmpty ? "" : String(decoding: try Fixtures.bytes(fixture), as: UTF8.self) }
        var reads: [String: Int] = [:]
        let result = PythonLicenseResolver.resolveDeclaredAndConcluded(metadata, referenceStem: "x-1", licenseFiles: files.keys.sorted().map { "/" + $0 }) { path in
            reads[path, default: 0] += 1
            return texts[path]
        }
        return (result.declared, result.concluded, reads)
    }

    @Test func anMITLicenseFileConcludesTheDeclaredMIT() throws {
        let result = try Self.resolve("License-Expression: MIT\n", ["LICENSE": Self.mit])
        let concluded = try #require(result.concluded)
        #expect(concluded.expression == "MIT")
        #expect(concluded.notes.first?.hasPrefix("concluded by Vouch") == true, "\(concluded.notes)")
        #expect(concluded.notes.contains("LICENSE: MIT by SPDX template, score 1.000"), "\(concluded.notes)")
    }

    @Test func filesForEachAlternativeConcludeTheDeclaredChoice() throws {
        let result = try Self.resolve("License-Expression: MIT OR BSD-2-Clause\n", ["LICENSE-MIT": Self.mit, "LICENSE-BSD": Self.bsd2])
        #expect(result.concluded?.expression == "MIT OR BSD-2-Clause")
    }

    @Test func aFileOfAnotherLicenseConcludesNothing() throws {
        #expect(try Self.resolve("License-Expression: Apache-2.0\n", ["LICENSE": Self.mit]).concluded == nil)
    }

    @Test func aBundledLicenseTheDeclarationDoesNotNameConcludesNothing() throws {
        #expect(try Self.resolve("License-Expression: MIT\n", ["LICENSE": Self.mit, "LICENSE.BSD": Self.bsd2]).concluded == nil)
    }

    @Test func aDeclaredLicenseNoFileHoldsConcludesNothing() throws {
        #expect(try Self.resolve("License-Expression: MIT OR Apache-2.0\n", ["LICENSE": Self.mit]).concluded == nil)
    }

    @Test func aFileNotIdentifiedOrNotReadableConcludesNothing() throws {
        #expect(try Self.resolve("License-Expression: MIT\n", ["LICENSE": Self.mit, "COPYING": ""]).concluded == nil)
        let metadata = try CoreMetadata(parsing: Array("Metadata-Version: 2.4\nName: x\nVersion: 1\nLicense-Expression: MIT\n".utf8), path: "METADATA")
        let unreadable = PythonLicenseResolver.resolveDeclaredAndConcluded(metadata, referenceStem: "x-1", licenseFiles: ["/LICENSE"]) { _ in nil }
        #expect(unreadable.declared.expression == "MIT")
        #expect(unreadable.concluded == nil)
    }

    @Test func aCreditsFileBesideTheLicenseIsLeftOut() throws {
        let metadata = try CoreMetadata(parsing: Array("Metadata-Version: 2.4\nName: x\nVersion: 1\nLicense-Expression: MIT\n".utf8), path: "METADATA")
        let mit = String(decoding: try Fixtures.bytes(Self.mit), as: UTF8.self)
        let result = PythonLicenseResolver.resolveDeclaredAndConcluded(metadata, referenceStem: "x-1", licenseFiles: ["/AUTHORS", "/LICENSE"]) { path in
            path == "/AUTHORS" ? "Jane Doe <jane@example.com>\nJohn Roe\n" : mit
        }
        #expect(result.concluded?.expression == "MIT")
    }

    @Test func noLicenseFilesConcludeNothing() throws {
        #expect(try Self.resolve("License-Expression: MIT\n", [:]).concluded == nil)
    }

    @Test func aLicenseRefOrAnExceptionIsNeverConcluded() throws {
        #expect(try Self.resolve("License-Expression: MIT AND LicenseRef-Extra\n", ["LICENSE": Self.mit]).concluded == nil)
        #expect(try Self.resolve("License-Expression: PSF-2.0 WITH LLVM-exception\n", ["LICENSE": Self.psf]).concluded == nil)
    }

    @Test func aLicenseDerivedFromTheFilesReadsEachFileOnce() throws {
        let result = try Self.resolve("", ["LICENSE": Self.mit, "LICENSE.BSD": Self.bsd2])
        #expect(result.declared.source == .licenseFiles)
        #expect(result.declared.expression == "BSD-2-Clause AND MIT" || result.declared.expression == "MIT AND BSD-2-Clause", "\(result.declared)")
        #expect(result.concluded?.expression == result.declared.expression)
        #expect(result.reads == ["/LICENSE": 1, "/LICENSE.BSD": 1])
    }
}

import Foundation
import Testing
import VouchCore
import VouchSBOM
import VouchTestSupport

/// One test per named limit of the SBOM reader and the license-file report, named after the limit: each
/// drives input over it and asserts the error names the limit, the value found and the file.
@Suite("SBOM limits")
struct SBOMLimitTests {
    /// A sparse file of `size` bytes (zeros), so a file past a large limit costs no disk.
    static func sparseFile(_ name: String, size: Int, in directory: TemporaryDirectory) throws -> String {
        let path = try directory.write(name, [])
        let handle = try #require(FileHandle(forWritingAtPath: path))
        try handle.truncate(atOffset: UInt64(size))
        try handle.close()
        return path
    }

    /// The reader stops after limit + 1 bytes, so a sparse file one byte over the 256 MiB bound is enough.
    @Test func maximumDocumentBytes() throws {
        let directory = try TemporaryDirectory("sbom-document-limit")
        let limit = SBOMReader.maximumDocumentBytes
        let path = try Self.sparseFile("big.spdx.json", size: limit + 1, in: directory)
        let error = #expect(throws: VouchError.self) { try SBOMReader.read(path: path) }
        #expect(error?.limit?.name == "maximumDocumentBytes")
        #expect(error?.limit == VouchError.LimitViolation(name: "maximumDocumentBytes", limit: Int64(limit), found: Int64(limit + 1)))
        #expect(error?.path == path)
    }

    @Test func maximumPackages() throws {
        let limit = SBOMReader.maximumPackages
        let packages = Array(repeating: "{}", count: limit + 1).joined(separator: ",")
        let json = Array(#"{"spdxVersion":"SPDX-2.3","packages":[\#(packages)]}"#.utf8)
        let error = #expect(throws: VouchError.self) { try SBOMReader.read(json, path: "many.spdx.json") }
        #expect(error?.limit?.name == "maximumPackages")
        #expect(error?.limit == VouchError.LimitViolation(name: "maximumPackages", limit: Int64(limit), found: Int64(limit + 1)))
        #expect(error?.path == "many.spdx.json")
    }

    /// The size is checked before reading, so a sparse file one byte over the 1 MiB bound is enough.
    @Test func maximumLicenseFileBytes() throws {
        let directory = try TemporaryDirectory("license-file-limit")
        let limit = PythonLicenseResolver.maximumLicenseFileBytes
        let path = try Self.sparseFile("LICENSE", size: limit + 1, in: directory)
        let error = #expect(throws: VouchError.self) { try LicenseFileReport.identify([path]) }
        #expect(error?.limit?.name == "maximumLicenseFileBytes")
        #expect(error?.limit == VouchError.LimitViolation(name: "maximumLicenseFileBytes", limit: Int64(limit), found: Int64(limit + 1)))
        #expect(error?.path == path)
    }
}

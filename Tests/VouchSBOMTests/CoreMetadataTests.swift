import Testing
import VouchCore
@testable import VouchSBOM

@Suite struct CoreMetadataTests {
    private func parse(_ text: String, limits: CoreMetadataLimits = .default) throws(VouchError) -> CoreMetadata {
        try CoreMetadata(parsing: Array(text.utf8), path: "pkg.dist-info/METADATA", limits: limits)
    }

    @Test func parsesHeadersContinuationLinesAndBody() throws {
        let text = "Metadata-Version: 2.1\nName: Demo_Pkg\nVersion: 1.0\nLicense: Line one\n        line two\n            indented\nClassifier: A\nClassifier: B\n\nThe body.\n"
        let metadata = try parse(text)
        #expect(metadata.name == "Demo_Pkg")
        #expect(metadata.version == "1.0")
        #expect(metadata.license == "Line one\nline two\n    indented")
        #expect(metadata.classifiers == ["A", "B"])
        #expect(metadata.body == "The body.\n")
        #expect(metadata.description == "The body.\n")
    }

    @Test func headerBlockEndIsJustAfterTheBlankLine() {
        #expect(CoreMetadata.headerBlockEnd(Array("Name: a\n\nbody".utf8)) == 9)
        #expect(CoreMetadata.headerBlockEnd(Array("Name: a\r\n\r\nbody".utf8)) == 11)
        #expect(CoreMetadata.headerBlockEnd(Array("Name: a\nLicense: x\n  more\n".utf8)) == nil)
    }

    @Test func headerNamesAreCaseInsensitive() throws {
        let metadata = try parse("metadata-version: 2.1\nNAME: x\nversion: 1\nrequires-dist: a\nRequires-Dist: b\n")
        #expect(metadata.name == "x")
        #expect(metadata.requiresDist == ["a", "b"])
    }

    @Test func crlfLineEndingsAreStrippedFromHeadersAndBody() throws {
        let metadata = try parse("Metadata-Version: 2.1\r\nName: crlf\r\nVersion: 1.0\r\nLicense: ISC\r\n\r\nLine one.\r\nLine two.\r\n")
        #expect(metadata.name == "crlf")
        #expect(metadata.license == "ISC")
        #expect(metadata.body == "Line one.\nLine two.\n")
    }

    @Test func utf8TextAndByteOrderMarkAreRead() throws {
        let bytes: [UInt8] = [0xEF, 0xBB, 0xBF] + Array("Metadata-Version: 2.1\nName: x\nVersion: 1\nAuthor: Jürgen Müller ✓\n".utf8)
        let metadata = try CoreMetadata(parsing: bytes, path: "METADATA")
        #expect(metadata.metadataVersion == "2.1")
        #expect(metadata.author == "Jürgen Müller ✓")
    }

    @Test func invalidUTF8IsReplacedNotRejected() throws {
        let bytes = Array("Metadata-Version: 2.1\nName: x\nVersion: 1\nSummary: a".utf8) + [0xFF, 0xFE] + Array("b\n".utf8)
        let metadata = try CoreMetadata(parsing: bytes, path: "METADATA")
        #expect(metadata.summary == "a\u{FFFD}\u{FFFD}b")
    }

    @Test(arguments: ["1.0", "1.1", "1.2", "2.0", "2.1", "2.2", "2.3", "2.4", "2.5"])
    func everyMetadataVersionOfTheSpecIsAccepted(version: String) throws {
        let metadata = try parse("Metadata-Version: \(version)\nName: x\nVersion: 1\n")
        #expect(metadata.metadataVersion == version)
    }

    @Test func descriptionHeaderOfOldMetadataIsTheDescription() throws {
        let metadata = try parse("Metadata-Version: 1.1\nName: x\nVersion: 1\nDescription: First\n       |Second\n")
        #expect(metadata.description == "First\nSecond")
    }

    @Test func aFutureMajorMetadataVersionIsUnsupported() {
        #expect(throws: VouchError.self) { try parse("Metadata-Version: 3.0\nName: x\nVersion: 1\n") }
    }

    @Test func aHeaderLineWithoutColonIsMalformedAndNamesTheFile() {
        do {
            _ = try parse("Metadata-Version: 2.1\nName x\n")
            Issue.record("expected an error")
        } catch {
            #expect(error.code == .malformedInput)
            #expect(error.path == "pkg.dist-info/METADATA")
        }
    }

    @Test func maximumFileBytesLimitsTheFileSize() {
        let limits = CoreMetadataLimits(maximumFileBytes: 32, maximumHeaderCount: 100)
        do {
            _ = try parse("Metadata-Version: 2.1\nName: x\nVersion: 1\nSummary: too long\n", limits: limits)
            Issue.record("expected a limit error")
        } catch {
            #expect(error.code == .limitExceeded)
            #expect(error.limit?.name == "maximumFileBytes")
            #expect(error.limit?.limit == 32)
        }
    }

    @Test func maximumHeaderCountLimitsTheHeaders() {
        let limits = CoreMetadataLimits(maximumFileBytes: 1 << 20, maximumHeaderCount: 3)
        do {
            _ = try parse("Metadata-Version: 2.1\nName: x\nVersion: 1\nSummary: four\n", limits: limits)
            Issue.record("expected a limit error")
        } catch {
            #expect(error.code == .limitExceeded)
            #expect(error.limit?.name == "maximumHeaderCount")
            #expect(error.limit?.found == 4)
        }
    }
}

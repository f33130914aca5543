import Foundation
import Testing
import VouchCore
import VouchTestSupport
@testable import VouchSBOM

@Suite struct DirectoryFileResolverTests {
    @Test func readsListsAndGlobsInsideTheRoot() throws {
        let directory = try TemporaryDirectory("sbom-resolver")
        try directory.write("a/b/one.txt", "1")
        try directory.write("a/c/two.txt", "22")
        let resolver = try DirectoryFileResolver(path: directory.path)
        #expect(try resolver.contents(of: "/a/b/one.txt", maximumBytes: 10) == Array("1".utf8))
        #expect(try resolver.list("/a") == ["b", "c"])
        #expect(try resolver.glob("/a/*/*.txt") == ["/a/b/one.txt", "/a/c/two.txt"])
        #expect(try resolver.glob("/**/two.txt") == ["/a/c/two.txt"])
        #expect(try resolver.info("/a/c/two.txt")?.size == 2)
        #expect(try resolver.info("/missing") == nil)
    }

    @Test func symlinksNeverLeaveTheRoot() throws {
        let outside = try TemporaryDirectory("sbom-outside")
        try outside.write("secret.txt", "secret")
        let directory = try TemporaryDirectory("sbom-root")
        try directory.write("inside.txt", "inside")
        try FileManager.default.createSymbolicLink(atPath: directory.path + "/absolute", withDestinationPath: outside.path + "/secret.txt")
        try FileManager.default.createSymbolicLink(atPath: directory.path + "/dotdot", withDestinationPath: "../../../../../../" + outside.path + "/secret.txt")
        try FileManager.default.createSymbolicLink(atPath: directory.path + "/rooted", withDestinationPath: "/inside.txt")
        let resolver = try DirectoryFileResolver(path: directory.path)
        // An absolute target restarts at the root, as in a chroot; `..` stops at the root.
        #expect(throws: VouchError.self) { try resolver.contents(of: "/absolute", maximumBytes: 100) }
        #expect(throws: VouchError.self) { try resolver.contents(of: "/dotdot", maximumBytes: 100) }
        #expect(try resolver.contents(of: "/rooted", maximumBytes: 100) == Array("inside".utf8))
        #expect(try resolver.contents(of: "/../../inside.txt", maximumBytes: 100) == Array("inside".utf8))
        #expect(try resolver.info("/absolute")?.kind == .symlink)
    }

    @Test func remembersDirectoriesWithoutFollowingLinksOutOfTheRoot() throws {
        // Lookups inside a directory resolved before take a shortcut; links inside it must still be
        // resolved the chroot way, however warm that shortcut is.
        let outside = try TemporaryDirectory("sbom-outside-warm")
        try outside.write("secret.txt", "secret")
        let directory = try TemporaryDirectory("sbom-root-warm")
        try directory.write("real/file.txt", "real")
        try FileManager.default.createSymbolicLink(atPath: directory.path + "/real/escape", withDestinationPath: outside.path + "/secret.txt")
        try FileManager.default.createSymbolicLink(atPath: directory.path + "/real/escapedir", withDestinationPath: outside.path)
        try FileManager.default.createSymbolicLink(atPath: directory.path + "/link", withDestinationPath: "/real")
        let resolver = try DirectoryFileResolver(path: directory.path)
        for _ in 0..<2 {
            #expect(try resolver.contents(of: "/real/file.txt", maximumBytes: 100) == Array("real".utf8))
            #expect(try resolver.contents(of: "/link/file.txt", maximumBytes: 100) == Array("real".utf8))
            #expect(try resolver.list("/link") == ["escape", "escapedir", "file.txt"])
            #expect(throws: VouchError.self) { try resolver.contents(of: "/real/escape", maximumBytes: 100) }
            #expect(throws: VouchError.self) { try resolver.contents(of: "/real/escapedir/secret.txt", maximumBytes: 100) }
            #expect(try resolver.list("/real/escapedir").isEmpty)
            #expect(try resolver.info("/real/escape")?.kind == .symlink)
            #expect(try resolver.info("/link/file.txt")?.path == "/real/file.txt")
        }
    }

    @Test func entriesNamedGivesOnlyTheWantedNamesThatExist() throws {
        let directory = try TemporaryDirectory("sbom-named")
        try directory.write("pkg/_vendor/x.txt", "x")
        try directory.write("pkg/vendor", "a file")
        try directory.write("pkg/vendorx/y.txt", "y")
        try directory.write("pkg/module.py", "")
        let resolver = try DirectoryFileResolver(path: directory.path)
        #expect(try resolver.entries("/pkg", named: ["_vendor", "vendor", "extern"]) == ["_vendor", "vendor"])
        #expect(try resolver.entries("/pkg/module.py", named: ["_vendor"]).isEmpty)
        #expect(try resolver.entries("/missing", named: ["_vendor"]).isEmpty)
    }

    @Test func leadingContentsStopsOnceTheCallerHasEnough() throws {
        let directory = try TemporaryDirectory("sbom-leading")
        let size = 4 * DirectoryFileResolver.leadingChunkBytes
        try directory.write("long", "head\n\n" + String(repeating: "x", count: size - 6))
        let resolver = try DirectoryFileResolver(path: directory.path)
        let head = try resolver.leadingContents(of: "/long", maximumBytes: size) { $0.starts(with: Array("head\n\n".utf8)) }
        #expect(head.count == DirectoryFileResolver.leadingChunkBytes)
        #expect(try resolver.leadingContents(of: "/long", maximumBytes: size) { _ in false }.count == size)
        // The file-size limit holds even when only the start is wanted.
        do {
            _ = try resolver.leadingContents(of: "/long", maximumBytes: size - 1) { _ in true }
            Issue.record("expected a limit error")
        } catch {
            #expect(error.limit?.name == "maximumBytes")
        }
    }

    @Test func aFileThatCannotBeOpenedIsNotReportedAsMissing() throws {
        let directory = try TemporaryDirectory("sbom-open-failure")
        try directory.write("present.txt", "x")
        let resolver = try DirectoryFileResolver(path: directory.path)
        _ = try resolver.contents(of: "/present.txt", maximumBytes: 10)  // the root is now a remembered directory
        do {
            _ = try resolver.contents(of: "/missing.txt", maximumBytes: 10)
            Issue.record("expected an error")
        } catch {
            #expect(error.code == .fileNotFound)
        }
        do {
            _ = try resolver.contents(of: "/" + String(repeating: "n", count: 300), maximumBytes: 10)
            Issue.record("expected an error")
        } catch {
            #expect(error.code == .ioFailure, "ENAMETOOLONG is an I/O failure, not a missing file: \(error)")
            #expect(error.reason.contains("open failed"))
        }
    }

    @Test func maximumSymlinkHopsStopsLoops() throws {
        let directory = try TemporaryDirectory("sbom-loop")
        try FileManager.default.createSymbolicLink(atPath: directory.path + "/a", withDestinationPath: "b")
        try FileManager.default.createSymbolicLink(atPath: directory.path + "/b", withDestinationPath: "a")
        let resolver = try DirectoryFileResolver(path: directory.path)
        do {
            _ = try resolver.contents(of: "/a", maximumBytes: 10)
            Issue.record("expected a limit error")
        } catch {
            #expect(error.limit?.name == "maximumSymlinkHops")
        }
    }

    @Test func maximumBytesIsAnErrorNotATruncation() throws {
        let directory = try TemporaryDirectory("sbom-big")
        try directory.write("big", String(repeating: "x", count: 100))
        let resolver = try DirectoryFileResolver(path: directory.path)
        do {
            _ = try resolver.contents(of: "/big", maximumBytes: 10)
            Issue.record("expected a limit error")
        } catch {
            #expect(error.limit?.name == "maximumBytes")
            #expect(error.path == "/big")
        }
    }

    @Test func aFileIsNotADirectorySource() throws {
        let directory = try TemporaryDirectory("sbom-file")
        let file = try directory.write("file", "x")
        #expect(throws: VouchError.self) { try DirectoryFileResolver(path: file) }
        #expect(throws: VouchError.self) { try DirectoryFileResolver(path: directory.path + "/missing") }
    }
}

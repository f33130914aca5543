import Testing
@testable import VouchArchive

/// The byte-scanning fast paths of ``ArchivePath`` (they run for every entry of every layer) agree with
/// the component-splitting definitions they shortcut.
@Suite struct ArchivePathTests {
    static let paths = [
        "", "/", "//", ".", "./", "..", "../", "a", "a/", "/a", "./a", "a/.", "a/./b", "a//b", "a/b/c", "a/.b", "a/b.", "a/..b",
        "a/../b", "../a", "a/..", "...", "a/.../b", ".wh..wh..opq", "opt/venv/lib/python3.12/site-packages/x.dist-info/RECORD",
        "./usr/bin/", "usr//lib///x", "é/ü.txt", "a/./", "././a", "a/b/./../c",
    ]

    @Test("normalized(path) is the components joined by single slashes, with or without the fast path", arguments: paths)
    func normalizedMatchesComponents(path: String) {
        #expect(ArchivePath.normalized(path) == ArchivePath.components(path).joined(separator: "/"))
        #expect(ArchivePath.isNormalized(path) == (ArchivePath.components(path).joined(separator: "/") == path))
    }

    @Test("hasParentComponent(path) is true exactly when a component is '..'", arguments: paths)
    func parentComponentMatchesComponents(path: String) {
        #expect(ArchivePath.hasParentComponent(path) == ArchivePath.components(path).contains(".."))
    }
}

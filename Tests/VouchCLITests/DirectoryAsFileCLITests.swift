import Foundation
import Testing
import VouchTestSupport

/// A directory given where a file is expected is exit 2 "is a directory", never an empty file read as
/// invalid base64 or a non-object, and never Foundation's `NSCocoaErrorDomain` text.
@Suite("A directory where a file is expected")
struct DirectoryAsFileCLITests {
    final class Workspace: Sendable {
        let directory: TemporaryDirectory
        let file: String, signature: String, predicate: String, folder: String, key: String, pub: String

        init() throws {
            directory = try TemporaryDirectory()
            file = try directory.write("blob.txt", "hello\n")
            predicate = try directory.write("predicate.json", "{}\n")
            folder = directory.path + "/folder"
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            let generated = try CommandRunner.vouch(["key", "generate", "--no-password", "--output-prefix", directory.path + "/k"])
            try #require(generated.status == 0, "\(generated.stderr)")
            key = directory.path + "/k.key"
            pub = directory.path + "/k.pub"
            let signed = try CommandRunner.vouch(["sign-blob", file, "--key", key])
            try #require(signed.status == 0, "\(signed.stderr)")
            signature = try directory.write("blob.sig", signed.stdout)
        }
    }

    static let cases: [(name: String, arguments: @Sendable (Workspace) -> [String])] = [
        ("verify-blob --signature DIR", { ["verify-blob", $0.file, "--signature", $0.folder, "--key", $0.pub] }),
        ("verify-blob --key DIR", { ["verify-blob", $0.file, "--signature", $0.signature, "--key", $0.folder] }),
        ("attest --predicate DIR", { ["attest", $0.file, "--predicate", $0.folder, "--type", "spdx", "--key", $0.key] }),
        ("sign-blob --key DIR", { ["sign-blob", $0.file, "--key", $0.folder] }),
        ("key convert DIR", { ["key", "convert", $0.folder, "--to", "pkcs8", "--output", $0.directory.path + "/out.key"] }),
        ("verify-attestation --attestation DIR", { ["verify-attestation", $0.file, "--attestation", $0.folder, "--key", $0.pub] }),
        ("secrets scan --config DIR", { ["secrets", "scan", "--config", $0.folder, $0.file] }),
        ("secrets scan --baseline DIR", { ["secrets", "scan", "--baseline", $0.folder, $0.file] }),
    ]

    /// `verify-blob --bundle DIR` verifies every bundle in DIR (keyless batches); a directory holding none
    /// is exit 2 saying so, not a pass and not a failed verification.
    @Test("verify-blob --bundle DIR with no bundles in it is exit 2 naming the directory")
    func bundleDirectoryWithoutBundles() throws {
        let workspace = try Workspace()
        let result = try CommandRunner.vouch(["verify-blob", workspace.file, "--bundle", workspace.folder, "--key", workspace.pub])
        #expect(result.status == 2, "\(result.stdout) \(result.stderr)")
        #expect(result.stderr.hasPrefix("vouch: error: \(workspace.folder): no bundles"), "\(result.stderr)")
    }

    @Test("each is exit 2 naming the directory with 'is a directory', with no Foundation error text", arguments: 0..<cases.count)
    func directoryWhereAFileIsExpected(index: Int) throws {
        let workspace = try Workspace()
        let (name, arguments) = Self.cases[index]
        let result = try CommandRunner.vouch(arguments(workspace))
        #expect(result.status == 2, "\(name): \(result.stdout) \(result.stderr)")
        #expect(result.stderr.hasPrefix("vouch: error: \(workspace.folder): is a directory"), "\(name): \(result.stderr)")
        #expect(!result.stderr.contains("NSCocoaErrorDomain"), "\(name)")
        #expect(!result.stderr.contains("The operation could not be completed"), "\(name)")
    }

    @Test("no command formats a Foundation error's localizedDescription or interpolates a caught error raw")
    func noFoundationErrorTextInSources() throws {
        let root = Fixtures.repositoryRoot.appendingPathComponent("Sources").path
        let paths = (FileManager.default.enumerator(atPath: root)?.allObjects as? [String] ?? []).filter { $0.hasSuffix(".swift") }
        var offenders: [String] = []
        for path in paths {
            let text = try String(contentsOfFile: root + "/" + path, encoding: .utf8)
            if text.contains(".localizedDescription") { offenders.append("\(path): localizedDescription") }
        }
        #expect(offenders.isEmpty, "\(offenders)")
    }
}

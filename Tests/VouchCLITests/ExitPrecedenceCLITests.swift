import Foundation
import Testing
import VouchTestSupport

/// Which exit code wins when a scan finds secrets and also meets a file it cannot read (README, exit codes).
/// An unreadable file needs a process without CAP_DAC_OVERRIDE: as root the test drops it with setpriv.
@Suite("exit code precedence")
struct ExitPrecedenceCLITests {
    static let canDropCapabilities = getuid() == 0 && FileManager.default.isExecutableFile(atPath: "/usr/bin/setpriv")

    static func scan(_ paths: [String], in directory: TemporaryDirectory) throws -> CommandResult {
        try CommandRunner.run("/usr/bin/setpriv", [
            "--inh-caps=-dac_override,-dac_read_search", "--bounding-set=-dac_override,-dac_read_search",
            CommandRunner.vouchPath, "secrets", "scan",
        ] + paths, in: directory.path)
    }

    @Test("findings and an unreadable file together exit 1 naming the file; an unreadable file alone exits 2",
          .enabled(if: canDropCapabilities))
    func findingsWinOverAnUnreadableFile() throws {
        let directory = try TemporaryDirectory("exit-precedence")
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")
        let token = "ghp_" + String((0..<36).map { _ in alphabet.randomElement()! })
        _ = try directory.write("dirty.txt", "GITHUB_TOKEN=\(token)\n")
        _ = try directory.write("clean.txt", "nothing here\n")
        let locked = try directory.write("locked.txt", "nothing here either\n")
        try FileManager.default.setAttributes([.posixPermissions: 0], ofItemAtPath: locked)

        let both = try Self.scan(["dirty.txt", "locked.txt"], in: directory)
        #expect(both.status == 1, "\(both.stdout)\(both.stderr)")
        #expect(both.stderr.contains("locked.txt"), "\(both.stderr)")
        let unreadOnly = try Self.scan(["clean.txt", "locked.txt"], in: directory)
        #expect(unreadOnly.status == 2, "\(unreadOnly.stdout)\(unreadOnly.stderr)")
        #expect(unreadOnly.stderr.contains("locked.txt: open failed"), "\(unreadOnly.stderr)")
    }
}

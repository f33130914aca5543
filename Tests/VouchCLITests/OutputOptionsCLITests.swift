import Foundation
import Testing
import VouchTestSupport

/// `-q/--quiet`, `-v/--verbose`, `--no-color` and `NO_COLOR` on every command.
@Suite("Shared output options")
struct OutputOptionsCLITests {
    static let commands: [[String]] = [
        ["digest"], ["image", "verify"], ["image", "inspect"], ["image", "digest"], ["image", "ls"],
        ["sbom", "generate"], ["sbom", "verify-record"], ["key", "generate"], ["key", "convert"],
        ["sign-blob"], ["verify-blob"], ["attest"], ["verify-attestation"], ["provenance"], ["sign"], ["verify"],
        ["secrets", "scan"], ["secrets", "rules"], ["policy", "check"],
    ]

    @Test("every command's help offers -q/--quiet, -v/--verbose and --no-color", arguments: commands)
    func everyCommandAcceptsTheOutputOptions(command: [String]) throws {
        let help = try CommandRunner.vouch(command + ["--help"])
        #expect(help.status == 0)
        #expect(help.stdout.contains("-q, --quiet"), "\(command)")
        #expect(help.stdout.contains("-v, --verbose"), "\(command)")
        #expect(help.stdout.contains("--no-color"), "\(command)")
    }

    static func venvWithWarning(_ directory: TemporaryDirectory) throws -> String {
        _ = try directory.write("venv/pyvenv.cfg", "home = /usr/bin\nversion = 3.12.1\n")
        let info = "venv/lib/python3.12/site-packages/demo-1.0.dist-info"
        _ = try directory.write("\(info)/METADATA", "Metadata-Version: 2.1\nName: demo\nVersion: 1.0\nRequires-Dist: bad (((\n")
        _ = try directory.write("\(info)/RECORD", "")
        return directory.path + "/venv"
    }

    @Test("--quiet drops warnings from standard error; the document is still written")
    func quietDropsWarnings() throws {
        let directory = try TemporaryDirectory()
        let venv = try Self.venvWithWarning(directory)
        let loud = try CommandRunner.vouch(["sbom", venv], environment: ["SOURCE_DATE_EPOCH": "0"])
        #expect(loud.status == 0)
        #expect(loud.stderr.contains("vouch: warning: "))
        for flag in ["-q", "--quiet"] {
            let quiet = try CommandRunner.vouch(["sbom", venv, flag], environment: ["SOURCE_DATE_EPOCH": "0"])
            #expect(quiet.status == 0)
            #expect(quiet.stderr.isEmpty, "\(quiet.stderr)")
            #expect(quiet.stdout == loud.stdout)
        }
    }

    @Test("--verbose adds where an error was raised; without it the message is the same minus that")
    func verboseShowsTheSourceLocation() throws {
        let plain = try CommandRunner.vouch(["sign-blob", "/etc/hostname", "--key", "/no/such.key"])
        #expect(plain.status == 2)
        #expect(plain.stderr == "vouch: error: /no/such.key: no such key file\n")
        let verbose = try CommandRunner.vouch(["sign-blob", "/etc/hostname", "--key", "/no/such.key", "-v"])
        #expect(verbose.status == 2)
        #expect(verbose.stderr.hasPrefix("vouch: error: /no/such.key: no such key file (raised at VouchCrypto/"), "\(verbose.stderr)")
        let both = try CommandRunner.vouch(["digest", "-q", "-v", "/etc/hostname"])
        #expect(both.status == 64)
    }

    @Test("secrets scan colours rule names on a terminal unless --no-color or NO_COLOR is given", .enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/script")))
    func noColorOnATerminal() throws {
        let directory = try TemporaryDirectory()
        let token = "ghp_" + String((0..<36).map { Array("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")[($0 * 37 + 11) % 62] })
        let file = try directory.write("t.env", "TOKEN=\"\(token)\"\n")
        func onTerminal(_ prefix: String, _ extra: String) throws -> String {
            // script(1) gives the command a pseudo-terminal, so the scanner sees a terminal on standard output.
            // The colour case must not inherit a NO_COLOR from the environment the tests run in.
            let line = "env -u NO_COLOR \(prefix) '\(CommandRunner.vouchPath)' secrets scan \(extra) '\(file)'"
            return try CommandRunner.run("/usr/bin/script", ["-qec", line, "/dev/null"]).stdout
        }
        let coloured = try onTerminal("", "")
        #expect(coloured.contains("\u{1b}[1;31mgithub-pat"), "\(coloured)")
        #expect(!(try onTerminal("", "--no-color")).contains("\u{1b}["))
        #expect(!(try onTerminal("NO_COLOR=1", "")).contains("\u{1b}["))
        #expect(try onTerminal("", "--no-color").contains("github-pat: "))
    }
}

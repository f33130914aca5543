import Foundation
import Testing
import VouchTestSupport

@Suite("vouch digest and the command line")
struct DigestCommandTests {
    @Test("prints 'algorithm:hex  FILE' per file, like sha256sum with the OCI prefix")
    func textOutput() throws {
        let directory = try TemporaryDirectory()
        let a = try directory.write("a.txt", "hello\n")
        let b = try directory.write("b.txt", "")
        let result = try CommandRunner.vouch(["digest", a, b])
        #expect(result.status == 0)
        #expect(result.stdout == """
            sha256:5891b5b522d5df086d0ff0b110fbd9d21bb4fc7163af34d08286a2e846f6be03  \(a)
            sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855  \(b)

            """)
        #expect(result.stderr.isEmpty)
    }

    @Test("reads standard input for '-'", arguments: ["sha256", "sha384", "sha512"])
    func standardInput(algorithm: String) throws {
        let result = try CommandRunner.vouch(["digest", "--algorithm", algorithm, "-"], stdin: Array("abc".utf8))
        #expect(result.status == 0)
        let expected = [
            "sha256": "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
            "sha384": "cb00753f45a35e8bb5a03d699ac65007272c32ab0eded1631a8b605a43ff5bed8086072ba1e7cc2358baeca134c825a7",
            "sha512": "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f",
        ][algorithm]!
        #expect(result.stdout == "\(algorithm):\(expected)  -\n")
    }

    @Test("--format json gives the algorithm, digests, sizes and errors")
    func jsonOutput() throws {
        let directory = try TemporaryDirectory()
        let a = try directory.write("a.txt", "hello\n")
        let result = try CommandRunner.vouch(["digest", "--format", "json", a])
        #expect(result.status == 0)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(object["algorithm"] as? String == "sha256")
        let files = try #require(object["files"] as? [[String: Any]])
        #expect(files.count == 1)
        #expect(files[0]["path"] as? String == a)
        #expect(files[0]["size"] as? Int == 6)
        #expect(files[0]["digest"] as? String == "sha256:5891b5b522d5df086d0ff0b110fbd9d21bb4fc7163af34d08286a2e846f6be03")
        #expect((object["errors"] as? [Any])?.isEmpty == true)
    }

    @Test("a missing file exits 2 and names the path; the other files are still digested")
    func missingFile() throws {
        let directory = try TemporaryDirectory()
        let a = try directory.write("a.txt", "hello\n")
        let result = try CommandRunner.vouch(["digest", "/no/such/file", a])
        #expect(result.status == 2)
        #expect(result.stderr == "vouch: error: /no/such/file: no such file\n")
        #expect(result.stdout.hasSuffix("  \(a)\n"))
    }

    @Test("a directory exits 2 with the reason")
    func directoryArgument() throws {
        let directory = try TemporaryDirectory()
        let result = try CommandRunner.vouch(["digest", directory.path])
        #expect(result.status == 2)
        #expect(result.stderr == "vouch: error: \(directory.path): is a directory, not a file\n")
    }

    @Test("usage errors exit 64", arguments: [["nonsense"], ["digest"], ["digest", "--algorithm", "md5", "x"], ["digest", "--format", "xml", "x"]])
    func usageErrors(arguments: [String]) throws {
        let result = try CommandRunner.vouch(arguments)
        #expect(result.status == 64)
        #expect(result.stderr.contains("Usage:") || result.stderr.contains("Error:"))
    }

    @Test("--version prints the version and exits 0")
    func version() throws {
        let result = try CommandRunner.vouch(["--version"])
        #expect(result.status == 0)
        #expect(result.stdout.range(of: #"^\d+\.\d+\.\d+\n$"#, options: .regularExpression) != nil)
    }

    @Test("--help teaches: subcommands and the exit codes")
    func help() throws {
        let result = try CommandRunner.vouch(["--help"])
        #expect(result.status == 0)
        #expect(result.stdout.contains("digest"))
        #expect(result.stdout.contains("64 usage error"))
        let digestHelp = try CommandRunner.vouch(["digest", "--help"])
        #expect(digestHelp.stdout.contains("vouch digest layer.tar"))
    }
}

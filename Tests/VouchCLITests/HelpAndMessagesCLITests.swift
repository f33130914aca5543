import Foundation
import Testing
import VouchTestSupport

/// Help teaches without traps, and messages name the side.
@Suite("Help and messages")
struct HelpAndMessagesCLITests {
    @Test("help examples never wrap mid-command: every line is a command or a '\\' continuation", arguments: OutputOptionsCLITests.commands)
    func examplesNeverWrapMidCommand(command: [String]) throws {
        let help = try CommandRunner.vouch(command + ["--help"])
        #expect(help.status == 0)
        var inExamples = false
        var previous = ""
        for line in help.stdout.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
            if line == "Examples:" { inExamples = true; previous = ""; continue }
            guard inExamples else { continue }
            // The block ends at the blank line before USAGE; a line at column 0 inside it is a wrapped fragment.
            if line.isEmpty { break }
            let startsCommand = line.hasPrefix("  ") && !line.hasPrefix("   ")
            let continues = line.hasPrefix("    ") && previous.hasSuffix("\\")
            #expect(startsCommand || continues, "\(command): example line wrapped: '\(line)'")
            previous = line
        }
        #expect(!help.stdout.contains("Examples:") || previous.isEmpty == false, "\(command): empty examples")
    }

    @Test("--threads says its default once (one per CPU), not also 'default: 0'")
    func threadsDefaultPrintedOnce() throws {
        let help = try CommandRunner.vouch(["secrets", "scan", "--help"])
        let entry = help.stdout.components(separatedBy: "--threads <threads>").dropFirst().first ?? ""
        let text = (entry.components(separatedBy: "\n  -").first ?? "").split(whereSeparator: \.isWhitespace).joined(separator: " ")
        #expect(text.contains("one per CPU"), "\(text)")
        #expect(!text.contains("default: 0"), "\(text)")
        #expect(text.components(separatedBy: "default").count == 2, "\(text)")
    }

    @Test("attest --help offers no --rsa-pss (attestations are always PSS); sign-blob --help does")
    func attestHelpOffersNoInertFlag() throws {
        let attest = try CommandRunner.vouch(["attest", "--help"])
        #expect(attest.status == 0)
        #expect(!attest.stdout.contains("--rsa-pss"))
        let signBlob = try CommandRunner.vouch(["sign-blob", "--help"])
        #expect(signBlob.stdout.contains("--rsa-pss"))
        let passed = try CommandRunner.vouch(["attest", "f", "--predicate", "p", "--type", "spdx", "--key", "k", "--rsa-pss"])
        #expect(passed.status == 64)
    }

    @Test("vouch completion bash|zsh|fish prints each shell's completion script; another shell is a usage error",
          arguments: [("bash", "complete -o filenames -F _vouch vouch"), ("zsh", "#compdef vouch"), ("fish", "complete -c 'vouch'")])
    func completionCommand(shell: String, marker: String) throws {
        let result = try CommandRunner.vouch(["completion", shell])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains(marker))
        #expect(result.stdout.contains("verify-attestation"))
        let bad = try CommandRunner.vouch(["completion", "tcsh"])
        #expect(bad.status == 64)
    }

    @Test("verify-blob --bundle for another file says 'the bundle names X, the file is Y'")
    func bundleMessageNamesBothSides() throws {
        let directory = try TemporaryDirectory()
        let file = try directory.write("a.txt", "a\n")
        let other = try directory.write("b.txt", "b\n")
        let generated = try CommandRunner.vouch(["key", "generate", "--no-password", "--output-prefix", directory.path + "/k"])
        try #require(generated.status == 0, "\(generated.stderr)")
        let bundle = directory.path + "/a.sigstore.json"
        let signed = try CommandRunner.vouch(["sign-blob", file, "--key", directory.path + "/k.key", "--bundle", bundle])
        try #require(signed.status == 0, "\(signed.stderr)")
        let digests = try CommandRunner.vouch(["digest", file, other]).stdout.split(separator: "\n").map { String($0.split(separator: " ")[0]) }
        let result = try CommandRunner.vouch(["verify-blob", other, "--bundle", bundle, "--key", directory.path + "/k.pub"])
        #expect(result.status == 1)
        #expect(result.stdout.contains("the bundle names \(digests[0]), the file is \(digests[1])"), "\(result.stdout)")
    }

    @Test("a size-limit error prints the file's real size, not the limit plus one")
    func sizeLimitErrorPrintsTheRealSize() throws {
        let directory = try TemporaryDirectory()
        let file = try directory.write("a.txt", "a\n")
        let signature = directory.path + "/huge.sig"
        // Sparse: 70,000,000 bytes by size, nothing on disk; the limit is checked before reading.
        let made = try CommandRunner.shell("truncate -s 70000000 '\(signature)'")
        try #require(made.status == 0)
        let generated = try CommandRunner.vouch(["key", "generate", "--no-password", "--output-prefix", directory.path + "/k"])
        try #require(generated.status == 0, "\(generated.stderr)")
        let result = try CommandRunner.vouch(["verify-blob", file, "--signature", signature, "--key", directory.path + "/k.pub"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("\(signature): file size 70000000 exceeds the limit maxEnvelopeBytes=67108864"), "\(result.stderr)")
    }
}

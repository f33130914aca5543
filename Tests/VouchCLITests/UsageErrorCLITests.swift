import Foundation
import Testing
import VouchTestSupport

/// Usage errors are exit 64 with the `vouch: error:` prefix every other error has; bad option values
/// are usage errors; negative numbers are refused as negative; sizes take unit suffixes.
@Suite("Usage errors")
struct UsageErrorCLITests {
    @Test("attest --type bogus is a usage error (64) naming the option and the known types")
    func badOptionValueIsUsageError() throws {
        let directory = try TemporaryDirectory()
        let file = try directory.write("f.txt", "x")
        let predicate = try directory.write("p.json", "{}")
        let result = try CommandRunner.vouch(["attest", file, "--predicate", predicate, "--type", "bogus", "--key", directory.path + "/absent.key"])
        #expect(result.status == 64)
        #expect(result.stderr.hasPrefix("vouch: error: --type: unknown predicate type 'bogus'"), "\(result.stderr)")
        let verify = try CommandRunner.vouch(["verify-attestation", file, "--type", "bogus", "--key", directory.path + "/absent.pub"])
        #expect(verify.status == 64)
        #expect(verify.stderr.hasPrefix("vouch: error: --type: unknown predicate type 'bogus'"), "\(verify.stderr)")
    }

    @Test("usage errors carry the same 'vouch: error:' prefix as every other error",
          arguments: [["digest", "--algorithm", "md5", "x"], ["sbom"], ["secrets", "scan", "--no-such-flag"], ["image", "verify"]])
    func usageErrorsHaveTheVouchPrefix(arguments: [String]) throws {
        let result = try CommandRunner.vouch(arguments)
        #expect(result.status == 64)
        #expect(result.stderr.hasPrefix("vouch: error: "), "\(result.stderr)")
        #expect(!result.stderr.contains("\nError: "))
    }

    @Test("negative --max-file-size, --threads and --layer are refused as negative, not as a missing value")
    func negativeNumbersRefusedAsSuch() throws {
        let directory = try TemporaryDirectory()
        let file = try directory.write("f.txt", "x")
        let size = try CommandRunner.vouch(["secrets", "scan", "--max-file-size", "-5", file])
        #expect(size.status == 64)
        #expect(size.stderr.hasPrefix("vouch: error: --max-file-size must not be negative (got -5)"), "\(size.stderr)")
        let threads = try CommandRunner.vouch(["secrets", "scan", "--threads", "-2", file])
        #expect(threads.status == 64)
        #expect(threads.stderr.hasPrefix("vouch: error: --threads must not be negative (got -2)"), "\(threads.stderr)")
        let layer = try CommandRunner.vouch(["image", "ls", "--layer", "-1", file])
        #expect(layer.status == 64)
        #expect(layer.stderr.hasPrefix("vouch: error: --layer must not be negative (got -1)"), "\(layer.stderr)")
    }

    @Test("--max-file-size accepts unit suffixes: 1K skips a 2000-byte file, 10M and 1G scan it; 'lots' is refused")
    func sizesAcceptUnitSuffixes() throws {
        let directory = try TemporaryDirectory()
        let file = try directory.write("big.txt", String(repeating: "plain text line\n", count: 125))
        let small = try CommandRunner.vouch(["secrets", "scan", "--max-file-size", "1K", file])
        #expect(small.status == 0, "\(small.stderr)")
        #expect(small.stdout.contains("0 files") && small.stdout.contains("1 too large"), "\(small.stdout)")
        for size in ["10M", "1G", "512K", "2000"] {
            let large = try CommandRunner.vouch(["secrets", "scan", "--max-file-size", size, file])
            #expect(large.status == 0, "\(size): \(large.stderr)")
            #expect(large.stdout.contains("in 1 file") && !large.stdout.contains("too large"), "\(size): \(large.stdout)")
        }
        let bad = try CommandRunner.vouch(["secrets", "scan", "--max-file-size", "lots", file])
        #expect(bad.status == 64)
        #expect(bad.stderr.hasPrefix("vouch: error: --max-file-size: 'lots' is not a size"), "\(bad.stderr)")
    }
}

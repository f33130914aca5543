import Foundation
import Testing
import VouchCore
import VouchCrypto
import VouchTestSupport

/// `openssl dgst -<algorithm> -r FILE` as an OCI digest string.
private func opensslDigest(_ path: String, _ algorithm: DigestAlgorithm) throws -> String {
    let result = try CommandRunner.run(try Peers.require("openssl"), ["dgst", "-\(algorithm.name)", "-r", path])
    #expect(result.status == 0, "openssl failed: \(result.stderr)")
    return "\(algorithm.name):" + (result.stdout.split(separator: " ").first.map(String.init) ?? "")
}

@Suite("Digests agree with openssl dgst")
struct DigestHasherTests {
    @Test("known answers for the empty input")
    func emptyInput() throws {
        #expect(try DigestHasher.digest(of: [], algorithm: .sha256).hex
            == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(try DigestHasher.digest(of: [], algorithm: .sha384).hex
            == "38b060a751ac96384cd9327eb1b1e36a21fdb71114be07434c0cc7bf63f6e1da274edebfe76f65fbd51ad2f14898b95b")
        #expect(try DigestHasher.digest(of: [], algorithm: .sha512).hex.hasPrefix("cf83e1357eefb8bdf1542850d66d8007"))
    }

    @Test("file digests equal openssl's for every algorithm", .enabled(if: Peers.shouldRun("openssl")),
          arguments: DigestAlgorithm.allCases)
    func matchesOpenSSL(algorithm: DigestAlgorithm) throws {
        let directory = try TemporaryDirectory()
        var generator = SystemRandomNumberGenerator()
        // Sizes around the buffer size catch off-by-one errors in the read loop.
        for size in [0, 1, 55, 64, 4096, FileDigester.defaultBufferSize - 1, FileDigester.defaultBufferSize,
                     FileDigester.defaultBufferSize + 1, 3 * FileDigester.defaultBufferSize + 17] {
            let bytes = (0..<size).map { _ in UInt8.random(in: 0...255, using: &generator) }
            let path = try directory.write("blob-\(size)", bytes)
            let digest = try FileDigester(algorithm: algorithm).digest(path: path)
            #expect(digest.digest.description == (try opensslDigest(path, algorithm)), "size \(size)")
            #expect(digest.size == Int64(size))
            #expect(digest.digest == (try DigestHasher.digest(of: bytes, algorithm: algorithm)))
        }
    }

    @Test("a 1 GiB file digests like openssl's", .enabled(if: Peers.shouldRun("openssl")))
    func oneGibibyteFile() throws {
        let directory = try TemporaryDirectory()
        let path = directory.url.appendingPathComponent("big.bin").path
        // A sparse GiB with random bytes at both ends and one in the middle.
        let setup = try CommandRunner.shell("""
            truncate -s 1G '\(path)'
            head -c 4096 /dev/urandom | dd of='\(path)' conv=notrunc status=none
            head -c 4096 /dev/urandom | dd of='\(path)' bs=1 seek=536870000 conv=notrunc status=none
            head -c 4096 /dev/urandom | dd of='\(path)' bs=4096 seek=262143 conv=notrunc status=none
            """)
        #expect(setup.status == 0, "\(setup.stderr)")
        let digest = try FileDigester().digest(path: path)
        #expect(digest.size == 1 << 30)
        #expect(digest.digest.description == (try opensslDigest(path, .sha256)))
    }

    @Test("a hasher is reusable after finalize")
    func reuse() throws {
        let hasher = try DigestHasher(.sha256)
        hasher.update(Array("abc".utf8))
        let first = try hasher.finalize()
        hasher.update(Array("abc".utf8))
        #expect(try hasher.finalize() == first)
        #expect(first.hex == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }

    @Test("digestAll keeps going past an unreadable file and reports it")
    func digestAllCollectsFailures() throws {
        let directory = try TemporaryDirectory()
        let good = try directory.write("good.txt", "hello\n")
        let report = try FileDigester().digestAll(paths: [good, "/no/such/file", directory.path])
        #expect(report.files.map(\.path) == [good])
        #expect(report.errors == [
            InputFailure(path: "/no/such/file", reason: "no such file"),
            InputFailure(path: directory.path, reason: "is a directory, not a file"),
        ])
    }
}

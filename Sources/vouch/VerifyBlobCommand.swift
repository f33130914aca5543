import ArgumentParser
import Foundation
import VouchAttest
import VouchCore
import VouchCrypto

struct VerifyBlobCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify-blob",
        abstract: "Verify a file's signature (base64, as cosign writes it) or its Sigstore bundle, offline.",
        discussion: """
            Exit codes: 0 a signature verified with one of the keys; 1 none did (or the bundle is for \
            another file); 2 a file or key could not be read.

            Examples:
              vouch verify-blob release.tar.gz --key release.pub --signature release.tar.gz.sig
              vouch verify-blob app.bin --key a.pub --key b.pub --bundle app.bin.sigstore.json --format json
            """
    )

    @Argument(help: "The signed file.")
    var file: String

    @OptionGroup var keyOptions: VerificationKeyOptions

    @Option(help: "File holding the base64 signature.")
    var signature: String?

    @Option(help: "Sigstore bundle (v0.1 to v0.3 media types) holding a messageSignature.")
    var bundle: String?

    @Option(help: "Output format: text or json.")
    var format: OutputFormat = .text

    func validate() throws {
        if (signature == nil) == (bundle == nil) { throw ValidationError("Give exactly one of --signature or --bundle.") }
    }

    func run() throws {
        let keys = try keyOptions.load()
        let result: BlobVerification
        if let signature {
            let text = String(decoding: try InputFile.read(signature), as: UTF8.self)
            result = try BlobSignature.verify(path: file, signatureText: text, keys: keys)
        } else if let bundle {
            result = try BlobSignature.verify(path: file, bundle: SigstoreBundle(json: try InputFile.read(bundle), path: bundle), keys: keys)
        } else {
            return
        }
        switch format {
        case .text: print(VerificationText.blob(result), terminator: "")
        case .json: print(try JSONOutput.encode(result), terminator: "")
        }
        if !result.passed { throw ExitStatus.negativeVerdict.exitCode }
    }
}

/// Reads a signature, envelope or bundle file, bounded by ``AttestationLimits/maxEnvelopeBytes``.
enum InputFile {
    static func read(_ path: String) throws(VouchError) -> [UInt8] {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            if !FileManager.default.fileExists(atPath: path) { throw VouchError(.fileNotFound, "no such file", path: path) }
            throw VouchError(.ioFailure, "could not open the file", path: path)
        }
        defer { try? handle.close() }
        let limit = AttestationLimits.maxEnvelopeBytes
        let data = (try? handle.read(upToCount: limit + 1)) ?? Data()
        guard data.count <= limit else {
            throw VouchError.limitExceeded("maxEnvelopeBytes", limit: Int64(limit), found: Int64(data.count), path: path, what: "file size over")
        }
        return [UInt8](data)
    }
}

/// Human-readable verification reports.
enum VerificationText {
    static func signatures(_ checks: [SignatureCheck]) -> String {
        var out = ""
        for check in checks {
            let keyid = check.keyid.isEmpty ? "" : " (keyid \(check.keyid))"
            if let key = check.verifiedBy {
                out += "signature \(check.index)\(keyid): verified by \(key)\n"
            } else {
                out += "signature \(check.index)\(keyid): NOT verified\n"
                for failure in check.failures { out += "  - \(failure)\n" }
            }
        }
        return out
    }

    static func blob(_ result: BlobVerification) -> String {
        var out = signatures(result.signatures)
        for failure in result.failures { out += "FAILED \(failure)\n" }
        out += result.passed ? "Verified OK: \(result.file)\n" : "Verification FAILED: \(result.file)\n"
        return out
    }
}

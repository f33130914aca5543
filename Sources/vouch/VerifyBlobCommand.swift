import ArgumentParser
import Foundation
import VouchAttest
import VouchCore
import VouchCrypto
import VouchFiles
import VouchSigstore

struct VerifyBlobCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify-blob",
        abstract: "Verify a file's signature or Sigstore bundle (key-based or keyless), offline.",
        discussion: """
            A keyless bundle (Fulcio certificate) is verified against a trusted root: certificate chain at every \
            verified time, SCT, identity and issuer, signature, artifact digest, transparency-log entry, SET, \
            inclusion proof, checkpoint and RFC 3161 timestamps. The built-in root is Sigstore's public-good \
            production root; --trusted-root replaces it. Nothing is fetched.

            FILE_OR_DIGEST is the signed file, or `sha256:<hex>` when the file is not at hand (a string of that \
            form that is not an existing file).

            Exit codes: 0 verified; 1 not (each failure names its step: chain, SCT, SET, inclusion proof, \
            checkpoint, timestamp, identity, artifact digest, ...); 2 a file, key, bundle or trusted root could \
            not be read, or a signature is not base64 (the message names the file and field); 64 usage. A
            signature is standard or URL-safe base64, line breaks allowed ('openssl base64' output).

            Examples:
              vouch verify-blob release.tar.gz --key release.pub \\
                  --signature release.tar.gz.sig
              vouch verify-blob app.bin --key a.pub --key b.pub \\
                  --bundle app.bin.sigstore.json --format json
              vouch verify-blob dist.whl --bundle dist.whl.sigstore.json \\
                  --certificate-identity-regexp '^https://github.com/acme/app/' \\
                  --certificate-oidc-issuer https://token.actions.githubusercontent.com
              vouch verify-blob "sha256:$DIGEST" \\
                  --bundle a.txt.sigstore.json --trusted-root trusted_root.json \\
                  --certificate-identity-regexp '^https://github.com/acme/' \\
                  --certificate-oidc-issuer https://token.actions.githubusercontent.com
            """
    )

    @Argument(help: ArgumentHelp("The signed file, or its sha256:<hex> digest.", valueName: "FILE_OR_DIGEST"))
    var file: String

    @Option(help: "Public key (SPKI or PKCS#1 PEM); repeat to accept signatures by any of several keys.")
    var key: [String] = []

    @Flag(help: "Expect RSA-PSS signatures from RSA keys instead of PKCS#1 v1.5.")
    var rsaPSS = false

    @OptionGroup var keyless: KeylessOptions

    @Option(help: "File holding the base64 signature.")
    var signature: String?

    @Option(help: "Sigstore bundle (v0.1 to v0.3 media types), with a messageSignature or a DSSE envelope.")
    var bundle: String?

    @Option(help: "Output format: text or json.")
    var format: OutputFormat = .text

    @OptionGroup var outputOptions: OutputOptions

    func validate() throws {
        if (signature == nil) == (bundle == nil) { throw ValidationError("Give exactly one of --signature or --bundle.") }
        if key.isEmpty && !keyless.isKeyless {
            throw ValidationError("Give --key, or --certificate-identity and --certificate-oidc-issuer for a keyless bundle.")
        }
        if !key.isEmpty && keyless.isKeyless { throw ValidationError("Give --key or the certificate identity flags, not both.") }
        if signature != nil && key.isEmpty { throw ValidationError("--signature needs --key.") }
    }

    func run() throws {
        var keys: [VerificationKey] = []
        for path in key {
            let publicKey = try PublicKey(contentsOf: path)
            keys.append(VerificationKey(publicKey: publicKey, scheme: publicKey.algorithm.defaultScheme(rsaPSS: rsaPSS), name: path))
        }
        if let signature {
            let text = String(decoding: try InputFile.read(signature), as: UTF8.self)
            try finish(BlobSignature.verify(path: file, signatureText: text, keys: keys, signaturePath: signature))
            return
        }
        guard let bundle else { return }
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: bundle, isDirectory: &isDirectory), isDirectory.boolValue {
            try verifyDirectory(bundle, keys: keys)
            return
        }
        let document = try SigstoreBundle(json: try InputFile.read(bundle), path: bundle)
        // Vouch's own key-based bundles carry no log entry and no timestamp: nothing to check them against.
        if !keys.isEmpty && document.tlogEntries.isEmpty && document.rfc3161Timestamps.isEmpty {
            try finish(BlobSignature.verify(path: file, bundle: document, keys: keys))
            return
        }
        let verifier = BundleVerifier(trustedRoot: try keyless.loadTrustedRoot(), now: Int64(SystemWallClock().now().timeIntervalSince1970))
        let artifact = try Self.artifact(file)
        var result: KeylessVerification
        if let policy = keyless.policy() {
            result = try verifier.verify(document, bundleName: bundle, artifact: artifact, signer: .certificate(policy))
        } else {
            result = try verifier.verify(document, bundleName: bundle, artifact: artifact, signer: .key(keys[0].publicKey, name: keys[0].name))
            for other in keys.dropFirst() where !result.passed {
                result = try verifier.verify(document, bundleName: bundle, artifact: artifact, signer: .key(other.publicKey, name: other.name))
            }
        }
        switch format {
        case .text: try StandardOutput.write(KeylessText.report(result))
        case .json: try StandardOutput.write(try JSONOutput.encode(result))
        }
        if !result.passed { throw ExitStatus.negativeVerdict.exitCode }
    }

    /// `--bundle DIR`: every `*.sigstore.json` / `*.sigstore` bundle in DIR over the one artifact, the trusted
    /// root read once. Exit 0 only when every bundle verifies.
    private func verifyDirectory(_ directory: String, keys: [VerificationKey]) throws {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: directory)
                .filter { $0.hasSuffix(".sigstore.json") || $0.hasSuffix(".sigstore") }.sorted()
        } catch {
            throw VouchError(.ioFailure, "cannot list the bundle directory", path: directory)
        }
        // Finding nothing to verify is not a pass (nor a failed verification): the input was wrong.
        if names.isEmpty { throw VouchError(.fileNotFound, "no bundles (*.sigstore.json, *.sigstore) in this directory", path: directory) }
        let verifier = BundleVerifier(trustedRoot: try keyless.loadTrustedRoot(), now: Int64(SystemWallClock().now().timeIntervalSince1970))
        let artifact = try Self.artifact(file)
        var results: [KeylessVerification] = []
        for name in names {
            let path = directory + "/" + name
            let document = try SigstoreBundle(json: try InputFile.read(path), path: path)
            let signer: BundleVerifier.Signer = keyless.policy().map { .certificate($0) } ?? .key(keys[0].publicKey, name: keys[0].name)
            results.append(try verifier.verify(document, bundleName: path, artifact: artifact, signer: signer))
        }
        switch format {
        case .text:
            var out = ""
            for result in results {
                out += result.passed ? "OK \(result.bundle)\n" : result.failures.map { "FAILED \(result.bundle): \($0)\n" }.joined()
            }
            let failed = results.filter { !$0.passed }.count
            out += "\(results.count - failed) of \(results.count) bundles verified\n"
            try StandardOutput.write(out)
        case .json: try StandardOutput.write(try JSONOutput.encode(results))
        }
        if results.isEmpty || results.contains(where: { !$0.passed }) { throw ExitStatus.negativeVerdict.exitCode }
    }

    private func finish(_ result: BlobVerification) throws {
        switch format {
        case .text: try StandardOutput.write(VerificationText.blob(result))
        case .json: try StandardOutput.write(JSONOutput.encode(result))
        }
        try ExitStatus.conclude(result)
    }

    /// The conformance suite's FILE_OR_DIGEST rule: an existing file is the artifact; otherwise a
    /// `sha256:<64 hex>` string is its digest.
    static func artifact(_ argument: String) throws(VouchError) -> BundleVerifier.Artifact {
        if FileManager.default.fileExists(atPath: argument) || !argument.hasPrefix("sha256:") { return .file(path: argument) }
        return .digest(try Digest(parsing: argument))
    }
}

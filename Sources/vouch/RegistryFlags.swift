import ArgumentParser
import Foundation
import VouchCore
import VouchFiles
import VouchRegistry

/// The registry flags every command that can reach a registry takes (cosign's names).
struct RegistryFlags: ParsableArguments {
    @Option(name: .customLong("registry-username"), help: "User name for the registry (with --registry-password-stdin).")
    var username: String?

    @Flag(name: .customLong("registry-password-stdin"), help: "Read the registry password or token from standard input.")
    var passwordFromStandardInput = false

    @Option(name: .customLong("registry-cacert"), help: "A PEM file of CA certificates trusted besides the system store.")
    var caCertificate: String?

    @Flag(name: .customLong("allow-insecure-registry"), help: "Do not verify the registry's TLS certificate.")
    var allowInsecure = false

    @Flag(name: .customLong("allow-http-registry"), help: "Use plain HTTP when the registry does not speak TLS.")
    var allowHTTP = false

    @Option(name: .customLong("registry-parallel"), help: "Most blobs transferred at once (default 4).")
    var parallel: Int = 4

    @Option(name: .customLong("registry-timeout"), help: "Seconds without data before a registry request is abandoned and retried (default 60).")
    var timeout: Int64 = 60

    func validate() throws {
        if passwordFromStandardInput, username == nil { throw ValidationError("--registry-password-stdin needs --registry-username") }
        if username != nil, !passwordFromStandardInput { throw ValidationError("--registry-username needs --registry-password-stdin") }
        if parallel < 1 || parallel > 64 { throw ValidationError("--registry-parallel must be between 1 and 64") }
        if timeout < 1 || timeout > 3600 { throw ValidationError("--registry-timeout must be between 1 and 3600 seconds") }
    }

    /// The options, reading the password from standard input when asked.
    func options() throws(VouchError) -> RegistryOptions {
        var explicit: RegistryCredential?
        if let username, passwordFromStandardInput {
            explicit = try .basic(username: username, passwordFrom: "/dev/stdin")
        }
        if let caCertificate, !FileManager.default.fileExists(atPath: caCertificate) {
            throw VouchError(.fileNotFound, "the --registry-cacert file does not exist", path: caCertificate)
        }
        return RegistryOptions(
            credentials: CredentialStore(explicit: explicit), caCertificateFile: caCertificate, allowInsecure: allowInsecure,
            allowHTTP: allowHTTP, maxParallelBlobs: parallel, readTimeout: timeout, blobCache: BlobLocationCache.standard())
    }
}

extension ImageSource {
    /// The rule of ``ImageSource/classify(_:exists:)`` against the file system.
    static func of(_ argument: String) throws(VouchError) -> ImageSource {
        try classify(argument) { FileManager.default.fileExists(atPath: $0) }
    }
}

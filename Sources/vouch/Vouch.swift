import ArgumentParser
import VouchCore
import VouchFiles

/// The root command: dispatches to subcommands and turns thrown errors into the documented exit codes.
struct Vouch: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "vouch",
        abstract: "Supply-chain attestation for container images and Python environments, offline.",
        discussion: """
            Exit codes: 0 success; 1 a negative verdict (a check failed); 2 the tool could not do its \
            job (missing, unreadable or unsupported input); 64 usage error.
            """,
        version: VouchVersion.current,
        subcommands: [
            DigestCommand.self,
            // image (issue 3)
            ImageCommand.self,
            // sbom (issue 4)
            SbomCommand.self,
            // signing (issue 5)
            KeyCommand.self,
            SignBlobCommand.self,
            VerifyBlobCommand.self,
            AttestCommand.self,
            VerifyAttestationCommand.self,
            ProvenanceCommand.self,
            SignCommand.self,
            VerifyCommand.self,
            // secrets (issue 6)
            SecretsCommand.self,
            // policy (issue 7)
            PolicyCommand.self,
            // licenses (issue 21)
            LicenseCommand.self,
            // shell completion (issue 12)
            CompletionCommand.self,
            // vuln (issue 14)
            VulnCommand.self,
        ]
    )
}

@main
enum VouchMain {
    static func main() async {
        ProcessMemory.keepLargeAllocationsInHeap()
        do {
            var command = try Vouch.parseAsRoot()
            OutputStyle.adopt(from: command)
            // Commands that reach a registry are async (issue 13); the others run as before.
            if var asynchronous = command as? any AsyncParsableCommand {
                try await asynchronous.run()
            } else {
                try command.run()
            }
        } catch let error as VouchError {
            ExitStatus.of(.error(error)).exit(printing: error)
        } catch {
            CommandLineErrorOutput.exit(for: error)
        }
    }
}

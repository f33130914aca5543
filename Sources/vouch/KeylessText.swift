import VouchSigstore

/// Text output of a Sigstore bundle verification.
enum KeylessText {
    static func report(_ result: KeylessVerification) -> String {
        var out = ""
        if !result.signer.isEmpty { out += "Signer: \(result.signer.joined(separator: ", "))\n" }
        if let issuer = result.issuer { out += "OIDC issuer: \(issuer)\n" }
        for entry in result.logEntries { out += "Transparency log: \(entry)\n" }
        for time in result.verifiedTimes { out += "Verified time: \(time.time) (\(time.source))\n" }
        for failure in result.failures { out += "FAILED \(failure)\n" }
        out += result.passed ? "Verified OK: \(result.artifact)\n" : "Verification FAILED: \(result.artifact)\n"
        return out
    }
}

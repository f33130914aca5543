import VouchAttest
import VouchCore

/// Human-readable verification reports.
enum VerificationText {
    static func signatures(_ checks: [SignatureCheck]) -> String {
        var out = ""
        for check in checks {
            let keyid = check.keyid.isEmpty ? "" : " (keyid \(check.keyid.terminalEscaped))"
            if let key = check.verifiedBy {
                out += "signature \(check.index)\(keyid): verified by \(key.terminalEscaped)\n"
            } else {
                out += "signature \(check.index)\(keyid): NOT verified\n"
                for failure in check.failures { out += "  - \(failure.description.terminalEscaped)\n" }
            }
        }
        return out
    }

    static func blob(_ result: BlobVerification) -> String {
        var out = signatures(result.signatures)
        for failure in result.failures { out += "FAILED \(failure.description.terminalEscaped)\n" }
        out += result.passed ? "Verified OK: \(result.file.terminalEscaped)\n" : "Verification FAILED: \(result.file.terminalEscaped)\n"
        return out
    }
}

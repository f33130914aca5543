public import VouchCore

/// The answer of verifying one Sigstore bundle: who signed, the times that were proven, and every failed
/// step (each failure's `subject` is a ``VerificationStep`` name).
public struct KeylessVerification: Sendable, Codable {
    /// A time the bundle proves the signature existed at.
    public struct VerifiedTime: Sendable, Codable, Hashable {
        /// `integrated time (Rekor log index N)` or `RFC 3161 timestamp (TSA uri)`.
        public var source: String
        /// RFC 3339, UTC.
        public var time: String
    }

    public var bundle: String
    public var artifact: String
    /// The certificate's subject alternative names, or the key file for a key-based bundle.
    public var signer: [String]
    /// The certificate's OIDC issuer (Fulcio extension 1.3.6.1.4.1.57264.1.8 / .1.1).
    public var issuer: String?
    public var verifiedTimes: [VerifiedTime]
    /// Log entries checked: `<log base URL> index N`.
    public var logEntries: [String]
    public var failures: [CheckFailure]

    public var passed: Bool { failures.isEmpty }
    public var verdict: Verdict { Verdict(checksMade: 1, failures: failures) }

    /// The distinct failed steps, in order.
    public var failedSteps: [VerificationStep] {
        var seen: [VerificationStep] = []
        for failure in failures {
            if let step = VerificationStep(rawValue: failure.subject), !seen.contains(step) { seen.append(step) }
        }
        return seen
    }
}

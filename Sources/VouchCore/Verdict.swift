/// The answer of a check over an artifact: what was checked and each way it failed.
///
/// A failed check is a value, not an error: ``VouchError`` is for "the tool could not run". The CLI maps a
/// verdict with failures to exit status 1.
public struct Verdict: Hashable, Sendable, Codable {
    /// How many individual checks were made.
    public var checksMade: Int
    /// Every failure found; an empty list means the artifact passed.
    public var failures: [CheckFailure]

    public init(checksMade: Int = 0, failures: [CheckFailure] = []) {
        self.checksMade = checksMade
        self.failures = failures
    }

    public var passed: Bool { failures.isEmpty }

    /// Records one check, and its failure if it failed.
    public mutating func record(_ failure: CheckFailure?) {
        checksMade += 1
        if let failure { failures.append(failure) }
    }
}

/// One way an artifact failed a check, with what was expected and what was found.
public struct CheckFailure: Hashable, Sendable, Codable, CustomStringConvertible {
    /// What was checked, e.g. `layer 2 (sha256:...)`.
    public var subject: String
    /// Why it failed, e.g. `digest mismatch`.
    public var reason: String
    public var expected: String?
    public var actual: String?

    public init(subject: String, reason: String, expected: String? = nil, actual: String? = nil) {
        self.subject = subject
        self.reason = reason
        self.expected = expected
        self.actual = actual
    }

    public var description: String {
        var text = "\(subject): \(reason)"
        if let expected { text += " (expected \(expected)" + (actual.map { ", found \($0))" } ?? ")") }
        return text
    }
}

/// A report of any check (image integrity, signatures, attestations, a policy, a secret scan, RECORD
/// files): it exposes one ``Verdict``, from which the CLI derives the exit status in one place.
public protocol VerdictReport {
    var verdict: Verdict { get }
}

extension Verdict: VerdictReport {
    public var verdict: Verdict { self }
}

/// How likely a finding is a live secret, as betterleaks reports it: `high` for a token of a
/// distinctive vendor format, `medium` for a generic assignment (a password, an `API_KEY = …`) or a
/// vendor token in test, fixture, example or documentation files, `low` for a generic assignment there.
/// `--min-confidence` drops findings below a level.
public enum SecretConfidence: String, Codable, Sendable, CaseIterable, Comparable {
    case low, medium, high

    public static func < (lhs: SecretConfidence, rhs: SecretConfidence) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }

    var lowered: SecretConfidence { self == .high ? .medium : .low }

    /// Directories and file names that hold test data, fixtures, examples and documentation, where
    /// keys are mostly made up (a relative path is matched, so the scanned root's own location does not count).
    static let testPathRegex = #"(?i)(?:^|/)(?:tests?|testing|testdata|test[_-]data|__tests__|spec|specs|fixtures?|__fixtures__|mocks?|__mocks__|examples?|samples?|docs?|documentation)(?:/|$)|(?:^|/)test_[^/]*$|[_.-](?:test|spec|tests)\.[A-Za-z0-9]{1,10}$|(?:^|/)[A-Za-z0-9_]+Tests?\.[A-Za-z]{1,10}$|\.(?:md|markdown|rst|adoc)$"#
}

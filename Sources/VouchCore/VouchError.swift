/// The one error type of Vouch: thrown when the tool could not do its job.
///
/// A negative verdict about an artifact (a digest that does not match, a signature that does not verify)
/// is *not* an error; it is a value returned by the check. `VouchError` means "could not run": the input is
/// missing, unreadable, malformed or over a limit.
public struct VouchError: Error, Sendable, CustomStringConvertible {
    /// What kind of failure this is. A struct over a private enum, so new codes do not break the API.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Backing: String, Hashable, Sendable {
            case fileNotFound = "file not found"
            case ioFailure = "I/O failure"
            case malformedInput = "malformed input"
            case unsupportedInput = "unsupported input"
            case limitExceeded = "limit exceeded"
            case invalidArgument = "invalid argument"
            case cryptoFailure = "cryptographic library failure"
            case platformNotFound = "platform not found"
            case accessDenied = "access denied"
            case networkFailure = "network failure"
        }

        private let backing: Backing
        private init(_ backing: Backing) { self.backing = backing }

        /// The named file does not exist.
        public static let fileNotFound = Code(.fileNotFound)
        /// Reading or writing failed for a reason the operating system gave.
        public static let ioFailure = Code(.ioFailure)
        /// The input does not follow its format's grammar (a digest, an archive, a JSON document...).
        public static let malformedInput = Code(.malformedInput)
        /// The input is well formed but names something Vouch does not handle (an algorithm, a compression).
        public static let unsupportedInput = Code(.unsupportedInput)
        /// Untrusted input went past one of the named limits (see ``VouchError/limit``).
        public static let limitExceeded = Code(.limitExceeded)
        /// A caller passed a value that cannot work.
        public static let invalidArgument = Code(.invalidArgument)
        /// A C cryptographic library reported a failure.
        public static let cryptoFailure = Code(.cryptoFailure)
        /// An image index holds no manifest for the requested platform.
        public static let platformNotFound = Code(.platformNotFound)
        /// A registry refused the credentials or the operation (`UNAUTHORIZED`, `DENIED`; issue 13).
        public static let accessDenied = Code(.accessDenied)
        /// A registry could not be reached or kept failing (connection, TLS, timeouts, 5xx; issue 13).
        public static let networkFailure = Code(.networkFailure)

        public var description: String { backing.rawValue }
    }

    /// A named limit that untrusted input went past, with the limit and the value found.
    public struct LimitViolation: Hashable, Sendable {
        /// The limit's name as it appears in the API and in messages, e.g. `maxEntries`.
        public let name: String
        /// The configured limit.
        public let limit: Int64
        /// The value that went past it.
        public let found: Int64

        public init(name: String, limit: Int64, found: Int64) {
            self.name = name
            self.limit = limit
            self.found = found
        }
    }

    public let code: Code
    /// A sentence for a human: what is wrong, in terms of the input.
    public let reason: String
    /// The file (or other named input) the problem is in, when there is one.
    public let path: String?
    /// Set when ``code`` is ``Code/limitExceeded``.
    public let limit: LimitViolation?
    /// Where in Vouch the error was raised, for bug reports.
    public let sourceLocation: String

    public init(
        _ code: Code,
        _ reason: String,
        path: String? = nil,
        limit: LimitViolation? = nil,
        fileID: String = #fileID,
        line: Int = #line
    ) {
        self.code = code
        self.reason = reason
        self.path = path
        self.limit = limit
        self.sourceLocation = "\(fileID):\(line)"
    }

    /// An error for input that went past a named limit; the message names the limit and the value found.
    public static func limitExceeded(
        _ name: String,
        limit: Int64,
        found: Int64,
        path: String?,
        what: String,
        fileID: String = #fileID,
        line: Int = #line
    ) -> VouchError {
        VouchError(
            .limitExceeded,
            "\(what) \(found) exceeds the limit \(name)=\(limit)",
            path: path,
            limit: LimitViolation(name: name, limit: limit, found: found),
            fileID: fileID,
            line: line
        )
    }

    /// The same error, attributed to `path` if it had no path yet.
    public func attributed(to path: String) -> VouchError {
        guard self.path == nil else { return self }
        return VouchError(code: code, reason: reason, path: path, limit: limit, sourceLocation: sourceLocation)
    }

    private init(code: Code, reason: String, path: String?, limit: LimitViolation?, sourceLocation: String) {
        self.code = code
        self.reason = reason
        self.path = path
        self.limit = limit
        self.sourceLocation = sourceLocation
    }

    /// `path: reason`, or just the reason when no file is involved.
    public var description: String {
        if let path { return "\(path): \(reason)" }
        return reason
    }
}

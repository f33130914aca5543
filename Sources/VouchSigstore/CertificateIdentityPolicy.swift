public import VouchCrypto

/// Who must have signed: cosign's `--certificate-identity[-regexp]`, `--certificate-oidc-issuer[-regexp]` and
/// `--certificate-github-workflow-{trigger,sha,name,repository,ref}` (cosign `verify` flags, same meaning).
public struct CertificateIdentityPolicy: Sendable {
    /// An exact value or a regular expression (searched, not anchored, as cosign's Go `regexp.MatchString`).
    public enum Matcher: Sendable, Hashable, CustomStringConvertible {
        case exact(String)
        case regexp(String)

        public func matches(_ value: String) throws(PatternError) -> Bool {
            switch self {
            case .exact(let expected): return value == expected
            case .regexp(let pattern):
                let regex: Regex<AnyRegexOutput>
                do { regex = try Regex(pattern) } catch { throw PatternError(pattern: pattern, reason: "\(error)") }
                return value.contains(regex)
            }
        }

        public var description: String {
            switch self {
            case .exact(let value): value
            case .regexp(let pattern): "/\(pattern)/"
            }
        }
    }

    /// A regular expression that does not compile.
    public struct PatternError: Error, Sendable, CustomStringConvertible {
        public var pattern: String
        public var reason: String
        public var description: String { "invalid regular expression '\(pattern)': \(reason)" }
    }

    public var identity: Matcher
    public var issuer: Matcher
    public var githubWorkflowTrigger: String?
    public var githubWorkflowSHA: String?
    public var githubWorkflowName: String?
    public var githubWorkflowRepository: String?
    public var githubWorkflowRef: String?

    public init(identity: Matcher, issuer: Matcher) {
        self.identity = identity
        self.issuer = issuer
    }

    /// Checks that the patterns compile, so a bad one is a usage error before any bundle is read.
    public func validate() throws(PatternError) {
        _ = try identity.matches("")
        _ = try issuer.matches("")
    }

    /// The reasons `certificate` does not satisfy the policy; empty when it does.
    public func mismatches(_ certificate: X509Certificate) -> [String] {
        var reasons: [String] = []
        let names = certificate.subjectAlternativeNames.compactMap(\.text)
        if names.isEmpty {
            reasons.append("the certificate has no subject alternative name (URI or email)")
        } else if !names.contains(where: { (try? identity.matches($0)) == true }) {
            reasons.append("identity \(names.joined(separator: ", ")) does not match \(identity)")
        }
        let claims = FulcioExtensions(certificate)
        if let found = claims.issuer {
            if (try? issuer.matches(found)) != true { reasons.append("OIDC issuer \(found) does not match \(issuer)") }
        } else {
            reasons.append("the certificate has no OIDC issuer extension (1.3.6.1.4.1.57264.1.8 or .1.1)")
        }
        // cosign compares the deprecated GitHub extensions; Fulcio's newer ones stand in when they are absent.
        let repository = claims.githubWorkflowRepository ?? claims.sourceRepositoryURI.map { $0.hasPrefix("https://github.com/") ? String($0.dropFirst(19)) : $0 }
        let checks: [(String, String?, String?)] = [
            ("GitHub workflow trigger", githubWorkflowTrigger, claims.githubWorkflowTrigger ?? claims.buildTrigger),
            ("GitHub workflow sha", githubWorkflowSHA, claims.githubWorkflowSHA ?? claims.sourceRepositoryDigest),
            ("GitHub workflow name", githubWorkflowName, claims.githubWorkflowName),
            ("GitHub workflow repository", githubWorkflowRepository, repository),
            ("GitHub workflow ref", githubWorkflowRef, claims.githubWorkflowRef ?? claims.sourceRepositoryRef),
        ]
        for (name, expected, found) in checks {
            guard let expected else { continue }
            if found != expected { reasons.append("\(name) is \(found.map { "'\($0)'" } ?? "absent"), expected '\(expected)'") }
        }
        return reasons
    }
}

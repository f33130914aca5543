public import VouchCrypto

/// The claims Fulcio writes into a certificate (sigstore/fulcio docs/oid-info.md, arc 1.3.6.1.4.1.57264.1).
public struct FulcioExtensions: Sendable, Hashable, Codable {
    /// `.1.8` (DER UTF8String), else the deprecated `.1.1` (raw bytes): the OIDC issuer.
    public var issuer: String?
    /// Deprecated GitHub claims (raw bytes): `.1.2` trigger, `.1.3` sha, `.1.4` workflow name,
    /// `.1.5` repository, `.1.6` ref.
    public var githubWorkflowTrigger: String?
    public var githubWorkflowSHA: String?
    public var githubWorkflowName: String?
    public var githubWorkflowRepository: String?
    public var githubWorkflowRef: String?
    /// `.1.9` to `.1.22` (DER UTF8String each), by name.
    public var buildSignerURI: String?
    public var buildSignerDigest: String?
    public var runnerEnvironment: String?
    public var sourceRepositoryURI: String?
    public var sourceRepositoryDigest: String?
    public var sourceRepositoryRef: String?
    public var sourceRepositoryIdentifier: String?
    public var sourceRepositoryOwnerURI: String?
    public var sourceRepositoryOwnerIdentifier: String?
    public var buildConfigURI: String?
    public var buildConfigDigest: String?
    public var buildTrigger: String?
    public var runInvocationURI: String?
    public var sourceRepositoryVisibilityAtSigning: String?

    static let arc = "1.3.6.1.4.1.57264.1."

    public init(_ certificate: X509Certificate) {
        func raw(_ number: Int) -> String? {
            certificate.extensionValue(Self.arc + String(number)).map { String(decoding: $0, as: UTF8.self) }
        }
        func utf8(_ number: Int) -> String? {
            guard let value = certificate.extensionValue(Self.arc + String(number)) else { return nil }
            return DERText.utf8String(value)
        }
        issuer = utf8(8) ?? raw(1)
        githubWorkflowTrigger = raw(2)
        githubWorkflowSHA = raw(3)
        githubWorkflowName = raw(4)
        githubWorkflowRepository = raw(5)
        githubWorkflowRef = raw(6)
        buildSignerURI = utf8(9)
        buildSignerDigest = utf8(10)
        runnerEnvironment = utf8(11)
        sourceRepositoryURI = utf8(12)
        sourceRepositoryDigest = utf8(13)
        sourceRepositoryRef = utf8(14)
        sourceRepositoryIdentifier = utf8(15)
        sourceRepositoryOwnerURI = utf8(16)
        sourceRepositoryOwnerIdentifier = utf8(17)
        buildConfigURI = utf8(18)
        buildConfigDigest = utf8(19)
        buildTrigger = utf8(20)
        runInvocationURI = utf8(21)
        sourceRepositoryVisibilityAtSigning = utf8(22)
    }
}

/// Reads one DER `UTF8String` (tag 12) with a short or long definite length.
enum DERText {
    static func utf8String(_ bytes: [UInt8]) -> String? {
        guard bytes.count >= 2, bytes[0] == 0x0c else { return nil }
        var length = Int(bytes[1])
        var start = 2
        if length & 0x80 != 0 {
            let count = length & 0x7f
            guard count >= 1, count <= 3, bytes.count >= 2 + count else { return nil }
            length = bytes[2..<2 + count].reduce(0) { $0 << 8 | Int($1) }
            start = 2 + count
        }
        guard bytes.count == start + length else { return nil }
        return String(validating: bytes[start...], as: UTF8.self)
    }
}

import COpenSSL
import Synchronization
public import VouchCore

/// A certificate authority's chain (one intermediate under one root, as Fulcio's are) prepared to validate many
/// leaves: the intermediate's link to the root (its signature by the root's key and every RFC 5280 rule, at a time
/// both are valid) is checked once, on first use, instead of once per leaf. A leaf is then validated by OpenSSL up to the
/// intermediate as a trust anchor (`X509_V_FLAG_PARTIAL_CHAIN`: the leaf's signature, both certificates'
/// validity at the time, the intermediate's CA constraints), and the root's validity at that time is checked
/// here. The result is the full path, leaf to root, exactly as ``X509PathValidation`` would give it.
///
/// A root that constrains the whole path (name constraints, policy constraints, inhibitAnyPolicy, a path
/// length below 1) is not eligible: ``init(intermediates:anchors:)`` returns nil and every leaf is validated
/// in full. Any answer but "valid through this intermediate" also returns nil, so the caller validates in
/// full and reports OpenSSL's reason: the shortcut can only confirm, never refuse.
public final class PreparedCertificateAuthority: Sendable {
    let intermediate: X509Certificate
    let root: X509Certificate
    /// Whether the intermediate validates under the root; nil until first checked.
    private let link = Mutex<Bool?>(nil)

    /// Root extensions that constrain the path below the intermediate: nameConstraints, policyConstraints,
    /// inhibitAnyPolicy (RFC 5280 sections 4.2.1.10, 4.2.1.11, 4.2.1.14).
    static let pathConstrainingExtensions: Set<String> = ["2.5.29.30", "2.5.29.36", "2.5.29.54"]

    public init?(intermediates: [X509Certificate], anchors: [X509Certificate]) {
        guard intermediates.count == 1, anchors.count == 1, let root = anchors.first, let intermediate = intermediates.first else { return nil }
        guard !root.extensions.contains(where: { Self.pathConstrainingExtensions.contains($0.oid) }) else { return nil }
        // -1: no path length constraint; a leaf under the intermediate puts one CA certificate below the root.
        let pathLength = X509_get_pathlen(root.handle.pointer)
        guard pathLength == -1 || pathLength >= 1 else { return nil }
        self.intermediate = intermediate
        self.root = root
    }

    /// The path leaf, intermediate, root when `leaf` validates through this authority at `time` (Unix seconds);
    /// nil otherwise (then validate in full with ``X509PathValidation`` for the answer and its reason).
    public func validate(_ leaf: X509Certificate, carried: [X509Certificate], at time: Int64) throws(VouchError) -> [X509Certificate]? {
        guard root.notBefore <= time, time <= root.notAfter, intermediate.notBefore <= time, time <= intermediate.notAfter,
              try linkValidates()
        else { return nil }
        let result = try X509PathValidation.validate(
            leaf, intermediates: carried, anchors: [intermediate], at: time, extraFlags: X509_V_FLAG_PARTIAL_CHAIN)
        guard case .success(let path) = result, path.count == 2, path[1] == intermediate else { return nil }
        return path + [root]
    }

    /// The intermediate validated as the end of a path under the root, at the first instant both are valid
    /// (each leaf's time is checked against both validity windows in ``validate(_:carried:at:)``).
    private func linkValidates() throws(VouchError) -> Bool {
        if let known = link.withLock({ $0 }) { return known }
        // X509_V_FLAG_NO_CHECK_TIME would be ignored: a store with a set time always checks it.
        let result = try X509PathValidation.validate(intermediate, intermediates: [], anchors: [root], at: max(intermediate.notBefore, root.notBefore), extraFlags: 0)
        let validates = if case .success = result { true } else { false }
        link.withLock { $0 = validates }
        return validates
    }
}

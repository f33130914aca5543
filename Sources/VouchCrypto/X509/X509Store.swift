import COpenSSL
public import VouchCore

/// Owns an OpenSSL `X509_STORE` of trust anchors with a fixed verification time. Never leaves VouchCrypto.
final class X509Store {
    private(set) var pointer: OpaquePointer?

    /// A store trusting `anchors`, verifying as of `time` (Unix seconds), in OpenSSL's strict X.509 mode, with
    /// any `extraFlags` (`X509_V_FLAG_PARTIAL_CHAIN`).
    init(anchors: [X509Certificate], time: Int64, extraFlags: Int32 = 0) throws(VouchError) {
        guard let store = X509_STORE_new() else { throw OpenSSLError.capture("X509_STORE_new") }
        pointer = store
        for anchor in anchors where X509_STORE_add_cert(store, anchor.handle.pointer) != 1 {
            throw OpenSSLError.capture("X509_STORE_add_cert")
        }
        guard let parameters = X509_STORE_get0_param(store) else { throw OpenSSLError.capture("X509_STORE_get0_param") }
        X509_VERIFY_PARAM_set_time(parameters, time_t(time))
        X509_VERIFY_PARAM_set_flags(parameters, UInt(X509_V_FLAG_X509_STRICT | extraFlags))
    }

    /// Hands the store to an OpenSSL object that frees it (TS_VERIFY_CTX_set_store).
    func release() -> OpaquePointer? {
        defer { pointer = nil }
        return pointer
    }

    deinit { if let pointer { X509_STORE_free(pointer) } }
}

/// Owns a `STACK_OF(X509)` holding its own references. Never leaves VouchCrypto.
final class X509Stack {
    private(set) var pointer: OpaquePointer?

    init(_ certificates: [X509Certificate]) throws(VouchError) {
        guard let stack = vouch_sk_X509_new_null() else { throw OpenSSLError.capture("sk_X509_new_null") }
        pointer = stack
        for certificate in certificates {
            X509_up_ref(certificate.handle.pointer)
            guard vouch_sk_X509_push(stack, certificate.handle.pointer) > 0 else {
                X509_free(certificate.handle.pointer)
                throw OpenSSLError.capture("sk_X509_push")
            }
        }
    }

    func release() -> OpaquePointer? {
        defer { pointer = nil }
        return pointer
    }

    deinit { if let pointer { vouch_sk_X509_pop_free(pointer) } }
}

/// RFC 5280 section 6 path validation through OpenSSL's `X509_verify_cert`.
public enum X509PathValidation {
    /// Builds and checks a path from `leaf` through `intermediates` to one of `anchors`, every certificate
    /// valid at `time` (Unix seconds). Returns the validated path (leaf first, anchor last), or the reason it
    /// failed as OpenSSL states it. A failure is an answer, not an error; only a library failure throws.
    public static func validate(
        _ leaf: X509Certificate, intermediates: [X509Certificate], anchors: [X509Certificate], at time: Int64
    ) throws(VouchError) -> Result<[X509Certificate], PathFailure> {
        try validate(leaf, intermediates: intermediates, anchors: anchors, at: time, extraFlags: 0)
    }

    /// ``validate(_:intermediates:anchors:at:)`` with extra OpenSSL verification flags (for
    /// ``PreparedCertificateAuthority``).
    static func validate(
        _ leaf: X509Certificate, intermediates: [X509Certificate], anchors: [X509Certificate], at time: Int64, extraFlags: Int32
    ) throws(VouchError) -> Result<[X509Certificate], PathFailure> {
        let store = try X509Store(anchors: anchors, time: time, extraFlags: extraFlags)
        let untrusted = try X509Stack(intermediates)
        guard let context = X509_STORE_CTX_new() else { throw OpenSSLError.capture("X509_STORE_CTX_new") }
        defer { X509_STORE_CTX_free(context) }
        guard X509_STORE_CTX_init(context, store.pointer, leaf.handle.pointer, untrusted.pointer) == 1 else {
            throw OpenSSLError.capture("X509_STORE_CTX_init")
        }
        guard X509_verify_cert(context) == 1 else {
            let code = X509_STORE_CTX_get_error(context)
            ERR_clear_error()
            let reason = X509_verify_cert_error_string(Int(code)).map { String(cString: $0) } ?? "error \(code)"
            return .failure(PathFailure(reason: reason, depth: Int(X509_STORE_CTX_get_error_depth(context))))
        }
        guard let chain = X509_STORE_CTX_get1_chain(context) else { throw OpenSSLError.capture("X509_STORE_CTX_get1_chain") }
        defer { vouch_sk_X509_pop_free(chain) }
        var path: [X509Certificate] = []
        let count = vouch_sk_X509_num(chain)
        for index in 0..<count {
            guard let item = vouch_sk_X509_value(chain, index) else { continue }
            X509_up_ref(item)
            // The last certificate is the trust anchor; a self-issued one is a root.
            let isRoot = index == count - 1 && X509_check_issued(item, item) == X509_V_OK
            path.append(try X509Certificate(takingOwnershipOf: item, selfSigned: isRoot))
        }
        return .success(path)
    }

    /// Why a path did not validate: OpenSSL's reason and the depth (0 = leaf) where it failed.
    public struct PathFailure: Error, Sendable, Hashable, CustomStringConvertible {
        public var reason: String
        public var depth: Int
        public var description: String { depth == 0 ? reason : "\(reason) (at chain depth \(depth))" }
    }
}

import COpenSSL
#if canImport(Glibc)
import Glibc
#endif
public import VouchCore

/// An RFC 3161 `TimeStampResp`, verified by OpenSSL's TS module.
public enum RFC3161Timestamp {
    /// The `genTime` (Unix seconds) of the timestamp token in `response`, without verifying it; nil when the
    /// bytes are not a timestamp response.
    public static func generationTime(of response: [UInt8]) -> Int64? {
        guard let parsed = parse(response) else { return nil }
        defer { TS_RESP_free(parsed) }
        return generationTime(parsed)
    }

    /// Verifies that `response` is a granted timestamp over `data` (its message imprint is the hash of
    /// `data`), signed by a certificate with the critical timeStamping EKU that chains to one of `anchors`
    /// (through `intermediates`) at the token's own time. `signers` are used when the token embeds no
    /// certificate. Returns the verified `genTime` or why it failed.
    public static func verify(
        _ response: [UInt8], data: [UInt8], anchors: [X509Certificate], intermediates: [X509Certificate]
    ) throws(VouchError) -> Result<Int64, TimestampFailure> {
        guard let parsed = parse(response) else { return .failure(TimestampFailure(reason: "not a DER RFC 3161 TimeStampResp")) }
        defer { TS_RESP_free(parsed) }
        guard let time = generationTime(parsed) else { return .failure(TimestampFailure(reason: "the token has no readable genTime")) }
        guard let context = TS_VERIFY_CTX_new() else { throw OpenSSLError.capture("TS_VERIFY_CTX_new") }
        defer { TS_VERIFY_CTX_free(context) }
        let store = try X509Store(anchors: anchors, time: time)
        let certificates = try X509Stack(intermediates)
        TS_VERIFY_CTX_set_store(context, store.release())
        TS_VERIFY_CTX_set_certs(context, certificates.release())
        TS_VERIFY_CTX_set_flags(context, Int32(TS_VFY_VERSION | TS_VFY_SIGNATURE | TS_VFY_DATA))
        let status = data.withUnsafeBufferPointer { buffer -> Int32 in
            guard let bio = BIO_new_mem_buf(buffer.baseAddress, Int32(buffer.count)) else { return -1 }
            TS_VERIFY_CTX_set_data(context, bio)
            let result = TS_RESP_verify_response(context, parsed)
            // The BIO points into `data`, so it is freed with the context here, inside the closure.
            TS_VERIFY_CTX_set_data(context, nil)
            BIO_free(bio)
            return result
        }
        guard status == 1 else {
            let failure = OpenSSLError.capture("TS_RESP_verify_response")
            return .failure(TimestampFailure(reason: failure.reason))
        }
        return .success(time)
    }

    private static func parse(_ response: [UInt8]) -> OpaquePointer? {
        response.withUnsafeBufferPointer { buffer in
            var cursor: UnsafePointer<UInt8>? = buffer.baseAddress
            let parsed = d2i_TS_RESP(nil, &cursor, buffer.count)
            if parsed == nil { ERR_clear_error() }
            return parsed
        }
    }

    private static func generationTime(_ response: OpaquePointer) -> Int64? {
        guard let info = TS_RESP_get_tst_info(response), let time = TS_TST_INFO_get_time(info) else { return nil }
        return X509Certificate.seconds(UnsafePointer(OpaquePointer(time)))
    }

    /// Why a timestamp did not verify.
    public struct TimestampFailure: Error, Sendable, Hashable, CustomStringConvertible {
        public var reason: String
        public var description: String { reason }
    }
}

public import VouchCore
import Foundation

extension ImageSignature {
    /// Checks a detached signature and the simple-signing payload it signs against an image digest
    /// known from elsewhere (an oci-archive or docker-save tar has no `.sig` tags to read): the payload
    /// must name `digest` and the signature must verify over the payload's exact bytes with one of `keys`.
    public static func verify(
        digest: Digest, source: String, signatureText: String, payload: [UInt8], keys: [VerificationKey]
    ) throws(VouchError) -> ImageSignatureCheck {
        let empty = ImageSignatureCheck(source: source, layer: 0, signedDigest: nil, signature: SignatureCheck(index: 0, keyid: "", verifiedBy: nil, failures: []))
        return try checkPayload(payload, encodedSignature: signatureText.trimmingCharacters(in: .whitespacesAndNewlines), into: empty, digest: digest, keys: keys)
    }
}

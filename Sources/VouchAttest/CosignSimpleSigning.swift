public import VouchCore

/// cosign's "simple signing" payload (containers/image docs/containers-signature.5.md, as cosign writes it):
/// `{"critical":{"identity":{"docker-reference":REF},"image":{"docker-manifest-digest":DIGEST},"type":"cosign container image signature"},"optional":null}`.
public enum CosignSimpleSigning {
    public static let type = "cosign container image signature"
    /// The media type of the payload layer in a signature manifest.
    public static let layerMediaType = "application/vnd.dev.cosign.simplesigning.v1+json"
    /// The layer annotation that carries the base64 signature.
    public static let signatureAnnotation = "dev.cosignproject.cosign/signature"
    /// The artifact type of a signature stored as an OCI 1.1 referrer.
    public static let artifactType = "application/vnd.dev.cosign.artifact.sig.v1+json"

    /// The payload bytes, in the field order and spacing Go's encoding/json gives cosign's struct.
    public static func payload(manifestDigest: Digest, reference: String) -> [UInt8] {
        let text = #"{"critical":{"identity":{"docker-reference":\#(JSONString.quote(reference))},"image":{"docker-manifest-digest":"\#(manifestDigest)"},"type":"\#(type)"},"optional":null}"#
        return Array(text.utf8)
    }

    /// The manifest digest a payload names, or nil when it is not a cosign simple-signing payload (the
    /// reason is dropped: use ``signedDigest(parsing:path:)`` where it is reported).
    public static func signedDigest(in payload: [UInt8]) -> String? {
        try? signedDigest(parsing: payload)
    }

    /// The manifest digest a payload names (`critical.image.docker-manifest-digest`), read with the strict
    /// JSON reader; throws naming the JSON path when the payload is not a simple-signing payload.
    public static func signedDigest(parsing payload: [UInt8], path: String? = nil) throws(VouchError) -> String {
        let document = try JSONValue(parsing: payload, path: path ?? "",
                                     limits: JSONLimits(maxBytes: AttestationLimits.maxEnvelopeBytes, maxBytesName: "maxEnvelopeBytes"))
        let critical = try document.member("critical")
        let kind = try critical.string("type")
        guard kind == type else {
            throw try critical.member("type").error("expected \(JSONString.quote(type)), found \(JSONString.quote(kind))")
        }
        return try critical.member("image").string("docker-manifest-digest")
    }

    /// The tag cosign stores an image's signatures under: `sha256-<hex>.sig`.
    public static func signatureTag(for digest: Digest) -> String { "\(digest.algorithm.name)-\(digest.hex).sig" }
}

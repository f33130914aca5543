public import VouchCore

/// Reads the envelope out of whatever file holds an attestation.
public enum AttestationDocument {
    /// The DSSE envelope in `bytes`: a Sigstore bundle's `dsseEnvelope`, or a bare envelope (the first
    /// non-empty line of an `.intoto.jsonl` file).
    public static func envelope(from bytes: [UInt8], path: String?) throws(VouchError) -> DSSEEnvelope {
        if let bundle = try? SigstoreBundle(json: bytes, path: path) {
            guard case .dsseEnvelope(let envelope) = bundle.content else {
                throw VouchError(.unsupportedInput, "the bundle holds a blob signature, not an attestation; use verify-blob", path: path)
            }
            return envelope
        }
        let line = bytes.split(separator: UInt8(ascii: "\n")).first { !$0.allSatisfy { $0 == 0x20 || $0 == 0x0d || $0 == 0x09 } }
        return try DSSEEnvelope(json: Array(line ?? []), path: path)
    }
}

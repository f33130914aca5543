public import VouchCore

/// Reads the envelope out of whatever file holds an attestation.
public enum AttestationDocument {
    /// Every envelope in `bytes`: the one in a Sigstore bundle, or one per non-empty line of an
    /// `.intoto.jsonl` file (JSON Lines: several attestations about the same subject).
    public static func envelopes(from bytes: [UInt8], path: String?) throws(VouchError) -> [DSSEEnvelope] {
        if let bundle = try? SigstoreBundle(json: bytes, path: path) {
            guard case .dsseEnvelope(let envelope) = bundle.content else {
                throw VouchError(.unsupportedInput, "the bundle holds a blob signature, not an attestation; use verify-blob", path: path)
            }
            return [envelope]
        }
        var envelopes: [DSSEEnvelope] = []
        for (number, line) in bytes.split(separator: UInt8(ascii: "\n")).enumerated() where !isBlank(line) {
            do throws(VouchError) {
                envelopes.append(try DSSEEnvelope(json: Array(line), path: path))
            } catch {
                throw VouchError(error.code, "line \(number + 1): \(error.reason)", path: path, limit: error.limit)
            }
        }
        guard !envelopes.isEmpty else { throw VouchError(.malformedInput, "not a DSSE envelope: the file is empty", path: path) }
        return envelopes
    }

    private static func isBlank(_ line: ArraySlice<UInt8>) -> Bool {
        line.allSatisfy { $0 == 0x20 || $0 == 0x0d || $0 == 0x09 }
    }
}

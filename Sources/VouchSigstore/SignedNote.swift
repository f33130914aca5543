import VouchCore
import VouchCrypto

/// A transparency-log checkpoint as a C2SP signed note (c2sp.org/signed-note, c2sp.org/tlog-checkpoint):
/// the note text (origin, tree size, base64 root hash, optional extension lines, each ending in a newline),
/// a blank line, then signature lines `— <name> <base64(key hash[4] || signature)>`.
struct SignedNote {
    struct Signature {
        var name: String
        var keyHint: [UInt8]
        var signature: [UInt8]
    }

    /// The signed text, through the newline that ends its last line.
    var text: [UInt8]
    var origin: String
    var size: Int64
    var rootHash: [UInt8]
    var signatures: [Signature]

    /// Parses a checkpoint; the reason when it is not one.
    static func parse(_ envelope: String) -> Result<SignedNote, CheckpointFailure> {
        let bytes = Array(envelope.utf8)
        guard let split = (0..<max(0, bytes.count - 1)).first(where: { bytes[$0] == 0x0a && bytes[$0 + 1] == 0x0a }) else {
            return .failure(CheckpointFailure("the note has no blank line before its signatures"))
        }
        let text = Array(bytes[...split])
        let lines = String(decoding: text.dropLast(), as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard lines.count >= 3 else { return .failure(CheckpointFailure("the checkpoint needs origin, tree size and root hash lines (found \(lines.count) lines)")) }
        let origin = lines[0]
        guard !origin.isEmpty, Int64(origin) == nil else { return .failure(CheckpointFailure("the checkpoint has no origin line")) }
        guard let size = Int64(lines[1]), size >= 0, lines[1].allSatisfy(\.isASCII) else {
            return .failure(CheckpointFailure("line 2 '\(lines[1])' is not a tree size"))
        }
        guard let rootHash = Base64.decode(lines[2]), rootHash.count == 32 else {
            return .failure(CheckpointFailure("line 3 '\(lines[2])' is not a base64 SHA-256 root hash"))
        }
        var signatures: [Signature] = []
        let signatureText = String(decoding: bytes[(split + 2)...], as: UTF8.self)
        for line in signatureText.split(separator: "\n") {
            let parts = line.split(separator: " ")
            guard parts.count == 3, parts[0] == "\u{2014}", let blob = Base64.decode(String(parts[2])), blob.count > 4 else {
                return .failure(CheckpointFailure("malformed signature line '\(line)'"))
            }
            signatures.append(Signature(name: String(parts[1]), keyHint: Array(blob.prefix(4)), signature: Array(blob.dropFirst(4))))
        }
        guard !signatures.isEmpty else { return .failure(CheckpointFailure("the checkpoint carries no signature")) }
        return .success(SignedNote(text: text, origin: origin, size: size, rootHash: rootHash, signatures: signatures))
    }

    /// True when a signature line named `name` with the key hint of `logID` verifies with `key`. Lines by other
    /// names or key hints (witness cosignatures, c2sp.org/tlog-cosignature) are ignored.
    func isSigned(name: String, logID: [UInt8], key: PublicKey) throws(VouchError) -> Bool {
        for line in signatures where line.name == name && line.keyHint == Array(logID.prefix(4)) {
            if try key.isValidSignature(line.signature, for: .bytes(text)) { return true }
        }
        return false
    }

    struct CheckpointFailure: Error {
        var reason: String
        init(_ reason: String) { self.reason = reason }
    }
}

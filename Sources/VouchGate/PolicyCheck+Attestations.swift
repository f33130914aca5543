import Foundation
import VouchAttest
import VouchCore
import VouchPolicy

extension PolicyCheck {
    /// Each DSSE envelope stored in the image's OCI layout and in `files` (one JSON object, or JSON Lines),
    /// verified against the policy's keys. An envelope that does not verify is still evidence: the rules
    /// report why it did not count.
    func attestations(layout: String?, tag: String?, files: [String], subject: Digest, keys: [VerificationKey]) throws(VouchError) -> [AttestationEvidence] {
        var envelopes: [(source: String, envelope: DSSEEnvelope)] = []
        if let layout { envelopes += try ImageAttestation.storedEnvelopes(layoutPath: layout, tag: tag).envelopes }
        for file in files {
            envelopes += try Self.envelopes(inFile: file).enumerated().map { ("\(file)#\($0.offset)", $0.element) }
        }
        var evidence: [AttestationEvidence] = []
        for (source, envelope) in envelopes {
            let checks = try envelope.checkSignatures(with: keys)
            let verifiedBy = checks.first(where: \.verified)?.verifiedBy
            let problem = verifiedBy == nil
                ? (checks.flatMap(\.failures).first ?? "no signature verified with the policy's keys")
                : nil
            guard envelope.payloadType == DSSEEnvelope.inTotoPayloadType,
                  let statement = try? InTotoStatement(payload: envelope.payload) else {
                evidence.append(AttestationEvidence(
                    source: source, predicateType: "", subjectDigests: [], verifiedBy: nil,
                    problem: "not an in-toto Statement (payloadType \(envelope.payloadType))"))
                continue
            }
            let digests = statement.subjects.compactMap { subjectEntry -> Digest? in
                guard let hex = subjectEntry.digest[subject.algorithm.name] else { return nil }
                return try? Digest(parsing: "\(subject.algorithm.name):\(hex.lowercased())")
            }
            evidence.append(AttestationEvidence(
                source: source, predicateType: statement.predicateType, subjectDigests: digests,
                verifiedBy: verifiedBy, problem: problem, predicate: Data(statement.predicateJSON)))
        }
        return evidence
    }

    /// The envelopes of a `.intoto.jsonl` file (one per line) or of a file holding one JSON envelope.
    static func envelopes(inFile path: String) throws(VouchError) -> [DSSEEnvelope] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw VouchError(.fileNotFound, "no such file", path: path)
        }
        let bytes = [UInt8](data)
        if let whole = try? DSSEEnvelope(json: bytes, path: path) { return [whole] }
        var envelopes: [DSSEEnvelope] = []
        for line in bytes.split(separator: UInt8(ascii: "\n")) where !line.allSatisfy({ $0 == 0x20 || $0 == 0x0d }) {
            envelopes.append(try DSSEEnvelope(json: Array(line), path: path))
        }
        guard !envelopes.isEmpty else { throw VouchError(.malformedInput, "no DSSE envelope in the file", path: path) }
        return envelopes
    }
}

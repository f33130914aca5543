import Foundation
import VouchAttest
import VouchCore
import VouchFiles
import VouchPolicy

extension PolicyCheck {
    /// Each DSSE envelope stored in the image's OCI layout and in `files` (one JSON object, or JSON Lines),
    /// verified against the policy's keys. An envelope that does not verify is still evidence: the rules
    /// report why it did not count.
    func attestations(layout: String?, tag: String?, files: [String], subject: Digest, keys: [VerificationKey]) throws(VouchError) -> [AttestationEvidence] {
        var envelopes: [(source: String, envelope: DSSEEnvelope)] = []
        var evidence: [AttestationEvidence] = []
        if let layout {
            let stored = try ImageAttestation.storedEnvelopes(layoutPath: layout, tag: tag)
            envelopes += stored.envelopes
            // A stored blob that does not match its descriptor is evidence that counts for nothing.
            for failure in stored.failures {
                evidence.append(AttestationEvidence(source: failure.subject, predicateType: "", subjectDigests: [], verifiedBy: nil, problem: failure.reason))
            }
        }
        for file in files {
            envelopes += try Self.envelopes(inFile: file).enumerated().map { ("\(file)#\($0.offset)", $0.element) }
        }
        for (source, envelope) in envelopes {
            let checks = try envelope.checkSignatures(with: keys)
            let verifiedBy = checks.first(where: \.verified)?.verifiedBy
            let problem = verifiedBy == nil
                ? (checks.flatMap(\.failures).first ?? "no signature verified with the policy's keys")
                : nil
            guard envelope.payloadType == DSSEEnvelope.inTotoPayloadType else {
                evidence.append(AttestationEvidence(
                    source: source, predicateType: "", subjectDigests: [], verifiedBy: nil,
                    problem: "not an in-toto Statement (payloadType \(envelope.payloadType))"))
                continue
            }
            let statement: InTotoStatement
            do throws(VouchError) {
                statement = try InTotoStatement(payload: envelope.payload)
            } catch {
                // The reason (the JSON path at fault) is kept: a malformed Statement is evidence that did not count.
                evidence.append(AttestationEvidence(
                    source: source, predicateType: "", subjectDigests: [], verifiedBy: nil,
                    problem: "not an in-toto Statement: \(error.reason)"))
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

    /// The envelopes of an attestation file: `.intoto.jsonl` (one per line), one JSON envelope, or a
    /// Sigstore bundle.
    static func envelopes(inFile path: String) throws(VouchError) -> [DSSEEnvelope] {
        let bytes = try BoundedFileReader.read(path, limit: AttestationLimits.maxEnvelopeBytes, limitName: "maxEnvelopeBytes")
        return try AttestationDocument.envelopes(from: bytes, path: path)
    }
}

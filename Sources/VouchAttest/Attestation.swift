public import VouchCore
import VouchCrypto

/// `vouch attest`: a Statement about a subject, signed into a DSSE envelope.
public enum Attestation {
    /// Signs a v1 Statement whose subject is the file at `subjectPath` (named by its last path component,
    /// digested with SHA-256) and whose predicate is `predicateJSON`.
    public static func attestFile(
        subjectPath: String, predicateJSON: [UInt8], predicatePath: String?, predicateType: String, key: SigningKey, keyid: String? = nil
    ) throws(VouchError) -> DSSEEnvelope {
        let digest = try FileDigester().digest(path: subjectPath).digest
        let name = subjectPath.split(separator: "/").last.map(String.init) ?? subjectPath
        return try attest(subjectName: name, digest: digest, predicateJSON: predicateJSON, predicatePath: predicatePath,
                          predicateType: predicateType, key: key, keyid: keyid)
    }

    /// Signs a v1 Statement whose one subject is `subjectName` with `digest`: an image's manifest digest
    /// read from a tar, or a digest the caller names (`--subject-digest`).
    public static func attest(
        subjectName: String, digest: Digest, predicateJSON: [UInt8], predicatePath: String?, predicateType: String, key: SigningKey,
        keyid: String? = nil
    ) throws(VouchError) -> DSSEEnvelope {
        let statement = try InTotoStatement(
            subjects: [.init(name: subjectName, digest: digest)], predicateType: predicateType, predicateJSON: predicateJSON, path: predicatePath)
        return try DSSEEnvelope.sign(
            payload: statement.payload, payloadType: DSSEEnvelope.inTotoPayloadType, key: key.privateKey, scheme: key.scheme,
            keyid: keyid ?? key.secureSystemsLibKeyID)
    }
}

import VouchAttest
import VouchCore
import VouchFiles

/// Reads a signature, envelope, predicate or bundle file, bounded by ``AttestationLimits/maxEnvelopeBytes``.
enum InputFile {
    static func read(_ path: String) throws(VouchError) -> [UInt8] {
        try BoundedFileReader.read(path, limit: AttestationLimits.maxEnvelopeBytes, limitName: "maxEnvelopeBytes")
    }
}

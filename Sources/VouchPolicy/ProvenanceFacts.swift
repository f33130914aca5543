import Foundation
import VouchCore

/// The facts a provenance rule checks, read from a SLSA provenance predicate.
///
/// SLSA provenance v1 (slsa.dev/spec/v1.0/provenance): `runDetails.builder.id`,
/// `buildDefinition.externalParameters.workflow.{repository, ref}` (GitHub Actions build type), else the first
/// `resolvedDependencies[].uri` (`git+https://host/repo@ref`), and `runDetails.metadata.finishedOn` /
/// `startedOn`. SLSA v0.2: `builder.id`, `invocation.configSource.uri`, `metadata.buildFinishedOn` /
/// `buildStartedOn`.
struct ProvenanceFacts: Sendable {
    var builderID: String?
    var sourceRepository: String?
    var ref: String?
    var buildTime: Date?

    /// Reads the facts with the strict JSON reader; a malformed predicate, a repeated key or a field of the
    /// wrong type is an error naming its JSON path, never a missing fact. `path` names the attestation.
    init(predicate data: Data, path: String = "predicate") throws(VouchError) {
        let root = try JSONValue(parsing: [UInt8](data), path: path).expect(.object)
        if let run = try root.optionalMember("runDetails") {
            builderID = try run.optionalMember("builder")?.optionalString("id")
            let metadata = try run.optionalMember("metadata")
            let finished = try Self.date(metadata?.optionalMember("finishedOn"))
            buildTime = finished
            if buildTime == nil { buildTime = try Self.date(metadata?.optionalMember("startedOn")) }
            let definition = try root.optionalMember("buildDefinition")
            let workflow = try definition?.optionalMember("externalParameters")?.optionalMember("workflow")
            sourceRepository = try workflow?.optionalString("repository")
            ref = try workflow?.optionalString("ref")
            if sourceRepository == nil || ref == nil,
               let first = try definition?.optionalArray("resolvedDependencies").first?.optionalString("uri") {
                let (repository, uriRef) = Self.splitSourceURI(first)
                sourceRepository = sourceRepository ?? repository
                ref = ref ?? uriRef
            }
        } else if let builder = try root.optionalMember("builder") {
            builderID = try builder.optionalString("id")
            let metadata = try root.optionalMember("metadata")
            let finished = try Self.date(metadata?.optionalMember("buildFinishedOn"))
            buildTime = finished
            if buildTime == nil { buildTime = try Self.date(metadata?.optionalMember("buildStartedOn")) }
            if let uri = try root.optionalMember("invocation")?.optionalMember("configSource")?.optionalString("uri") {
                (sourceRepository, ref) = Self.splitSourceURI(uri)
            }
        } else {
            throw root.error("not SLSA provenance: neither 'runDetails' (v1) nor 'builder' (v0.2) is present")
        }
    }

    var summary: String {
        "builder \(builderID ?? "none"), source \(sourceRepository ?? "none"), ref \(ref ?? "none")"
            + (buildTime.map { ", built \(ISO8601DateFormatter().string(from: $0))" } ?? "")
    }

    /// `git+https://github.com/acme/gateway@refs/tags/v1` -> (`https://github.com/acme/gateway`, `refs/tags/v1`).
    private static func splitSourceURI(_ uri: String) -> (String, String?) {
        var text = uri
        if text.hasPrefix("git+") { text.removeFirst(4) }
        guard let at = text.lastIndex(of: "@"), text[at...].contains("/") || !text[..<at].contains("@") else { return (text, nil) }
        return (String(text[..<at]), String(text[text.index(after: at)...]))
    }

    /// An RFC 3339 timestamp; a value that is not one is an error naming its path, not "no build time".
    private static func date(_ value: JSONValue?) throws(VouchError) -> Date? {
        guard let value else { return nil }
        let text = try value.stringValue()
        let formatter = ISO8601DateFormatter()
        if let date = formatter.date(from: text) { return date }
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let date = formatter.date(from: text) { return date }
        throw value.error("not an RFC 3339 timestamp: \(JSONString.quote(text))")
    }
}

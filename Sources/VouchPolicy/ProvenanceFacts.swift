import Foundation

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

    init?(predicate data: Data) {
        guard let root = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else { return nil }
        if let run = root["runDetails"] as? [String: Any] {
            builderID = (run["builder"] as? [String: Any])?["id"] as? String
            let metadata = run["metadata"] as? [String: Any]
            buildTime = Self.date(metadata?["finishedOn"]) ?? Self.date(metadata?["startedOn"])
            let definition = root["buildDefinition"] as? [String: Any]
            let workflow = (definition?["externalParameters"] as? [String: Any])?["workflow"] as? [String: Any]
            sourceRepository = workflow?["repository"] as? String
            ref = workflow?["ref"] as? String
            if sourceRepository == nil || ref == nil,
               let first = (definition?["resolvedDependencies"] as? [[String: Any]])?.first?["uri"] as? String {
                let (repository, uriRef) = Self.splitSourceURI(first)
                sourceRepository = sourceRepository ?? repository
                ref = ref ?? uriRef
            }
        } else if let builder = root["builder"] as? [String: Any] {
            builderID = builder["id"] as? String
            let metadata = root["metadata"] as? [String: Any]
            buildTime = Self.date(metadata?["buildFinishedOn"]) ?? Self.date(metadata?["buildStartedOn"])
            if let uri = ((root["invocation"] as? [String: Any])?["configSource"] as? [String: Any])?["uri"] as? String {
                (sourceRepository, ref) = Self.splitSourceURI(uri)
            }
        } else {
            return nil
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

    private static func date(_ value: Any?) -> Date? {
        guard let text = value as? String else { return nil }
        let formatter = ISO8601DateFormatter()
        if let date = formatter.date(from: text) { return date }
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.date(from: text)
    }
}

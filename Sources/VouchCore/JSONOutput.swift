import Foundation

/// The one JSON style of Vouch's reports: sorted keys (stable, diffable output), pretty printed, `/` unescaped.
public enum JSONOutput {
    /// `value` as UTF-8 JSON text ending in a newline.
    public static func encode(_ value: some Encodable) throws(VouchError) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        do {
            return String(decoding: try encoder.encode(value), as: UTF8.self) + "\n"
        } catch {
            throw VouchError(.invalidArgument, "could not encode the report as JSON: \(error)")
        }
    }
}

import Foundation

/// The JSON style of Vouch's reports: sorted keys (stable, diffable output), `/` unescaped; pretty printed
/// for whole documents, on one line for records streamed into a larger one.
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

    /// `value` as one line of JSON (no newline), for streaming records into a document.
    public static func encodeLine(_ value: some Encodable) throws(VouchError) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        do {
            return String(decoding: try encoder.encode(value), as: UTF8.self)
        } catch {
            throw VouchError(.invalidArgument, "could not encode the report as JSON: \(error)")
        }
    }
}

import Foundation
import VouchCore

/// One-line JSON with sorted keys, for values streamed into a larger document.
enum CompactJSON {
    static func encode(_ value: some Encodable) throws(VouchError) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        do { return String(decoding: try encoder.encode(value), as: UTF8.self) } catch {
            throw VouchError(.invalidArgument, "could not encode the report as JSON: \(error)")
        }
    }
}

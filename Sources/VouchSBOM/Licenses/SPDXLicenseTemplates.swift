/// The SPDX license list's templates as match data (`scripts/sbom-spdx-license-templates.py` derives them
/// from the license list XML): per license, normalized words by vocabulary index, optional runs and gaps.
enum SPDXLicenseTemplates {
    /// A template word or gap.
    struct Item: Sendable {
        /// Vocabulary index, or -1 for a gap (SPDX `<alt>`, replaceable text).
        var word: Int32
        /// Omittable (SPDX `<optional>`, title, copyright notice, license header).
        var optional: Bool
        /// For a gap: the most words it may replace.
        var gapLimit: Int32
    }

    struct Template: Sendable {
        var id: String
        /// The license's standard header (the notice for a file) instead of its text.
        var isHeader: Bool
        var items: [Item]
        /// Words that are not optional.
        var requiredCount: Int
        /// The distinct required words (in the order the template first has them), for the quick overlap test.
        var distinctRequired: [Int32]
    }

    /// Every template, decoded once.
    static let all: [Template] = decode()

    /// Word -> vocabulary index.
    static let vocabulary: [String: Int32] = {
        var table: [String: Int32] = [:]
        for (index, word) in vocabularyData.split(separator: "\n").enumerated() { table[String(word)] = Int32(index) }
        return table
    }()

    private static func decode() -> [Template] {
        var digit = [Int32](repeating: -1, count: 128)
        for (value, byte) in "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8.enumerated() { digit[Int(byte)] = Int32(value) }
        var templates: [Template] = []
        // Which template last took each vocabulary word into its distinct words (dedupe without a Set per
        // template: the decoding runs at the first license file of every `vouch sbom`).
        var takenBy = [Int32](repeating: -1, count: vocabulary.count)
        for line in templateData.utf8.split(separator: 0x0A) {
            guard let space = line.firstIndex(of: 0x20) else { continue }
            var id = String(decoding: line[..<space], as: UTF8.self)
            let isHeader = id.hasSuffix("#header")
            if isHeader { id.removeLast("#header".count) }
            let code = Array(line[line.index(after: space)...])
            var items: [Item] = []
            items.reserveCapacity(code.count / 3)
            var optional = false
            var index = 0
            func number(_ width: Int) -> Int32 {
                var value: Int32 = 0
                for _ in 0..<width { value = value << 6 | digit[Int(code[index])]; index += 1 }
                return value
            }
            while index < code.count {
                switch code[index] {
                case UInt8(ascii: "["): optional = true; index += 1
                case UInt8(ascii: "]"): optional = false; index += 1
                case UInt8(ascii: "*"): index += 1; items.append(Item(word: -1, optional: optional, gapLimit: number(2)))
                default: items.append(Item(word: number(3), optional: optional, gapLimit: 0))
                }
            }
            var requiredCount = 0
            var distinct: [Int32] = []
            let stamp = Int32(templates.count)
            for item in items where item.word >= 0 && !item.optional {
                requiredCount += 1
                let word = Int(item.word)
                if word < takenBy.count, takenBy[word] != stamp {
                    takenBy[word] = stamp
                    distinct.append(item.word)
                }
            }
            templates.append(Template(id: id, isHeader: isHeader, items: items, requiredCount: requiredCount, distinctRequired: distinct))
        }
        return templates
    }
}

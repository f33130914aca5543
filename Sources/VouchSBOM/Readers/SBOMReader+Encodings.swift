import VouchCore

extension SBOMReader {
    /// The document as JSON: JSON as it is; CycloneDX XML (a document starting with `<`) and SPDX
    /// tag-value (starting with an `SPDXVersion:` tag) restated as the CycloneDX or SPDX JSON of the same
    /// document (``CycloneDXXMLReading``, ``SPDXTagValueReading``), so every encoding is read by the one set
    /// of model rules.
    static func jsonText(of bytes: [UInt8], path: String) throws(VouchError) -> [UInt8] {
        var index = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        while index < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[index]) { index += 1 }
        if index < bytes.count, bytes[index] == UInt8(ascii: "<") { return try CycloneDXXMLReading.json(bytes, path: path) }
        if SPDXTagValueReading.looksLikeTagValue(bytes) { return try SPDXTagValueReading.json(bytes, path: path) }
        return bytes
    }
}

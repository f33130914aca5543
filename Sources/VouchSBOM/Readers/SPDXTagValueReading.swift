import VouchCore

/// SPDX 2.2/2.3 tag-value (SPDX 2.3 Annex "SPDX Lite"/"tag-value format": `Tag: value` lines, a value
/// spanning lines in `<text>...</text>`, `#` comment lines) into the model, by restating the parts the model
/// reads in SPDX JSON's terms and handing them to ``SPDXJSONReading``, so both encodings are read by the
/// same rules.
///
/// Read: the document's `SPDXVersion`, `DocumentName` and `Created`; per package (from its `PackageName`
/// to the next `PackageName`, `FileName`, `SnippetSPDXID` or `LicenseID`) `SPDXID`, `PackageVersion`,
/// `PackageHomePage`, `PackageSourceInfo`, `PackageLicenseDeclared`, `PackageSummary`, `PackageComment`,
/// `ExternalRef` (`CATEGORY TYPE LOCATOR`) and `PrimaryPackagePurpose`; and every `Relationship: A TYPE B`.
/// A file listed after a package belongs to it (the format's rule) but files are not packages, so they
/// are skipped. Inside `<text>`, Vouch's encoder spells a literal `</text>` as `&lt;/text>`, read back
/// here; nothing else is unescaped, as the format defines no escapes.
enum SPDXTagValueReading {
    /// Whether `bytes` start (after blank and `#` comment lines) with an `SPDXVersion:` tag.
    static func looksLikeTagValue(_ bytes: [UInt8]) -> Bool {
        var index = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        while index < bytes.count {
            while index < bytes.count, bytes[index] == 0x20 || bytes[index] == 0x09 || bytes[index] == 0x0A || bytes[index] == 0x0D { index += 1 }
            guard index < bytes.count else { return false }
            if bytes[index] == UInt8(ascii: "#") {
                while index < bytes.count, bytes[index] != 0x0A { index += 1 }
                continue
            }
            return bytes[index...].starts(with: Array("SPDXVersion:".utf8))
        }
        return false
    }

    /// One `Tag: value` and the line it starts on.
    struct Field {
        var tag: String
        var value: String
        var line: Int
    }

    /// The fields of the document, in order.
    static func fields(_ bytes: [UInt8], path: String) throws(VouchError) -> [Field] {
        guard let text = String(validating: bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? Array(bytes.dropFirst(3)) : bytes, as: UTF8.self) else {
            throw VouchError(.malformedInput, "the SPDX tag-value document is not UTF-8", path: path)
        }
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { $0.hasSuffix("\r") ? $0.dropLast() : $0 }
        var fields: [Field] = []
        var index = 0
        while index < lines.count {
            let line = lines[index]
            let number = index + 1
            index += 1
            let trimmed = line.drop { $0 == " " || $0 == "\t" }
            if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
            guard let colon = line.firstIndex(of: ":") else {
                throw VouchError(.malformedInput, "line \(number): expected 'Tag: value', found \"\(line.prefix(60))\"", path: path)
            }
            let tag = String(line[..<colon]).trimmingXMLWhitespace
            var value = String(line[line.index(after: colon)...].drop { $0 == " " || $0 == "\t" })
            if value.hasPrefix("<text>") {
                var body = String(value.dropFirst(6))
                while !body.contains("</text>") {
                    guard index < lines.count else {
                        throw VouchError(.malformedInput, "line \(number): the <text> value of \(tag) is not closed with </text>", path: path)
                    }
                    body += "\n" + lines[index]
                    index += 1
                }
                value = String(body[..<body.range(of: "</text>")!.lowerBound]).replacingOccurrences(of: "&lt;/text>", with: "</text>")
            } else {
                value = value.trimmingXMLWhitespace
            }
            fields.append(Field(tag: tag, value: value, line: number))
        }
        return fields
    }

    /// The SPDX JSON text of the tag-value document in `bytes`.
    static func json(_ bytes: [UInt8], path: String) throws(VouchError) -> [UInt8] {
        var document: [String: String] = [:]
        var packages: [[Field]] = []
        var relationships: [(String, String, String)] = []
        /// Where the following package-level tags go: a package, or nothing (a file, snippet or license).
        var inPackage = false
        for field in try fields(bytes, path: path) {
            switch field.tag {
            case "PackageName":
                packages.append([field])
                inPackage = true
                try SBOMReader.checkCount(packages.count, path: path)
            case "FileName", "SnippetSPDXID", "LicenseID":
                inPackage = false
            case "Relationship":
                let words = field.value.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
                guard words.count == 3 else {
                    throw VouchError(.malformedInput, "line \(field.line): a Relationship is 'ELEMENT TYPE RELATED', found \"\(field.value)\"", path: path)
                }
                relationships.append((words[0], words[1], words[2]))
            default:
                if inPackage {
                    packages[packages.count - 1].append(field)
                } else if packages.isEmpty, document[field.tag] == nil {
                    document[field.tag] = field.value
                }
            }
        }
        var json = JSONWriter()
        json.beginObject()
        json.member("spdxVersion", document["SPDXVersion"])
        json.member("SPDXID", document["SPDXID"])
        json.member("name", document["DocumentName"])
        if let created = document["Created"] { json.object("creationInfo") { json in json.member("created", created) } }
        json.array("packages", packages) { json, fields in
            json.object { json in
                let first = { (tag: String) in fields.first { $0.tag == tag }?.value }
                json.member("SPDXID", first("SPDXID"))
                json.member("name", first("PackageName"))
                json.member("versionInfo", first("PackageVersion"))
                json.member("homepage", first("PackageHomePage"))
                json.member("sourceInfo", first("PackageSourceInfo"))
                json.member("licenseDeclared", first("PackageLicenseDeclared"))
                json.member("summary", first("PackageSummary"))
                json.member("comment", first("PackageComment"))
                json.member("primaryPackagePurpose", first("PrimaryPackagePurpose"))
                let references = fields.filter { $0.tag == "ExternalRef" }.compactMap { field -> [String]? in
                    let words = field.value.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
                    return words.count >= 3 ? words : nil
                }
                json.array("externalRefs", references) { json, words in
                    json.object { json in
                        // SPDX 2.2 spells the category PACKAGE-MANAGER, 2.3 also PACKAGE_MANAGER.
                        json.member("referenceCategory", words[0].replacingOccurrences(of: "-", with: "_"))
                        json.member("referenceType", words[1])
                        json.member("referenceLocator", words[2...].joined(separator: " "))
                    }
                }
            }
        }
        json.array("relationships", relationships) { json, relationship in
            json.object { json in
                json.member("spdxElementId", relationship.0)
                json.member("relationshipType", relationship.1)
                json.member("relatedSpdxElement", relationship.2)
            }
        }
        json.endObject()
        return json.finish()
    }
}

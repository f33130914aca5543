public import VouchCore

/// SPDX 2.3 JSON (SPDX 2.3 Annex (JSON schema) `spdx-schema.json`).
public struct SPDXJSONEncoder: SBOMEncoder {
    public let format = SBOMFormat.spdxJSON
    public init() {}

    public func encode(_ document: SBOMDocument, options: SBOMEncodingOptions) throws(VouchError) -> [UInt8] {
        let model = SPDXDocumentModel(document, options: options)
        var json = JSONWriter(capacity: 1024 + document.packages.count * 1024)
        json.beginObject()
        json.member("spdxVersion", "SPDX-2.3")
        json.member("dataLicense", "CC0-1.0")
        json.member("SPDXID", "SPDXRef-DOCUMENT")
        json.member("name", model.name)
        json.member("documentNamespace", model.namespace)
        json.object("creationInfo") { json in
            json.member("created", model.created)
            json.array("creators", model.creators) { json, creator in json.string(creator) }
            json.member("licenseListVersion", model.licenseListVersion)
            json.member("comment", SBOMEncodingOptions.creationComment)
        }
        json.array("packages", model.packages, omitWhenEmpty: false) { json, package in Self.write(package, into: &json) }
        json.array("files", model.files) { json, file in
            json.object { json in
                json.member("SPDXID", file.spdxID)
                json.member("fileName", file.name)
                Self.writeChecksums(file.checksums, into: &json, omitWhenEmpty: false)
                json.member("licenseConcluded", "NOASSERTION")
                json.member("copyrightText", "NOASSERTION")
            }
        }
        json.array("hasExtractedLicensingInfos", model.extractedLicenses) { json, reference in
            json.object { json in
                json.member("licenseId", reference.id)
                json.member("extractedText", reference.text)
                json.member("name", reference.name)
            }
        }
        json.array("relationships", model.relationships, omitWhenEmpty: false) { json, relationship in
            json.object { json in
                json.member("spdxElementId", relationship.element)
                json.member("relationshipType", relationship.type)
                json.member("relatedSpdxElement", relationship.related)
                json.member("comment", relationship.comment)
            }
        }
        json.endObject()
        return json.finish()
    }

    private static func write(_ package: SPDXDocumentModel.Package, into json: inout JSONWriter) {
        json.object { json in
            json.member("SPDXID", package.spdxID)
            json.member("name", package.name)
            json.member("versionInfo", package.version)
            json.member("supplier", package.supplier)
            json.member("originator", package.originator)
            json.member("downloadLocation", "NOASSERTION")
            json.member("filesAnalyzed", package.verificationCode != nil)
            if let code = package.verificationCode {
                json.object("packageVerificationCode") { json in json.member("packageVerificationCodeValue", code) }
            }
            writeChecksums(package.checksums, into: &json, omitWhenEmpty: true)
            json.member("homepage", package.homepage)
            json.member("sourceInfo", package.sourceInfo)
            json.member("licenseConcluded", package.licenseConcluded)
            json.member("licenseDeclared", package.licenseDeclared)
            json.member("licenseComments", package.licenseComments)
            json.member("copyrightText", "NOASSERTION")
            json.member("summary", package.summary)
            json.member("comment", package.comment)
            if let purl = package.purl {
                json.array("externalRefs", [purl]) { json, purl in
                    json.object { json in
                        json.member("referenceCategory", "PACKAGE-MANAGER")
                        json.member("referenceType", "purl")
                        json.member("referenceLocator", purl)
                    }
                }
            }
            json.member("primaryPackagePurpose", package.purpose)
        }
    }

    private static func writeChecksums(_ checksums: [(algorithm: String, value: String)], into json: inout JSONWriter, omitWhenEmpty: Bool) {
        json.array("checksums", checksums, omitWhenEmpty: omitWhenEmpty) { json, checksum in
            json.object { json in
                json.member("algorithm", checksum.algorithm)
                json.member("checksumValue", checksum.value)
            }
        }
    }
}

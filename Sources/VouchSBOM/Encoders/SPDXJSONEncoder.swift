public import VouchCore

/// SPDX 2.3 JSON (SPDX 2.3 Annex (JSON schema) `spdx-schema.json`).
public struct SPDXJSONEncoder: SBOMEncoder {
    public let format = SBOMFormat.spdxJSON
    public init() {}

    public func encode(_ document: SBOMDocument, options: SBOMEncodingOptions) throws(VouchError) -> String {
        let model = SPDXDocumentModel(document, options: options)
        var root = JSONObjectBuilder()
        root.add("spdxVersion", .string("SPDX-2.3"))
        root.add("dataLicense", .string("CC0-1.0"))
        root.add("SPDXID", .string("SPDXRef-DOCUMENT"))
        root.add("name", .string(model.name))
        root.add("documentNamespace", .string(model.namespace))
        root.add("creationInfo", .object([
            ("created", .string(model.created)),
            ("creators", .array([.string(model.creator)])),
            ("licenseListVersion", .string(model.licenseListVersion)),
        ]))
        root.add("packages", .array(model.packages.map(Self.package)))
        root.addNonEmpty("files", model.files.map { file in
            .object([
                ("SPDXID", .string(file.spdxID)), ("fileName", .string(file.name)),
                ("checksums", .array(file.checksums.map { .object([("algorithm", .string($0.algorithm)), ("checksumValue", .string($0.value))]) })),
                ("licenseConcluded", .string("NOASSERTION")), ("copyrightText", .string("NOASSERTION")),
            ])
        })
        root.addNonEmpty("hasExtractedLicensingInfos", model.extractedLicenses.map { reference in
            .object([("licenseId", .string(reference.id)), ("extractedText", .string(reference.text)), ("name", .string(reference.name))])
        })
        root.add("relationships", .array(model.relationships.map { relationship in
            .object([
                ("spdxElementId", .string(relationship.element)),
                ("relationshipType", .string(relationship.type)),
                ("relatedSpdxElement", .string(relationship.related)),
            ])
        }))
        return root.value.serialized()
    }

    private static func package(_ package: SPDXDocumentModel.Package) -> JSONValue {
        var object = JSONObjectBuilder()
        object.add("SPDXID", .string(package.spdxID))
        object.add("name", .string(package.name))
        object.add("versionInfo", package.version)
        object.add("downloadLocation", .string("NOASSERTION"))
        object.add("filesAnalyzed", .bool(package.verificationCode != nil))
        if let code = package.verificationCode { object.add("packageVerificationCode", .object([("packageVerificationCodeValue", .string(code))])) }
        object.addNonEmpty("checksums", package.checksums.map { .object([("algorithm", .string($0.algorithm)), ("checksumValue", .string($0.value))]) })
        object.add("homepage", package.homepage)
        object.add("sourceInfo", package.sourceInfo)
        object.add("licenseConcluded", .string("NOASSERTION"))
        object.add("licenseDeclared", .string(package.licenseDeclared))
        object.add("copyrightText", .string("NOASSERTION"))
        object.add("summary", package.summary)
        object.add("comment", package.comment)
        if let purl = package.purl {
            object.add("externalRefs", .array([.object([
                ("referenceCategory", .string("PACKAGE-MANAGER")),
                ("referenceType", .string("purl")),
                ("referenceLocator", .string(purl)),
            ])]))
        }
        object.add("primaryPackagePurpose", .string(package.purpose))
        return object.value
    }
}

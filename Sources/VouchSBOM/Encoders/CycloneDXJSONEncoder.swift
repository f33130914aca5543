public import VouchCore

/// CycloneDX JSON, specification 1.6 (or 1.5 on request): `bom-1.6.schema.json`.
public struct CycloneDXJSONEncoder: SBOMEncoder {
    public let format = SBOMFormat.cycloneDXJSON
    public init() {}

    public func encode(_ document: SBOMDocument, options: SBOMEncodingOptions) throws(VouchError) -> String {
        let model = CycloneDXDocumentModel(document, options: options)
        var root = JSONObjectBuilder()
        root.add("$schema", .string("http://cyclonedx.org/schema/bom-\(model.specVersion).schema.json"))
        root.add("bomFormat", .string("CycloneDX"))
        root.add("specVersion", .string(model.specVersion))
        root.add("serialNumber", .string(model.serialNumber))
        root.add("version", .int(1))
        root.add("metadata", .object([
            ("timestamp", .string(model.timestamp)),
            ("tools", .object([("components", .array([.object([
                ("type", .string("application")), ("name", .string("vouch")), ("version", .string(model.toolVersion)),
            ])]))])),
            ("component", Self.component(model.root)),
        ]))
        root.add("components", .array(model.components.map(Self.component)))
        root.add("dependencies", .array(model.dependencies.map { dependency in
            var object = JSONObjectBuilder()
            object.add("ref", .string(dependency.ref))
            object.addNonEmpty("dependsOn", dependency.dependsOn.map { .string($0) })
            return object.value
        }))
        return root.value.serialized()
    }

    private static func component(_ component: CycloneDXDocumentModel.Component) -> JSONValue {
        var object = JSONObjectBuilder()
        object.add("type", .string(component.type))
        object.add("bom-ref", .string(component.bomRef))
        object.add("name", .string(component.name))
        object.add("version", component.version)
        object.add("description", component.description)
        object.addNonEmpty("hashes", component.hashes.map { .object([("alg", .string($0.algorithm)), ("content", .string($0.value))]) })
        object.addNonEmpty("licenses", licenses(component.license))
        object.add("purl", component.purl)
        object.addNonEmpty("externalReferences", component.externalReferences.map { .object([("type", .string($0.type)), ("url", .string($0.url))]) })
        object.addNonEmpty("properties", component.properties.map { .object([("name", .string($0.name)), ("value", .string($0.value))]) })
        object.addNonEmpty("components", component.components.map(Self.component))
        return object.value
    }

    /// One SPDX id as `license.id`; a compound expression as `expression`; a `LicenseRef-` with its text as a
    /// named license carrying the text (CycloneDX has no place for a LicenseRef's text in an expression).
    private static func licenses(_ license: PackageLicense) -> [JSONValue] {
        guard let expression = license.expression else { return [] }
        if let reference = license.references.first, license.references.count == 1, reference.id == expression {
            return [.object([("license", .object([
                ("name", .string(reference.name)),
                ("text", .object([("contentType", .string("text/plain")), ("content", .string(reference.text))])),
            ]))])]
        }
        if SPDXLicenseList.license(expression) != nil {
            return [.object([("license", .object([("id", .string(expression))]))])]
        }
        return [.object([("expression", .string(expression))])]
    }
}

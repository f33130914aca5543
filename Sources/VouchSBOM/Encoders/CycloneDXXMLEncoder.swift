public import VouchCore

/// CycloneDX XML, specification 1.6 (or 1.5 on request): `bom-1.6.xsd`, elements in the schema's sequence
/// order.
public struct CycloneDXXMLEncoder: SBOMEncoder {
    public let format = SBOMFormat.cycloneDXXML
    public init() {}

    public func encode(_ document: SBOMDocument, options: SBOMEncodingOptions) throws(VouchError) -> [UInt8] {
        let model = CycloneDXDocumentModel(document, options: options)
        var xml = XMLWriter()
        xml.open("bom", [("xmlns", "http://cyclonedx.org/schema/bom/\(model.specVersion)"), ("serialNumber", model.serialNumber), ("version", "1")])
        xml.open("metadata")
        xml.element("timestamp", model.timestamp)
        xml.open("lifecycles")
        xml.open("lifecycle")
        xml.element("phase", "post-build")
        xml.close()
        xml.close()
        xml.open("tools")
        xml.open("components")
        xml.open("component", [("type", "application")])
        xml.element("name", "vouch")
        xml.element("version", model.toolVersion)
        xml.close()
        xml.close()
        xml.close()
        if let author = model.author {
            xml.open("authors")
            xml.open("author")
            xml.element("name", author.name)
            xml.element("email", author.email)
            xml.close()
            xml.close()
        }
        Self.component(model.root, specVersion: model.specVersion, into: &xml)
        if let author = model.author { Self.organization(model.specVersion == "1.5" ? "manufacture" : "manufacturer", author, into: &xml) }
        if let supplier = model.root.supplier { Self.organization("supplier", supplier, into: &xml) }
        xml.open("licenses")
        xml.open("license")
        xml.element("id", CycloneDXDocumentModel.dataLicense)
        xml.close()
        xml.close()
        xml.close()
        xml.open("components")
        for component in model.components { Self.component(component, specVersion: model.specVersion, into: &xml) }
        xml.close()
        xml.open("dependencies")
        for dependency in model.dependencies {
            if dependency.dependsOn.isEmpty {
                xml.empty("dependency", [("ref", dependency.ref)])
            } else {
                xml.open("dependency", [("ref", dependency.ref)])
                for target in dependency.dependsOn { xml.empty("dependency", [("ref", target)]) }
                xml.close()
            }
        }
        xml.close()
        if !model.compositions.isEmpty {
            xml.open("compositions")
            for composition in model.compositions {
                xml.open("composition")
                xml.element("aggregate", composition.aggregate)
                xml.open("dependencies")
                for ref in composition.dependencies { xml.empty("dependency", [("ref", ref)]) }
                xml.close()
                xml.close()
            }
            xml.close()
        }
        xml.close()
        return Array(xml.output.utf8)
    }

    /// An organizational entity: its name (the address when it has none), its URL when a source gave one,
    /// and, with an address, one contact (XSD order: name, url, contact).
    private static func organization(_ element: String, _ supplier: SBOMParty, into xml: inout XMLWriter) {
        xml.open(element)
        xml.element("name", supplier.name ?? supplier.email ?? "")
        xml.element("url", supplier.url)
        if supplier.email != nil {
            xml.open("contact")
            xml.element("name", supplier.name)
            xml.element("email", supplier.email)
            xml.close()
        }
        xml.close()
    }

    private static func component(_ component: CycloneDXDocumentModel.Component, specVersion: String, into xml: inout XMLWriter) {
        xml.open("component", [("type", component.type), ("bom-ref", component.bomRef)])
        // XSD order: supplier, (1.6) manufacturer, authors, author, publisher, group, name.
        if let supplier = component.supplier { Self.organization("supplier", supplier, into: &xml) }
        if let manufacturer = component.manufacturer { Self.organization("manufacturer", manufacturer, into: &xml) }
        if !component.authors.isEmpty {
            if specVersion == "1.5" {
                xml.element("author", component.authors.map { $0.name ?? $0.email ?? "" }.joined(separator: ", "))
            } else {
                xml.open("authors")
                for author in component.authors {
                    xml.open("author")
                    xml.element("name", author.name)
                    xml.element("email", author.email)
                    xml.close()
                }
                xml.close()
            }
        }
        xml.element("name", component.name)
        xml.element("version", component.version)
        xml.element("description", component.description)
        if !component.hashes.isEmpty {
            xml.open("hashes")
            for hash in component.hashes { xml.element("hash", hash.value, [("alg", hash.algorithm)]) }
            xml.close()
        }
        if let choice = CycloneDXLicenseChoice(component.license) {
            xml.open("licenses")
            switch choice {
            case .named(let name, let text):
                xml.open("license", specVersion != "1.5" ? [("acknowledgement", "declared")] : [])
                xml.element("name", name)
                xml.element("text", text, [("content-type", "text/plain")])
                xml.close()
            case .id(let id):
                // The notes of what the id was derived from are its text, and from 1.6 on it is
                // acknowledged as declared (the JSON encoder's rule).
                let acknowledges = specVersion != "1.5"
                xml.open("license", acknowledges ? [("acknowledgement", "declared")] : [])
                xml.element("id", id)
                if !component.license.notes.isEmpty {
                    xml.element("text", component.license.notes.joined(separator: "\n"), [("content-type", "text/plain")])
                }
                xml.close()
            case .expression(let expression):
                xml.element("expression", expression, specVersion != "1.5" ? [("acknowledgement", "declared")] : [])
            }
            if let concluded = component.concludedID(specVersion: specVersion) {
                xml.open("license", [("acknowledgement", "concluded")])
                xml.element("id", concluded.id)
                xml.element("text", concluded.notes.joined(separator: "\n"), [("content-type", "text/plain")])
                xml.close()
            }
            xml.close()
        }
        xml.element("purl", component.purl)
        if !component.externalReferences.isEmpty {
            xml.open("externalReferences")
            for reference in component.externalReferences {
                xml.open("reference", [("type", reference.type)])
                xml.element("url", reference.url)
                xml.close()
            }
            xml.close()
        }
        if !component.properties.isEmpty {
            xml.open("properties")
            for property in component.properties { xml.element("property", property.value, [("name", property.name)]) }
            xml.close()
        }
        if !component.components.isEmpty {
            xml.open("components")
            for child in component.components { Self.component(child, specVersion: specVersion, into: &xml) }
            xml.close()
        }
        xml.close()
    }
}

import VouchCore

/// CycloneDX XML 1.4-1.7 (`bom-1.x.xsd`, namespace `http://cyclonedx.org/schema/bom/1.x`) into the model,
/// by restating the parts the model reads in CycloneDX JSON's terms (the XSD and the JSON schema describe
/// one object model) and handing them to ``CycloneDXJSONReading``, so both encodings of a BOM are read by
/// the same rules: `metadata/component`, `components/component` (nested ones too), `name`, `version`,
/// `description`, `purl`, `@type`, `@bom-ref`, `licenses` (`license/id`, `license/name` + `text`,
/// `expression`, `@acknowledgement`), `supplier`, `authors`, `hashes/hash/@alg`, `copyright`, `cpe`,
/// `externalReferences/reference/@type` + `url`, `properties/property/@name`, and `dependencies/dependency/@ref` with the `dependency`
/// refs inside it. Elements of other namespaces (prefixed extensions) are ignored, as the XSD's `##other`
/// wildcards allow.
enum CycloneDXXMLReading {
    static let namespacePrefix = "http://cyclonedx.org/schema/bom/"
    static let versions = ["1.4", "1.5", "1.6", "1.7"]

    /// The CycloneDX JSON text of the XML BOM in `bytes`.
    static func json(_ bytes: [UInt8], path: String) throws(VouchError) -> [UInt8] {
        let root = try XMLElementTree.parse(bytes, path: path)
        guard root.name == "bom" else {
            throw VouchError(.unsupportedInput, "the XML document's root is <\(root.name)>, not a CycloneDX <bom>", path: path)
        }
        let namespace = root.attribute("xmlns") ?? ""
        guard namespace.hasPrefix(namespacePrefix), versions.contains(String(namespace.dropFirst(namespacePrefix.count))) else {
            throw VouchError(.unsupportedInput, "CycloneDX XML namespace \"\(namespace)\" is not read (\(namespacePrefix)1.4 to 1.7 are)", path: path)
        }
        var json = JSONWriter()
        json.beginObject()
        json.member("bomFormat", "CycloneDX")
        json.member("specVersion", String(namespace.dropFirst(namespacePrefix.count)))
        if let metadata = root.child("metadata") {
            json.object("metadata") { json in
                json.member("timestamp", metadata.childText("timestamp"))
                if let component = metadata.child("component") { json.key("component"); Self.component(component, into: &json) }
            }
        }
        try SBOMReader.checkCount(Self.count(root.child("components")), path: path)
        json.array("components", root.child("components")?.children("component") ?? []) { json, component in Self.component(component, into: &json) }
        json.array("dependencies", root.child("dependencies")?.children("dependency") ?? []) { json, dependency in
            json.object { json in
                json.member("ref", dependency.attribute("ref"))
                json.array("dependsOn", dependency.children("dependency").compactMap { $0.attribute("ref") }) { json, ref in json.string(ref) }
            }
        }
        json.endObject()
        return json.finish()
    }

    /// Components at every depth under `components`.
    private static func count(_ components: XMLElementNode?) -> Int {
        (components?.children("component") ?? []).reduce(0) { $0 + 1 + count($1.child("components")) }
    }

    /// An `organizationalContact`: name, email.
    private static func contact(_ node: XMLElementNode, into json: inout JSONWriter) {
        json.object { json in
            json.member("name", node.childText("name"))
            json.member("email", node.childText("email"))
        }
    }

    private static func component(_ node: XMLElementNode, into json: inout JSONWriter) {
        json.object { json in
            json.member("type", node.attribute("type"))
            json.member("bom-ref", node.attribute("bom-ref"))
            json.member("name", node.childText("name"))
            json.member("version", node.childText("version"))
            json.member("description", node.childText("description"))
            json.member("purl", node.childText("purl"))
            json.member("copyright", node.childText("copyright"))
            json.member("cpe", node.childText("cpe"))
            if let supplier = node.child("supplier") {
                json.object("supplier") { json in
                    json.member("name", supplier.childText("name"))
                    json.array("url", supplier.children("url")) { json, url in json.string(url.text.trimmingXMLWhitespace) }
                    json.array("contact", supplier.children("contact")) { json, contact in Self.contact(contact, into: &json) }
                }
            }
            json.array("authors", node.child("authors")?.children("author") ?? []) { json, author in Self.contact(author, into: &json) }
            json.array("hashes", node.child("hashes")?.children("hash") ?? []) { json, hash in
                json.object { json in
                    json.member("alg", hash.attribute("alg"))
                    json.member("content", hash.text.trimmingXMLWhitespace)
                }
            }
            json.array("externalReferences", node.child("externalReferences")?.children("reference") ?? []) { json, reference in
                json.object { json in
                    json.member("type", reference.attribute("type"))
                    json.member("url", reference.childText("url"))
                    json.array("hashes", reference.child("hashes")?.children("hash") ?? []) { json, hash in
                        json.object { json in
                            json.member("alg", hash.attribute("alg"))
                            json.member("content", hash.text.trimmingXMLWhitespace)
                        }
                    }
                }
            }
            json.array("licenses", (node.child("licenses")?.children ?? []).filter { $0.name == "license" || $0.name == "expression" }) { json, choice in
                json.object { json in
                    switch choice.name {
                    case "expression":
                        json.member("expression", choice.text.trimmingXMLWhitespace)
                        json.member("acknowledgement", choice.attribute("acknowledgement"))
                    default:
                        json.object("license") { json in
                            json.member("acknowledgement", choice.attribute("acknowledgement"))
                            json.member("id", choice.childText("id"))
                            json.member("name", choice.childText("name"))
                            // License text is kept exactly as written.
                            if let text = choice.child("text") { json.object("text") { json in json.member("content", text.text) } }
                        }
                    }
                }
            }
            json.array("properties", node.child("properties")?.children("property") ?? []) { json, property in
                json.object { json in
                    json.member("name", property.attribute("name"))
                    json.member("value", property.text)
                }
            }
            json.array("components", node.child("components")?.children("component") ?? []) { json, child in Self.component(child, into: &json) }
        }
    }
}

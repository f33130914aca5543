public import VouchCore

/// CycloneDX JSON, specification 1.6 (or 1.5 on request): `bom-1.6.schema.json`.
public struct CycloneDXJSONEncoder: SBOMEncoder {
    public let format = SBOMFormat.cycloneDXJSON
    public init() {}

    public func encode(_ document: SBOMDocument, options: SBOMEncodingOptions) throws(VouchError) -> [UInt8] {
        let model = CycloneDXDocumentModel(document, options: options)
        var json = JSONWriter(capacity: 1024 + document.packages.count * 1024)
        json.beginObject()
        json.member("$schema", "http://cyclonedx.org/schema/bom-\(model.specVersion).schema.json")
        json.member("bomFormat", "CycloneDX")
        json.member("specVersion", model.specVersion)
        json.member("serialNumber", model.serialNumber)
        json.member("version", 1)
        json.object("metadata") { json in
            json.member("timestamp", model.timestamp)
            json.array("lifecycles", ["post-build"]) { json, phase in json.object { json in json.member("phase", phase) } }
            json.object("tools") { json in
                json.array("components", [model.toolVersion]) { json, version in
                    json.object { json in
                        json.member("type", "application")
                        json.member("name", "vouch")
                        json.member("version", version)
                    }
                }
            }
            if let author = model.author {
                json.array("authors", [author]) { json, author in
                    json.object { json in
                        json.member("name", author.name)
                        json.member("email", author.email)
                    }
                }
            }
            json.key("component")
            Self.write(model.root, specVersion: model.specVersion, into: &json)
            if let author = model.author { Self.organization(model.specVersion == "1.5" ? "manufacture" : "manufacturer", author, into: &json) }
            // The root's supplier supplies what the BOM describes (CycloneDX metadata.supplier).
            if let supplier = model.root.supplier { Self.organization("supplier", supplier, into: &json) }
            json.array("licenses", [CycloneDXDocumentModel.dataLicense]) { json, id in
                json.object { json in json.object("license") { json in json.member("id", id) } }
            }
        }
        json.array("components", model.components, omitWhenEmpty: false) { json, component in Self.write(component, specVersion: model.specVersion, into: &json) }
        json.array("dependencies", model.dependencies, omitWhenEmpty: false) { json, dependency in
            json.object { json in
                json.member("ref", dependency.ref)
                json.array("dependsOn", dependency.dependsOn) { json, ref in json.string(ref) }
            }
        }
        json.array("compositions", model.compositions) { json, composition in
            json.object { json in
                json.member("aggregate", composition.aggregate)
                json.array("dependencies", composition.dependencies) { json, ref in json.string(ref) }
            }
        }
        json.endObject()
        return json.finish()
    }

    /// An organizational entity under `key` (a supplier, a manufacturer): its name (the address when it has
    /// none), its URL when a source gave one, and, with an address, one contact.
    private static func organization(_ key: String, _ party: SBOMParty, into json: inout JSONWriter) {
        json.object(key) { json in
            json.member("name", party.name ?? party.email ?? "")
            if let url = party.url { json.array("url", [url]) { json, url in json.string(url) } }
            if party.email != nil {
                json.array("contact", [party]) { json, contact in
                    json.object { json in
                        json.member("name", contact.name)
                        json.member("email", contact.email)
                    }
                }
            }
        }
    }

    private static func write(_ component: CycloneDXDocumentModel.Component, specVersion: String, into json: inout JSONWriter) {
        json.object { json in
            json.member("type", component.type)
            json.member("bom-ref", component.bomRef)
            if let supplier = component.supplier { Self.organization("supplier", supplier, into: &json) }
            if let manufacturer = component.manufacturer { Self.organization("manufacturer", manufacturer, into: &json) }
            if specVersion == "1.5" {
                json.member("author", component.authors.isEmpty ? nil : component.authors.map { $0.name ?? $0.email ?? "" }.joined(separator: ", "))
            } else {
                json.array("authors", component.authors) { json, author in
                    json.object { json in
                        json.member("name", author.name)
                        json.member("email", author.email)
                    }
                }
            }
            json.member("name", component.name)
            json.member("version", component.version)
            json.member("description", component.description)
            json.array("hashes", component.hashes) { json, hash in
                json.object { json in
                    json.member("alg", hash.algorithm)
                    json.member("content", hash.value)
                }
            }
            writeLicenses(component.license, concluded: component.concludedID(specVersion: specVersion), specVersion: specVersion, into: &json)
            json.member("purl", component.purl)
            json.array("externalReferences", component.externalReferences) { json, reference in
                json.object { json in
                    json.member("type", reference.type)
                    json.member("url", reference.url)
                }
            }
            json.array("properties", component.properties) { json, property in
                json.object { json in
                    json.member("name", property.name)
                    json.member("value", property.value)
                }
            }
            json.array("components", component.components) { json, child in write(child, specVersion: specVersion, into: &json) }
        }
    }

    /// The `licenses` member (``CycloneDXLicenseChoice``); left out when nothing is known.
    /// From 1.6 on every license says `acknowledgement: declared`: it is what the package's metadata (or
    /// its license files) declare. A license Vouch concluded is a second entry acknowledged `concluded`
    /// (``CycloneDXDocumentModel/Component/concludedID(specVersion:)``). An id carries the notes of what it
    /// was derived from, or how it was concluded, as its text.
    private static func writeLicenses(_ license: PackageLicense, concluded: (id: String, notes: [String])? = nil, specVersion: String,
                                      into json: inout JSONWriter) {
        let acknowledges = specVersion != "1.5"
        guard let choice = CycloneDXLicenseChoice(license) else { return }
        json.key("licenses")
        json.beginArray()
        json.object { json in
            switch choice {
            case .named(let name, let text):
                json.object("license") { json in
                    json.member("name", name)
                    if acknowledges { json.member("acknowledgement", "declared") }
                    json.object("text") { json in
                        json.member("contentType", "text/plain")
                        json.member("content", text)
                    }
                }
            case .id(let id):
                json.object("license") { json in
                    json.member("id", id)
                    if acknowledges { json.member("acknowledgement", "declared") }
                    if !license.notes.isEmpty {
                        json.object("text") { json in
                            json.member("contentType", "text/plain")
                            json.member("content", license.notes.joined(separator: "\n"))
                        }
                    }
                }
            case .expression(let expression):
                json.member("expression", expression)
                if acknowledges { json.member("acknowledgement", "declared") }
            }
        }
        if let concluded {
            json.object { json in
                json.object("license") { json in
                    json.member("id", concluded.id)
                    json.member("acknowledgement", "concluded")
                    json.object("text") { json in
                        json.member("contentType", "text/plain")
                        json.member("content", concluded.notes.joined(separator: "\n"))
                    }
                }
            }
        }
        json.endArray()
    }
}

import Foundation
public import VouchCore
public import VouchSBOM

/// The official CycloneDX and SPDX 2.3 JSON schemas bundled into Vouch (`Schemas/sbom/`, embedded by
/// `scripts/sbom-cyclonedx-schemas.py` and `scripts/sbom-spdx-schema.py`) and the validator over them.
public enum SBOMSchemas {
    /// Where the bundled CycloneDX schemas come from (package and specification commit).
    public static var cycloneDXSource: String { cycloneDXSchemaSource }

    /// Where the bundled SPDX 2.3 schema comes from (spdx/spdx-spec tag and commit).
    public static var spdxSource: String { spdxSchemaSource }

    /// The schema file for a CycloneDX `specVersion`, nil for a version with none bundled.
    public static func cycloneDXSchema(for version: String) -> String? {
        ["1.4", "1.5", "1.6", "1.7"].contains(version) ? "bom-\(version).SNAPSHOT.schema.json" : nil
    }

    /// A validator over every bundled schema (parsed on each call; a validator caches what it compiles).
    static func validator() throws(VouchError) -> JSONSchemaValidator {
        var documents: [String: JSONNode] = [:]
        for (name, text) in cycloneDXSchemaTexts {
            documents[name] = try JSONNode(parsing: Array(text.utf8), path: "Schemas/sbom/" + name)
        }
        documents[spdxSchemaName] = try JSONNode(parsing: Array(spdxSchemaText.utf8), path: "Schemas/sbom/" + spdxSchemaName)
        return JSONSchemaValidator(documents: documents)
    }
}

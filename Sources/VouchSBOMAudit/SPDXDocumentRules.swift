import Foundation
public import VouchCore
public import VouchSBOM

/// SPDX 2.2/2.3 JSON checked against the specification's mandatory fields and value syntax, written from
/// the SPDX 2.3 specification (clauses cited per rule). SPDX 2.3 documents are also validated against the
/// official `spdx-schema.json` (`Schemas/sbom/`); these rules add what the schema leaves unsaid (the
/// SPDXID and license expression grammar, value syntax). Each rule reports the JSON path it failed at.
enum SPDXDocumentRules {
    static let name = "Vouch's SPDX 2.3 clause 6-11 rules"

    /// Clause 3.2/7.2: `SPDXRef-` followed by letters, digits, `.` and `-`.
    static let idPattern = try? NSRegularExpression(pattern: "^SPDXRef-[A-Za-z0-9.-]+$")
    /// Clause 6.9: `YYYY-MM-DDThh:mm:ssZ`.
    static let createdPattern = try? NSRegularExpression(pattern: #"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$"#)
    /// Clause 7.10 checksum algorithms (2.3 adds SHA3, BLAKE2b, BLAKE3, ADLER32).
    static let algorithms: Set<String> = ["SHA1", "SHA224", "SHA256", "SHA384", "SHA512", "SHA3-256", "SHA3-384", "SHA3-512",
                                          "BLAKE2b-256", "BLAKE2b-384", "BLAKE2b-512", "BLAKE3", "MD2", "MD4", "MD5", "MD6", "ADLER32"]
    /// Clause 7.24 primary package purposes.
    static let purposes: Set<String> = ["APPLICATION", "FRAMEWORK", "LIBRARY", "CONTAINER", "OPERATING-SYSTEM", "DEVICE", "FIRMWARE",
                                        "SOURCE", "ARCHIVE", "FILE", "INSTALL", "OTHER"]
    /// Clause 7.21 reference categories (the JSON schema allows both spellings).
    static let categories: Set<String> = ["SECURITY", "PACKAGE-MANAGER", "PACKAGE_MANAGER", "PERSISTENT-ID", "PERSISTENT_ID", "OTHER"]
    /// Clause 11.1 relationship types.
    static let relationshipTypes: Set<String> = [
        "DESCRIBES", "DESCRIBED_BY", "CONTAINS", "CONTAINED_BY", "DEPENDS_ON", "DEPENDENCY_OF", "DEPENDENCY_MANIFEST_OF",
        "BUILD_DEPENDENCY_OF", "DEV_DEPENDENCY_OF", "OPTIONAL_DEPENDENCY_OF", "PROVIDED_DEPENDENCY_OF", "TEST_DEPENDENCY_OF",
        "RUNTIME_DEPENDENCY_OF", "EXAMPLE_OF", "GENERATES", "GENERATED_FROM", "ANCESTOR_OF", "DESCENDANT_OF", "VARIANT_OF",
        "DISTRIBUTION_ARTIFACT", "PATCH_FOR", "PATCH_APPLIED", "COPY_OF", "FILE_ADDED", "FILE_DELETED", "FILE_MODIFIED",
        "EXPANDED_FROM_ARCHIVE", "DYNAMIC_LINK", "STATIC_LINK", "DATA_FILE_OF", "TEST_CASE_OF", "BUILD_TOOL_OF", "DEV_TOOL_OF",
        "TEST_OF", "TEST_TOOL_OF", "DOCUMENTATION_OF", "OPTIONAL_COMPONENT_OF", "METAFILE_OF", "PACKAGE_OF", "AMENDS",
        "PREREQUISITE_FOR", "HAS_PREREQUISITE", "REQUIREMENT_DESCRIPTION_FOR", "SPECIFICATION_FOR", "OTHER",
    ]

    static func check(_ root: JSONNode) -> [SBOMProblem] {
        var problems: [SBOMProblem] = []
        func problem(_ value: JSONNode, _ message: String) {
            if problems.count < JSONSchemaValidator.maximumProblems { problems.append(SBOMProblem(path: value.path.description, message: message)) }
        }
        func missing(_ parent: JSONNode, _ key: String) {
            problem(parent, "required member '\(key)' is missing")
        }
        /// A required (or optional) member that must be a non-empty string.
        @discardableResult
        func text(_ parent: JSONNode, _ key: String, required: Bool = true) -> String? {
            guard let value = parent[key] else {
                if required { missing(parent, key) }
                return nil
            }
            guard let string = value.string else {
                problem(value, "expected a string, found \(value.kind)")
                return nil
            }
            if string.isEmpty { problem(value, "must not be empty") }
            return string
        }
        func matches(_ regex: NSRegularExpression?, _ text: String) -> Bool {
            regex?.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil
        }
        func list(_ parent: JSONNode, _ key: String) -> [JSONNode] {
            guard let value = parent[key] else { return [] }
            guard let items = value.array else {
                problem(value, "expected an array, found \(value.kind)")
                return []
            }
            return items
        }
        func party(_ parent: JSONNode, _ key: String) {
            // Clause 7.5/7.6: `NOASSERTION`, `Person: ...` or `Organization: ...`.
            guard let value = parent[key], let string = value.string else { return }
            if string != "NOASSERTION", !string.hasPrefix("Person:"), !string.hasPrefix("Organization:") {
                problem(value, "must be NOASSERTION or start with 'Person:' or 'Organization:'")
            }
        }
        func checksums(_ parent: JSONNode) {
            for checksum in list(parent, "checksums") {
                if let algorithm = text(checksum, "algorithm"), !algorithms.contains(algorithm) { problem(checksum, "unknown checksum algorithm \(algorithm)") }
                if let value = text(checksum, "checksumValue"), !value.allSatisfy(\.isHexDigit) { problem(checksum, "checksumValue is not hexadecimal") }
            }
        }

        // Clause 6: document creation information.
        if let version = text(root, "spdxVersion"), version != "SPDX-2.3", version != "SPDX-2.2" { problem(root, "spdxVersion must be SPDX-2.3 or SPDX-2.2") }
        if let license = text(root, "dataLicense"), license != "CC0-1.0" { problem(root["dataLicense"]!, "dataLicense must be CC0-1.0 (clause 6.2)") }
        if let id = text(root, "SPDXID"), id != "SPDXRef-DOCUMENT" { problem(root["SPDXID"]!, "the document's SPDXID must be SPDXRef-DOCUMENT (clause 6.3)") }
        text(root, "name")
        if let namespace = text(root, "documentNamespace") {
            if namespace.contains("#") || !namespace.contains(":") { problem(root["documentNamespace"]!, "documentNamespace must be an absolute URI without '#' (clause 6.5)") }
        }
        if let creation = root["creationInfo"] {
            if let created = text(creation, "created"), !matches(createdPattern, created) {
                problem(creation["created"]!, "created must be YYYY-MM-DDThh:mm:ssZ (clause 6.9)")
            }
            let creators = list(creation, "creators")
            if creation["creators"] == nil { missing(creation, "creators") } else if creators.isEmpty { problem(creation, "creators must name at least one creator (clause 6.8)") }
            for creator in creators {
                guard let string = creator.string else { problem(creator, "expected a string, found \(creator.kind)"); continue }
                if !["Person:", "Organization:", "Tool:"].contains(where: string.hasPrefix) { problem(creator, "a creator must start with 'Person:', 'Organization:' or 'Tool:'") }
            }
        } else {
            missing(root, "creationInfo")
        }
        for reference in list(root, "externalDocumentRefs") {
            if let id = text(reference, "externalDocumentId"), !id.hasPrefix("DocumentRef-") { problem(reference, "externalDocumentId must start with DocumentRef-") }
            text(reference, "spdxDocument")
            if reference["checksum"] == nil { missing(reference, "checksum") }
        }

        // Clause 7: packages.
        for package in list(root, "packages") {
            if let id = text(package, "SPDXID"), !matches(idPattern, id) { problem(package["SPDXID"]!, "SPDXID must be SPDXRef- followed by letters, digits, '.' or '-'") }
            text(package, "name")
            text(package, "downloadLocation")
            party(package, "supplier")
            party(package, "originator")
            checksums(package)
            if let purpose = text(package, "primaryPackagePurpose", required: false), !purposes.contains(purpose) {
                problem(package["primaryPackagePurpose"]!, "unknown primaryPackagePurpose \(purpose)")
            }
            for key in ["licenseConcluded", "licenseDeclared"] {
                if let expression = text(package, key, required: false), expression != "NOASSERTION", expression != "NONE",
                   SPDXExpression(expression) == nil {
                    problem(package[key]!, "\(key) is not a valid SPDX license expression (Annex D)")
                }
            }
            if let analyzed = package["filesAnalyzed"], analyzed.kind != .bool { problem(analyzed, "filesAnalyzed must be a boolean") }
            for reference in list(package, "externalRefs") {
                if let category = text(reference, "referenceCategory"), !categories.contains(category) { problem(reference, "unknown referenceCategory \(category)") }
                text(reference, "referenceType")
                if let locator = text(reference, "referenceLocator"), locator.contains(" ") { problem(reference, "referenceLocator must not contain spaces (clause 7.21)") }
            }
        }
        // Clause 8: files.
        for file in list(root, "files") {
            if let id = text(file, "SPDXID"), !matches(idPattern, id) { problem(file["SPDXID"]!, "SPDXID must be SPDXRef- followed by letters, digits, '.' or '-'") }
            text(file, "fileName")
            if file["checksums"] == nil { missing(file, "checksums") }
            checksums(file)
            if !list(file, "checksums").contains(where: { $0["algorithm"]?.string == "SHA1" }) { problem(file, "a file must have a SHA1 checksum (clause 8.4)") }
        }
        // Clause 11: relationships.
        for relationship in list(root, "relationships") {
            text(relationship, "spdxElementId")
            text(relationship, "relatedSpdxElement")
            if let type = text(relationship, "relationshipType"), !relationshipTypes.contains(type) { problem(relationship, "unknown relationshipType \(type)") }
        }
        return problems
    }
}

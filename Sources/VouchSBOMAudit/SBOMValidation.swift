import Foundation
public import VouchCore
public import VouchSBOM

/// `vouch sbom validate`: an SBOM's validity against its format's schema, and its referential integrity.
///
/// CycloneDX 1.4-1.7 JSON is checked against the official JSON schema of its `specVersion` (bundled,
/// ``SBOMSchemas``); SPDX 2.2/2.3 JSON against ``SPDXDocumentRules`` (the SPDX 2.3 specification's
/// mandatory fields and value syntax). Integrity, in both: every element id is unique, every reference
/// names an element of the document, and dependency cycles are listed (reported, not failing: both
/// specifications allow them, and Python packages can depend on each other).
public struct SBOMValidationReport: VerdictReport, Sendable, Encodable {
    public var file: String
    /// `SPDX` or `CycloneDX`.
    public var format: String
    public var specVersion: String
    /// What the document was checked against.
    public var schema: String
    public var schemaProblems: [SBOMProblem]
    /// Duplicate ids and dangling references.
    public var integrityProblems: [SBOMProblem]
    /// Dependency cycles, each as the element ids around it.
    public var cycles: [[String]]

    public var passed: Bool { schemaProblems.isEmpty && integrityProblems.isEmpty }

    public var verdict: Verdict {
        var verdict = Verdict(checksMade: 2)
        for problem in schemaProblems + integrityProblems { verdict.failures.append(CheckFailure(subject: problem.path, reason: problem.message)) }
        return verdict
    }

    enum CodingKeys: String, CodingKey {
        case file, format, specVersion, schema, passed, schemaProblems, integrityProblems, cycles
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(file, forKey: .file)
        try container.encode(format, forKey: .format)
        try container.encode(specVersion, forKey: .specVersion)
        try container.encode(schema, forKey: .schema)
        try container.encode(passed, forKey: .passed)
        try container.encode(schemaProblems, forKey: .schemaProblems)
        try container.encode(integrityProblems, forKey: .integrityProblems)
        try container.encode(cycles, forKey: .cycles)
    }
}

/// One problem in an SBOM: where (a JSON path) and what.
public struct SBOMProblem: Hashable, Sendable, Codable, CustomStringConvertible {
    public var path: String
    public var message: String

    public init(path: String, message: String) {
        self.path = path
        self.message = message
    }

    public var description: String { "\(path): \(message)" }
}

public enum SBOMValidator {
    /// The most cycles listed.
    public static let maximumCyclesReported = 50

    /// Validates the SBOM in `bytes` (read from `path`). Throws only when the document is not an SBOM
    /// this reads at all (not JSON, neither SPDX nor CycloneDX, an unsupported version).
    public static func validate(_ bytes: [UInt8], path: String) throws(VouchError) -> SBOMValidationReport {
        let root = try SBOMReader.tree(bytes, path: path)
        if let version = root["spdxVersion"]?.string {
            guard version == "SPDX-2.3" || version == "SPDX-2.2" else {
                throw VouchError(.unsupportedInput, "SPDX version \(version) is not validated (SPDX-2.3 and 2.2 JSON are)", path: path)
            }
            let integrity = SPDXIntegrity(root: root)
            // SPDX 2.3: the official schema, then the clause rules for what it leaves unsaid (value syntax);
            // a problem both report is listed once. SPDX 2.2 documents: the clause rules only.
            var problems: [SBOMProblem] = []
            var schema = "SPDX \(version.dropFirst(5)) specification rules (\(SPDXDocumentRules.name))"
            if version == "SPDX-2.3" {
                problems = try SBOMSchemas.validator().validate(root, against: SBOMSchemas.spdxSchemaName).map { SBOMProblem(path: $0.path, message: $0.message) }
                schema = "\(SBOMSchemas.spdxSchemaName) (\(SBOMSchemas.spdxSource)) and \(SPDXDocumentRules.name)"
            }
            for problem in SPDXDocumentRules.check(root) where !problems.contains(problem) { problems.append(problem) }
            return SBOMValidationReport(file: path, format: "SPDX", specVersion: String(version.dropFirst(5)), schema: schema,
                                        schemaProblems: problems, integrityProblems: integrity.problems, cycles: integrity.cycles)
        }
        guard root["bomFormat"]?.string == "CycloneDX" else {
            throw VouchError(.unsupportedInput, "neither an SPDX JSON document (spdxVersion) nor a CycloneDX JSON BOM (bomFormat)", path: path)
        }
        let version = root["specVersion"]?.string ?? ""
        guard let schemaFile = SBOMSchemas.cycloneDXSchema(for: version) else {
            throw VouchError(.unsupportedInput, "CycloneDX specVersion \"\(version)\" has no bundled schema (1.4 to 1.7 do)", path: path)
        }
        let problems = try SBOMSchemas.validator().validate(root, against: schemaFile)
        let integrity = CycloneDXIntegrity(root: root)
        return SBOMValidationReport(file: path, format: "CycloneDX", specVersion: version,
                                    schema: "\(schemaFile) (\(SBOMSchemas.cycloneDXSource))",
                                    schemaProblems: problems.map { SBOMProblem(path: $0.path, message: $0.message) },
                                    integrityProblems: integrity.problems, cycles: integrity.cycles)
    }

    /// Elementary cycles reachable in `edges` (from id to ids), each once, found by depth-first search,
    /// at most ``maximumCyclesReported``.
    static func cycles(_ edges: [String: [String]]) -> [[String]] {
        var found: [[String]] = []
        var seenCycles: Set<[String]> = []
        var state: [String: Int] = [:]  // 1 on the stack, 2 done
        var stack: [String] = []
        func visit(_ node: String) {
            state[node] = 1
            stack.append(node)
            for next in edges[node] ?? [] {
                if state[next] == 1, let start = stack.lastIndex(of: next) {
                    var cycle = Array(stack[start...])
                    // Rotate to start at the smallest id so one cycle is reported once.
                    if let smallest = cycle.indices.min(by: { cycle[$0] < cycle[$1] }) { cycle = Array(cycle[smallest...] + cycle[..<smallest]) }
                    if found.count < maximumCyclesReported, seenCycles.insert(cycle).inserted { found.append(cycle) }
                } else if state[next] == nil {
                    visit(next)
                }
            }
            stack.removeLast()
            state[node] = 2
        }
        for node in edges.keys.sorted() where state[node] == nil { visit(node) }
        return found
    }
}

/// CycloneDX: `bom-ref`s unique across the BOM (CycloneDX 1.6 "refType": unique within the BOM); every
/// `dependencies[].ref`/`dependsOn[]`/`provides[]` and `compositions[]` assembly/dependency names one.
struct CycloneDXIntegrity {
    var problems: [SBOMProblem] = []
    var cycles: [[String]] = []

    init(root: JSONNode) {
        var refs: [String: String] = [:]
        func collect(_ node: JSONNode) {
            switch node.kind {
            case .object:
                for (key, value) in node.members ?? [] {
                    if key == "bom-ref", let ref = value.string {
                        if let first = refs[ref] {
                            problems.append(SBOMProblem(path: value.path.description, message: "duplicate bom-ref \"\(ref)\" (first at \(first))"))
                        } else {
                            refs[ref] = value.path.description
                        }
                    } else {
                        collect(value)
                    }
                }
            case .array:
                for item in node.array ?? [] { collect(item) }
            default:
                break
            }
        }
        collect(root)
        func check(_ value: JSONNode?) {
            guard let value, let ref = value.string else { return }
            // A BOM-Link (`urn:cdx:serial/version#ref`) names an element of another BOM.
            if refs[ref] == nil, !ref.hasPrefix("urn:cdx:") {
                problems.append(SBOMProblem(path: value.path.description, message: "\"\(ref)\" names no bom-ref in this BOM"))
            }
        }
        var edges: [String: [String]] = [:]
        for dependency in root["dependencies"]?.array ?? [] {
            check(dependency["ref"])
            for key in ["dependsOn", "provides"] {
                for target in dependency[key]?.array ?? [] { check(target) }
            }
            if let ref = dependency["ref"]?.string {
                edges[ref, default: []] += (dependency["dependsOn"]?.array ?? []).compactMap(\.string)
            }
        }
        for composition in root["compositions"]?.array ?? [] {
            for key in ["assemblies", "dependencies"] {
                for target in composition[key]?.array ?? [] { check(target) }
            }
        }
        cycles = SBOMValidator.cycles(edges)
    }
}

/// SPDX: `SPDXID`s unique (SPDX 2.3 clause 3.2, 7.2, 8.2); relationship ends, `documentDescribes` and
/// `hasFiles` name an element of the document, `NONE`/`NOASSERTION` (as a related element, clause 11.1)
/// or an external document's element (`DocumentRef-...:`, declared in `externalDocumentRefs`).
struct SPDXIntegrity {
    var problems: [SBOMProblem] = []
    var cycles: [[String]] = []

    init(root: JSONNode) {
        var ids: [String: String] = [:]
        if let id = root["SPDXID"]?.string { ids[id] = "$.SPDXID" }
        for key in ["packages", "files", "snippets"] {
            for element in root[key]?.array ?? [] {
                guard let value = element["SPDXID"], let id = value.string else { continue }
                if let first = ids[id] {
                    problems.append(SBOMProblem(path: value.path.description, message: "duplicate SPDXID \"\(id)\" (first at \(first))"))
                } else {
                    ids[id] = value.path.description
                }
            }
        }
        let external = Set((root["externalDocumentRefs"]?.array ?? []).compactMap { $0["externalDocumentId"]?.string })
        func check(_ value: JSONNode?, allowNone: Bool) {
            guard let value, let id = value.string else { return }
            if ids[id] != nil { return }
            if allowNone, id == "NONE" || id == "NOASSERTION" { return }
            if id.hasPrefix("DocumentRef-"), let colon = id.firstIndex(of: ":") {
                let document = String(id[..<colon])
                if external.contains(document) { return }
                problems.append(SBOMProblem(path: value.path.description, message: "\"\(id)\" names \(document), which externalDocumentRefs does not declare"))
                return
            }
            problems.append(SBOMProblem(path: value.path.description, message: "\"\(id)\" names no element of this document"))
        }
        var edges: [String: [String]] = [:]
        for relationship in root["relationships"]?.array ?? [] {
            check(relationship["spdxElementId"], allowNone: false)
            check(relationship["relatedSpdxElement"], allowNone: true)
            guard let from = relationship["spdxElementId"]?.string, let to = relationship["relatedSpdxElement"]?.string else { continue }
            switch relationship["relationshipType"]?.string {
            case "DEPENDS_ON": edges[from, default: []].append(to)
            case "DEPENDENCY_OF": edges[to, default: []].append(from)
            default: break
            }
        }
        for described in root["documentDescribes"]?.array ?? [] { check(described, allowNone: false) }
        for package in root["packages"]?.array ?? [] {
            for file in package["hasFiles"]?.array ?? [] { check(file, allowNone: false) }
        }
        cycles = SBOMValidator.cycles(edges)
    }
}

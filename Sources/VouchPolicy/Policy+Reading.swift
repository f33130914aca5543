import Foundation
public import VouchCore
import VouchSBOM
import Yams

extension Policy {
    /// The largest policy file read; policies are a page or two.
    public static let maximumFileSize = 1 << 20

    /// Reads the policy file at `path` (YAML or JSON).
    public init(contentsOf path: String) throws(VouchError) {
        guard let data = FileManager.default.contents(atPath: path) else {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
                throw VouchError(.unsupportedInput, "is a directory, not a policy file", path: path)
            }
            throw VouchError(.fileNotFound, "no such file", path: path)
        }
        guard data.count <= Self.maximumFileSize else {
            throw VouchError.limitExceeded(
                "maximumFileSize", limit: Int64(Self.maximumFileSize), found: Int64(data.count), path: path,
                what: "policy file size")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw VouchError(.malformedInput, "a policy file must be UTF-8 text", path: path)
        }
        try self.init(text: text, path: path)
    }

    /// Parses a policy from YAML or JSON text. Errors name `path`, the line, and the field.
    public init(text: String, path: String) throws(VouchError) {
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            throw VouchError(.malformedInput, "not valid YAML or JSON: \(Self.describe(error))", path: path)
        } catch {
            throw VouchError(.malformedInput, "not valid YAML or JSON: \(error)", path: path)
        }
        guard let root else { throw VouchError(.malformedInput, "the policy is empty", path: path) }
        self = try PolicyNodeReader(path: path).policy(root)
    }

    private static func describe(_ error: YamlError) -> String {
        if case .duplicatedKeysInMapping(let duplicates, let context) = error {
            let names = duplicates.sorted().map { "'\($0)'" }.joined(separator: ", ")
            return "line \(context.mark.line), column \(context.mark.column): field \(names) appears twice in the same mapping"
        }
        switch error {
        case .scanner(let context?, let problem, let mark, _), .parser(let context?, let problem, let mark, _):
            return "line \(mark.line), column \(mark.column): \(problem): " + Self.unclosed(context)
        case .scanner(nil, let problem, let mark, _), .parser(nil, let problem, let mark, _):
            return "line \(mark.line), column \(mark.column): \(problem)"
        default:
            break
        }
        // Other YamlErrors carry "line:column: problem" plus a caret picture; keep the first line.
        return String(describing: error).split(separator: "\n").first.map(String.init) ?? "\(error)"
    }
}

extension Policy {
    /// What libyaml was inside when it failed, as what is left open and where it was opened.
    private static func unclosed(_ context: YamlError.Context) -> String {
        let opened = "line \(context.mark.line), column \(context.mark.column)"
        switch context.text {
        case "while parsing a flow mapping": return "the '{' opened at \(opened) is not closed with '}'"
        case "while parsing a flow sequence": return "the '[' opened at \(opened) is not closed with ']'"
        case "while scanning a quoted scalar": return "the quoted string opened at \(opened) is not closed"
        default: return "\(context.text.replacingOccurrences(of: "while ", with: "")) at \(opened)"
        }
    }
}

/// Walks the YAML node tree, checking each field's name and type, with the line of every problem.
private struct PolicyNodeReader {
    let path: String

    func policy(_ root: Node) throws(VouchError) -> Policy {
        let fields = try mapping(root, at: "policy", allowed: ["version", "keys", "keyless", "rules", "allowNoRules"])
        guard let versionNode = fields["version"] else { throw error(root, "missing field 'version' (use: version: 1)") }
        let version = try int(versionNode, at: "version")
        guard version == 1 else { throw error(versionNode, "unsupported policy version \(version); this Vouch reads version 1") }

        var policy = Policy(version: version)
        if let keysNode = fields["keys"] {
            for (name, value) in try orderedMapping(keysNode, at: "keys") {
                policy.keys[name] = try string(value, at: "keys.\(name)")
            }
        }
        if let keylessNode = fields["keyless"] { try keylessSigners(keylessNode, into: &policy) }
        // Rules name keys and keyless signers alike.
        let signerNames = policy.keys.merging(policy.keyless.mapValues { _ in "keyless" }) { key, _ in key }
        guard let rulesNode = fields["rules"] else { throw error(root, "missing field 'rules'") }
        let rules = try mapping(rulesNode, at: "rules", allowed: [
            "integrity", "signatures", "attestations", "provenance", "licenses", "secrets", "packages", "vulnerabilities",
        ])
        if let node = rules["integrity"], try bool(node, at: "rules.integrity") {
            policy.integrity = IntegrityRule()
        }
        if let node = rules["signatures"] {
            let fields = try mapping(node, at: "rules.signatures", allowed: ["threshold", "keys"])
            let keys = try stringList(fields["keys"], at: "rules.signatures.keys", required: node)
            try checkKeyNames(keys, fields["keys"]!, known: signerNames, at: "rules.signatures.keys")
            let threshold = try fields["threshold"].map { node throws(VouchError) in try int(node, at: "rules.signatures.threshold") } ?? 1
            guard threshold >= 1, threshold <= keys.count else {
                throw error(fields["threshold"] ?? node, "rules.signatures.threshold must be between 1 and the number of keys (\(keys.count)), not \(threshold)")
            }
            policy.signatures = SignatureRule(threshold: threshold, keys: keys)
        }
        if let node = rules["attestations"] {
            guard case .sequence(let items) = node else { throw error(node, "rules.attestations must be a list") }
            for (index, item) in items.enumerated() {
                let at = "rules.attestations[\(index)]"
                let fields = try mapping(item, at: at, allowed: ["type", "signers"])
                guard let typeNode = fields["type"] else { throw error(item, "missing field 'type' in \(at)") }
                let type = try string(typeNode, at: "\(at).type")
                // A misspelt short name would only fail at run time, as a missing attestation.
                if !type.contains("://"), !PredicateType.shortNames.contains(type.lowercased()) {
                    // `sbom`-like names mean one of the two SBOM formats, too far from either by spelling.
                    let guess = Self.closest(to: type, in: PredicateType.shortNames).map { "'\($0)'" }
                        ?? (type.lowercased().contains("sbom") || type.lowercased().contains("bom") ? "'spdx' or 'cyclonedx'" : nil)
                    let suggestion = guess.map { " (did you mean \($0)?)" } ?? ""
                    throw error(typeNode, "unknown attestation type '\(type)' in \(at).type\(suggestion); known types: \(PredicateType.shortNames.joined(separator: ", ")), or a predicate type URI")
                }
                let signers = try fields["signers"].map { node throws(VouchError) in try stringList(node, at: "\(at).signers", required: node) } ?? []
                if let signersNode = fields["signers"] { try checkKeyNames(signers, signersNode, known: signerNames, at: "\(at).signers") }
                policy.attestations.append(AttestationRule(type: type, signers: signers))
            }
        }
        if let node = rules["provenance"] {
            let fields = try mapping(node, at: "rules.provenance", allowed: ["builderId", "sourceRepository", "ref", "maxAge"])
            policy.provenance = ProvenanceRule(
                builderID: try fields["builderId"].map { node throws(VouchError) in try string(node, at: "rules.provenance.builderId") },
                sourceRepository: try fields["sourceRepository"].map { node throws(VouchError) in try string(node, at: "rules.provenance.sourceRepository") },
                ref: try fields["ref"].map { node throws(VouchError) in try string(node, at: "rules.provenance.ref") },
                maxAge: try fields["maxAge"].map { node throws(VouchError) in try duration(node, at: "rules.provenance.maxAge") }
            )
        }
        if let node = rules["licenses"] {
            let fields = try mapping(node, at: "rules.licenses", allowed: ["allow", "deny", "exceptions", "allowUnknown"])
            var rule = LicenseRule(
                allow: try fields["allow"].map { node throws(VouchError) in try stringList(node, at: "rules.licenses.allow", required: node) } ?? [],
                deny: try fields["deny"].map { node throws(VouchError) in try stringList(node, at: "rules.licenses.deny", required: node) } ?? [],
                allowUnknown: try fields["allowUnknown"].map { node throws(VouchError) in try bool(node, at: "rules.licenses.allowUnknown") } ?? false
            )
            if let exceptions = fields["exceptions"] {
                guard case .sequence(let items) = exceptions else { throw error(exceptions, "rules.licenses.exceptions must be a list") }
                for (index, item) in items.enumerated() {
                    let at = "rules.licenses.exceptions[\(index)]"
                    let fields = try mapping(item, at: at, allowed: ["package", "license"])
                    guard let package = fields["package"] else { throw error(item, "missing field 'package' in \(at)") }
                    rule.exceptions.append(LicenseException(
                        package: try string(package, at: "\(at).package"),
                        license: try fields["license"].map { node throws(VouchError) in try string(node, at: "\(at).license") }))
                }
            }
            policy.licenses = rule
        }
        if let node = rules["secrets"] {
            let fields = try mapping(node, at: "rules.secrets", allowed: ["maxFindings", "baseline"])
            let maxFindings = try fields["maxFindings"].map { node throws(VouchError) in try int(node, at: "rules.secrets.maxFindings") } ?? 0
            guard maxFindings >= 0 else { throw error(fields["maxFindings"]!, "rules.secrets.maxFindings must not be negative") }
            policy.secrets = SecretRule(
                maxFindings: maxFindings,
                baseline: try fields["baseline"].map { node throws(VouchError) in try string(node, at: "rules.secrets.baseline") })
        }
        if let node = rules["vulnerabilities"] {
            let at = "rules.vulnerabilities"
            let fields = try mapping(node, at: at, allowed: ["maxSeverity", "allowUnknown", "ignore", "vex", "db", "maxDbAge"])
            let maxSeverity = try fields["maxSeverity"].map { node throws(VouchError) in try string(node, at: "\(at).maxSeverity").uppercased() } ?? "NONE"
            guard VulnerabilityRule.levels.dropFirst().contains(maxSeverity) else {
                throw error(fields["maxSeverity"]!, "\(at).maxSeverity must be NONE, LOW, MEDIUM, HIGH or CRITICAL, not '\(maxSeverity)'")
            }
            guard let dbNode = fields["db"] else { throw error(node, "\(at).db is required: the OSV databases to match against") }
            let databases: [String]
            if case .sequence = dbNode { databases = try stringList(dbNode, at: "\(at).db", required: node) } else { databases = [try string(dbNode, at: "\(at).db")] }
            var ignores: [VulnerabilityRule.Ignore] = []
            if let ignoreNode = fields["ignore"] {
                guard case .sequence(let items) = ignoreNode else { throw error(ignoreNode, "\(at).ignore must be a list of {id, reason, expires}") }
                for (index, item) in items.enumerated() {
                    let field = "\(at).ignore[\(index)]"
                    let entry = try mapping(item, at: field, allowed: ["id", "reason", "expires"])
                    guard let id = entry["id"], let reason = entry["reason"] else { throw error(item, "\(field) needs an id and a reason") }
                    let expires = try entry["expires"].map { node throws(VouchError) in try string(node, at: "\(field).expires") }
                    if let expires, expires.count != 10 || expires.split(separator: "-").count != 3 {
                        throw error(entry["expires"]!, "\(field).expires must be a date YYYY-MM-DD, not '\(expires)'")
                    }
                    ignores.append(.init(id: try string(id, at: "\(field).id"), reason: try string(reason, at: "\(field).reason"), expires: expires))
                }
            }
            policy.vulnerabilities = VulnerabilityRule(
                maxSeverity: maxSeverity,
                allowUnknown: try fields["allowUnknown"].map { node throws(VouchError) in try bool(node, at: "\(at).allowUnknown") } ?? false,
                ignore: ignores,
                vex: try fields["vex"].map { node throws(VouchError) in try stringList(node, at: "\(at).vex", required: node) } ?? [],
                databases: databases,
                maxDatabaseAge: try fields["maxDbAge"].map { node throws(VouchError) in try duration(node, at: "\(at).maxDbAge") } ?? 7 * 86_400)
        }
        if let node = rules["packages"] {
            let fields = try mapping(node, at: "rules.packages", allowed: ["deny"])
            guard let denyNode = fields["deny"], case .sequence(let items) = denyNode else {
                throw error(fields["deny"] ?? node, "rules.packages.deny must be a list of {name, versions, reason}")
            }
            var deny: [DeniedPackage] = []
            for (index, item) in items.enumerated() {
                let at = "rules.packages.deny[\(index)]"
                let fields = try mapping(item, at: at, allowed: ["name", "versions", "reason"])
                guard let name = fields["name"] else { throw error(item, "missing field 'name' in \(at)") }
                var versions: String?
                if let node = fields["versions"] {
                    let text = try string(node, at: "\(at).versions")
                    // A range that does not parse would match nothing or everything, silently.
                    guard let set = VersionSpecifierSet(text), !set.clauses.isEmpty else {
                        throw error(node, "\(at).versions '\(text)' is not a PEP 440 version specifier set, e.g. '<5.4' or '>=2.0,<2.3' (operators: \(VersionSpecifier.operators.joined(separator: " ")))")
                    }
                    versions = text
                }
                deny.append(DeniedPackage(
                    name: try string(name, at: "\(at).name"),
                    versions: versions,
                    reason: try fields["reason"].map { node throws(VouchError) in try string(node, at: "\(at).reason") }))
            }
            policy.packages = PackageRule(deny: deny)
        }
        if let node = fields["allowNoRules"] { policy.allowsNoRules = try bool(node, at: "allowNoRules") }
        if policy.checksNothing, !policy.allowsNoRules {
            throw error(rulesNode, "the policy checks nothing: no rule is enabled, so every image would pass. Enable a rule (integrity: true, signatures, attestations, ...), or set 'allowNoRules: true' to mean it")
        }
        return policy
    }

    // MARK: - Typed field access

    /// A mapping's fields by name; unknown names (with a suggestion) and duplicates are errors.
    func mapping(_ node: Node, at field: String, allowed: [String]) throws(VouchError) -> [String: Node] {
        var fields: [String: Node] = [:]
        for (name, value) in try orderedMapping(node, at: field) {
            guard allowed.contains(name) else {
                let keyNode = keyNodes(node).first { $0.string == name }
                let suggestion = Self.closest(to: name, in: allowed).map { " (did you mean '\($0)'?)" } ?? ""
                throw error(keyNode ?? node, "unknown field '\(name)' in \(field)\(suggestion); known fields: \(allowed.joined(separator: ", "))")
            }
            fields[name] = value
        }
        return fields
    }

    func orderedMapping(_ node: Node, at field: String) throws(VouchError) -> [(String, Node)] {
        guard case .mapping(let mapping) = node else { throw error(node, "\(field) must be a mapping of fields") }
        var seen = Set<String>()
        var pairs: [(String, Node)] = []
        for (key, value) in mapping {
            guard let name = key.string else { throw error(key, "field names in \(field) must be strings") }
            guard seen.insert(name).inserted else { throw error(key, "field '\(name)' appears twice in \(field)") }
            pairs.append((name, value))
        }
        return pairs
    }

    func keyNodes(_ node: Node) -> [Node] {
        guard case .mapping(let mapping) = node else { return [] }
        return mapping.map(\.key)
    }

    func string(_ node: Node, at field: String) throws(VouchError) -> String {
        guard case .scalar(let scalar) = node, !scalar.string.isEmpty else { throw error(node, "\(field) must be a non-empty string") }
        return scalar.string
    }

    func int(_ node: Node, at field: String) throws(VouchError) -> Int {
        guard case .scalar = node, let value = node.int else { throw error(node, "\(field) must be a whole number") }
        return value
    }

    func bool(_ node: Node, at field: String) throws(VouchError) -> Bool {
        guard case .scalar = node, let value = node.bool else { throw error(node, "\(field) must be true or false") }
        return value
    }

    func stringList(_ node: Node?, at field: String, required parent: Node) throws(VouchError) -> [String] {
        guard let node else { throw error(parent, "missing field '\(field.split(separator: ".").last ?? "")' in \(field.split(separator: ".").dropLast().joined(separator: "."))") }
        guard case .sequence(let items) = node else { throw error(node, "\(field) must be a list of strings") }
        var values: [String] = []
        for (index, item) in items.enumerated() { values.append(try string(item, at: "\(field)[\(index)]")) }
        return values
    }

    /// `keyless: {NAME: {identity | identityRegexp, issuer | issuerRegexp, trustedRoot?}}`.
    func keylessSigners(_ node: Node, into policy: inout Policy) throws(VouchError) {
        for (name, value) in try orderedMapping(node, at: "keyless") {
            let at = "keyless.\(name)"
            guard policy.keys[name] == nil else { throw error(value, "\(at): the name '\(name)' is already a key in 'keys'") }
            let fields = try mapping(value, at: at, allowed: ["identity", "identityRegexp", "issuer", "issuerRegexp", "trustedRoot"])
            func text(_ field: String) throws(VouchError) -> String? {
                try fields[field].map { node throws(VouchError) in try string(node, at: "\(at).\(field)") }
            }
            let signer = KeylessSigner(
                identity: try text("identity"), identityRegexp: try text("identityRegexp"),
                issuer: try text("issuer"), issuerRegexp: try text("issuerRegexp"), trustedRoot: try text("trustedRoot"))
            guard (signer.identity == nil) != (signer.identityRegexp == nil) else {
                throw error(value, "\(at) needs exactly one of 'identity' and 'identityRegexp'")
            }
            guard (signer.issuer == nil) != (signer.issuerRegexp == nil) else {
                throw error(value, "\(at) needs exactly one of 'issuer' and 'issuerRegexp'")
            }
            policy.keyless[name] = signer
        }
    }

    func checkKeyNames(_ names: [String], _ node: Node, known: [String: String], at field: String) throws(VouchError) {
        for name in names where known[name] == nil {
            let suggestion = Self.closest(to: name, in: Array(known.keys)).map { " (did you mean '\($0)'?)" } ?? ""
            throw error(node, "\(field) names key '\(name)', which is not in 'keys'\(suggestion)")
        }
    }

    /// `30d`, `12h`, `90m`, `45s`, or a number of seconds.
    func duration(_ node: Node, at field: String) throws(VouchError) -> TimeInterval {
        let text = try string(node, at: field)
        let units: [Character: TimeInterval] = ["s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604_800]
        if let seconds = TimeInterval(text), seconds >= 0 { return seconds }
        if let unit = text.last, let scale = units[unit], let count = TimeInterval(text.dropLast()), count >= 0 {
            return count * scale
        }
        throw error(node, "\(field) must be a duration such as 30d, 12h, 90m or 45s, not '\(text)'")
    }

    func error(_ node: Node, _ message: String) -> VouchError {
        let location = node.mark.map { "line \($0.line), column \($0.column): " } ?? ""
        return VouchError(.malformedInput, location + message, path: path)
    }

    /// The allowed name within edit distance 2 of `name`, if exactly one is closest.
    static func closest(to name: String, in candidates: [String]) -> String? {
        let scored = candidates.map { ($0, editDistance(name.lowercased(), $0.lowercased())) }.filter { $0.1 <= 2 }
        return scored.min { $0.1 < $1.1 }?.0
    }

    static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        var previous = Array(0...b.count)
        for i in 1...max(a.count, 1) where !a.isEmpty {
            var current = [i] + Array(repeating: 0, count: b.count)
            for j in 1...max(b.count, 1) where !b.isEmpty {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            previous = current
        }
        return a.isEmpty ? b.count : previous[b.count]
    }
}

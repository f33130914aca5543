/// A PEP 440 version specifier clause (`>=1.0`, `==2.*`, `~=1.4.2`, `!=1.3`, `===foo`) and sets of them.
public struct VersionSpecifier: Hashable, Sendable, CustomStringConvertible {
    public var op: String
    public var version: String

    public static let operators = ["~=", "===", "==", "!=", "<=", ">=", "<", ">"]

    public init?(_ text: String) {
        let trimmed = text.trimmingSpaces()
        guard let op = Self.operators.first(where: { trimmed.utf8.starts(with: $0.utf8) }) else { return nil }
        self.op = op
        version = String(decoding: trimmed.utf8.dropFirst(op.utf8.count), as: UTF8.self).trimmingSpaces()
        guard !version.isEmpty else { return nil }
        if op != "===" {
            let base = version.hasSuffix(".*") ? String(version.dropLast(2)) : version
            guard PythonVersion(base) != nil else { return nil }
            if version.hasSuffix(".*"), op != "==", op != "!=" { return nil }
        }
    }

    public var description: String { op + version }

    /// Whether `candidate` satisfies this clause. `prereleases` admits pre-releases (marker evaluation
    /// always does, like `packaging`).
    public func contains(_ candidate: String, prereleases: Bool = true) -> Bool {
        if op == "===" { return candidate.lowercased() == version.lowercased() }
        guard let v = PythonVersion(candidate) else { return false }
        if !prereleases, v.isPrerelease { return false }
        if version.hasSuffix(".*") {
            guard let prefix = PythonVersion(String(version.dropLast(2))) else { return false }
            let matches = v.epoch == prefix.epoch && Self.paddedPrefix(v.release, prefix.release) == prefix.release
            return op == "==" ? matches : !matches
        }
        guard let spec = PythonVersion(version) else { return false }
        let hasLocal = !spec.local.isEmpty
        switch op {
        case "==": return PythonVersion.compare(v, spec, ignoringLocal: !hasLocal) == 0
        case "!=": return PythonVersion.compare(v, spec, ignoringLocal: !hasLocal) != 0
        case "<=": return PythonVersion.compare(v, spec, ignoringLocal: true) <= 0
        case ">=": return PythonVersion.compare(v, spec, ignoringLocal: true) >= 0
        case "<":
            guard PythonVersion.compare(v, spec, ignoringLocal: true) < 0 else { return false }
            // `<V` does not admit pre-releases of V itself unless V is one.
            if !spec.isPrerelease, v.isPrerelease, v.epoch == spec.epoch, v.trimmedRelease == spec.trimmedRelease { return false }
            return true
        case ">":
            guard PythonVersion.compare(v, spec, ignoringLocal: true) > 0 else { return false }
            // `>V` does not admit post-releases of V unless V is one, nor local versions of V.
            if spec.post == nil, v.post != nil, v.epoch == spec.epoch, v.trimmedRelease == spec.trimmedRelease, v.pre == nil, spec.pre == nil { return false }
            return true
        case "~=":
            guard spec.release.count >= 2, PythonVersion.compare(v, spec, ignoringLocal: true) >= 0 else { return false }
            let prefix = Array(spec.release.dropLast())
            return v.epoch == spec.epoch && Self.paddedPrefix(v.release, prefix) == prefix
        default: return false
        }
    }

    private static func paddedPrefix(_ release: [Int], _ prefix: [Int]) -> [Int] {
        var r = release
        while r.count < prefix.count { r.append(0) }
        return Array(r.prefix(prefix.count))
    }
}

/// A comma-separated set of clauses; satisfied when every clause is.
public struct VersionSpecifierSet: Hashable, Sendable, CustomStringConvertible {
    public var clauses: [VersionSpecifier]

    public init?(_ text: String) {
        let parts = text.split(separator: ",").map { String($0).trimmingSpaces() }.filter { !$0.isEmpty }
        var clauses: [VersionSpecifier] = []
        for part in parts {
            guard let clause = VersionSpecifier(part) else { return nil }
            clauses.append(clause)
        }
        self.clauses = clauses
    }

    public var description: String { clauses.map(\.description).joined(separator: ",") }

    public func contains(_ version: String, prereleases: Bool = true) -> Bool {
        clauses.allSatisfy { $0.contains(version, prereleases: prereleases) }
    }
}

extension String {
    /// Without leading and trailing spaces, tabs and newlines.
    func trimmingSpaces() -> String {
        func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D }
        let bytes = utf8
        guard let first = bytes.first, let last = bytes.last else { return self }
        if !isSpace(first), !isSpace(last) { return self }  // the common case: nothing to copy
        var start = bytes.startIndex
        var end = bytes.endIndex
        while start < end, isSpace(bytes[start]) { start = bytes.index(after: start) }
        while end > start, isSpace(bytes[bytes.index(before: end)]) { end = bytes.index(before: end) }
        return String(self[start..<end])
    }
}

import Foundation

extension SBOMDocument {
    /// A UUIDv5 over everything the document says, so the same input gives the same serial/namespace and
    /// different content a different one. `salt` separates formats.
    func contentUUID(salt: String) -> String {
        var text: [UInt8] = []
        text.reserveCapacity(4096 + packages.count * 160)
        /// One field, then a tab or (`last`) a newline.
        func add(_ field: String?, last: Bool = true) {
            text.append(contentsOf: (field ?? "").utf8)
            text.append(last ? 0x0A : 0x09)
        }
        for line in ["vouch-sbom", salt, source.kind.rawValue, source.name, source.digest ?? "", Self.timestamp(created)] { add(line) }
        // Only when set, so documents whose root has neither keep their identifiers.
        if let version = source.version { add("version " + version) }
        if let purl = source.purl { add("purl " + purl) }
        for package in packages {
            add(package.id, last: false)
            add(package.name, last: false)
            add(package.version, last: false)
            add(package.purl, last: false)
            add(package.license.expression, last: false)
            add(String(package.files.count))
            for file in package.files {
                add(file.path, last: false)
                add(file.sha256)
            }
        }
        for edge in dependencies { add(edge.from + "->" + edge.to) }
        for requirement in unsatisfied { add(requirement.packageID + "?" + requirement.requirement) }
        return UUIDv5.make(bytes: text)
    }

    /// ISO 8601 UTC to the second: `2026-01-02T03:04:05Z`.
    static func timestamp(_ date: Date) -> String {
        var seconds = Int64(date.timeIntervalSince1970.rounded(.down))
        let secondOfDay = ((seconds % 86_400) + 86_400) % 86_400
        seconds -= secondOfDay
        var days = seconds / 86_400
        // Civil date from days since 1970-01-01 (H. Hinnant's algorithm).
        days += 719_468
        let era = (days >= 0 ? days : days - 146_096) / 146_097
        let dayOfEra = days - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        func two(_ n: Int64) -> String { n < 10 ? "0\(n)" : "\(n)" }
        return "\(year)-\(two(month))-\(two(day))T\(two(secondOfDay / 3600)):\(two(secondOfDay % 3600 / 60)):\(two(secondOfDay % 60))Z"
    }

    /// Every package's outgoing dependency edges, by id.
    var dependencyMap: [String: [String]] {
        var map: [String: [String]] = [:]
        for edge in dependencies { map[edge.from, default: []].append(edge.to) }
        return map
    }

    /// Unsatisfied requirements by the id of the package that declares them.
    var unsatisfiedMap: [String: [UnsatisfiedRequirement]] {
        Dictionary(grouping: unsatisfied, by: \.packageID)
    }

    /// Every `LicenseRef-` definition the packages use, once each, sorted by id.
    var licenseReferences: [LicenseReference] {
        var seen: [String: LicenseReference] = [:]
        for package in packages { for reference in package.license.references where seen[reference.id] == nil { seen[reference.id] = reference } }
        return seen.values.sorted { $0.id < $1.id }
    }
}

extension SBOMPackage {
    /// Text explaining where a package not from a registry came from, and what it is vendored into.
    var originNote: String? {
        switch origin {
        case .registry: nil
        case .localDirectory(let url, let editable): editable ? "installed in editable mode from \(url)" : "installed from the local directory \(url)"
        case .vcs: "installed from version control: \(origin.sourceLocation ?? "")"
        case .archive(let url): "installed from the archive \(url)"
        case .unknownDirect: "installed from a direct URL that its direct_url.json does not say readably"
        }
    }
}

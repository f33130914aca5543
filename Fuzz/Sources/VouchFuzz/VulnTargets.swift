import VouchCore
import VouchVuln

/// OSV records and the ecosystem version orders.
enum VulnTargets {
    /// A record that reads, matched against packages at the versions it lists, reports them affected.
    static let osv = FuzzTarget(name: "osv", dictionary: "json") { bytes in
        let record: OSVRecord
        do throws(VouchError) {
            record = try OSVRecord(json: bytes, path: "record.json")
        } catch {
            requireWellFormed(error, file: "record.json")
            return
        }
        let matcher = VulnerabilityMatcher(database: VulnerabilityDatabase(records: [record]))
        var packages: [ScannedPackage] = []
        for entry in record.affected {
            guard let ecosystem = entry.ecosystem, let name = entry.name else { continue }
            for version in entry.versions.prefix(8) {
                packages.append(ScannedPackage(ecosystem: ecosystem, name: name, version: version))
            }
        }
        let result = matcher.match(packages)
        guard record.withdrawn == nil else {
            require(result.findings.isEmpty, "a withdrawn record matched")
            return
        }
        for package in packages where !result.unmatchable.contains(package) {
            guard listedVersionIsUsable(package) else { continue }
            require(result.findings.contains { $0.id == record.id && $0.package.version == package.version && $0.package.name == package.name },
                    "\(package.name) \(package.version) is listed in versions[] of \(record.id) but not reported")
        }
    }

    /// Debian versions that do not parse are reported unusable, not matched.
    static func listedVersionIsUsable(_ package: ScannedPackage) -> Bool {
        guard package.ecosystem?.hasPrefix("Debian") == true else { return true }
        return DebianVersion(package.version) != nil
    }

    /// Three lines, three versions: each order (PyPI's with legacy versions, Debian's) is a total order.
    static let osvVersion = FuzzTarget(name: "osv-version", dictionary: nil) { bytes in
        let lines = text(bytes).split(separator: "\n", maxSplits: 3, omittingEmptySubsequences: false).prefix(3).map(String.init)
        checkOrder(lines.map(PyPIVersion.init), what: "PyPI")
        checkOrder(lines.compactMap(DebianVersion.init), what: "Debian")
    }

    static func checkOrder<V: Comparable & Hashable & CustomStringConvertible>(_ versions: [V], what: String) {
        for a in versions {
            require(a == a && !(a < a), "\(what) '\(a)' is not equal to itself")
            for b in versions {
                let relations = [a < b, b < a, a == b].filter { $0 }.count
                require(relations == 1, "\(what) '\(a)' and '\(b)' are not exactly one of <, >, ==")
                if a == b { require(a.hashValue == b.hashValue, "\(what) '\(a)' == '\(b)' with different hashes") }
                for c in versions where a < b && b < c {
                    require(a < c, "\(what) order is not transitive: '\(a)' < '\(b)' < '\(c)' but not '\(a)' < '\(c)'")
                }
            }
        }
    }
}

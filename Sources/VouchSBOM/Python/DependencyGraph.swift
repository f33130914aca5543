import VouchCore

/// The dependency edges between installed distributions: each `Requires-Dist` (PEP 508) whose marker holds
/// for the target interpreter, with extras followed only where a dependent asked for them (PEP 508
/// "Extras": `extra == "x"` holds only while evaluating a requirement that asked for `pkg[x]`).
///
/// Computed to a fixed point: asking for `b[x]` can make more of `b`'s requirements hold, which can ask for
/// more extras further down. Requirements of installed distributions that nothing installed satisfies are
/// reported, not dropped.
struct DependencyGraph {
    var edges: [DependencyEdge]
    var unsatisfied: [UnsatisfiedRequirement]

    static func build(_ distributions: [InstalledDistribution], environments: [String: MarkerEnvironment], warnings: inout [String]) -> DependencyGraph {
        // A requirement resolves inside its own site-packages first (its environment), then anywhere in the
        // source (a venv that includes the system site-packages).
        var byName: [String: Int] = [:]
        var byLocation: [String: Int] = [:]
        for (index, distribution) in distributions.enumerated() {
            if byName[distribution.normalizedName] == nil { byName[distribution.normalizedName] = index }
            let key = distribution.sitePackages + "\u{0}" + distribution.normalizedName
            if byLocation[key] == nil { byLocation[key] = index }
        }
        func target(_ name: String, from index: Int) -> Int? {
            byLocation[distributions[index].sitePackages + "\u{0}" + name] ?? byName[name]
        }
        var requirements: [[Requirement]] = []
        for distribution in distributions {
            var parsed: [Requirement] = []
            for text in distribution.metadata.requiresDist {
                do {
                    parsed.append(try Requirement(parsing: text))
                } catch {
                    warnings.append("\(distribution.metadataDirectory): Requires-Dist \(error.reason)")
                }
            }
            requirements.append(parsed)
        }
        var extras = [Set<String>](repeating: [], count: distributions.count)
        var active = [Set<Int>](repeating: [], count: distributions.count)  // indices into requirements[i]
        // The extras each distribution's inactive requirements were last evaluated with: a marker depends
        // only on the environment and the extra, so later passes need evaluate only extras asked for since.
        var evaluated = [Set<String>?](repeating: nil, count: distributions.count)
        var changed = true
        while changed {
            changed = false
            for index in distributions.indices where evaluated[index] != extras[index] {
                let environment = environments[distributions[index].sitePackages] ?? MarkerEnvironment(values: [:])
                let requested = evaluated[index].map { extras[index].subtracting($0).sorted() } ?? [""] + extras[index].sorted()
                evaluated[index] = extras[index]
                for (position, requirement) in requirements[index].enumerated() where !active[index].contains(position) {
                    let holds = requirement.marker.map { marker in requested.contains { marker.evaluate(environment, extra: $0) } } ?? true
                    guard holds else { continue }
                    active[index].insert(position)
                    changed = true
                    if let target = target(requirement.normalizedName, from: index) {
                        let before = extras[target].count
                        extras[target].formUnion(requirement.extras)
                        if extras[target].count != before { changed = true }
                    }
                }
            }
        }
        var edges: Set<DependencyEdge> = []
        var unsatisfied: [UnsatisfiedRequirement] = []
        for index in distributions.indices {
            let from = distributions[index].package.id
            for position in active[index].sorted() {
                let requirement = requirements[index][position]
                guard let target = target(requirement.normalizedName, from: index) else {
                    unsatisfied.append(UnsatisfiedRequirement(packageID: from, requirement: requirement.description, reason: "not installed"))
                    continue
                }
                if target != index { edges.insert(DependencyEdge(from: from, to: distributions[target].package.id)) }
                let installed = distributions[target].package.version
                if let specifier = requirement.specifier, !specifier.clauses.isEmpty, !specifier.contains(installed, prereleases: true) {
                    unsatisfied.append(UnsatisfiedRequirement(
                        packageID: from, requirement: requirement.description,
                        reason: "installed version \(installed) does not satisfy \(specifier)"))
                }
            }
        }
        return DependencyGraph(edges: edges.sorted(), unsatisfied: unsatisfied.sorted())
    }
}

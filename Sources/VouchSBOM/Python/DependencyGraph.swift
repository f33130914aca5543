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
    /// The root's direct dependencies (package ids): what the lock file names, else the distributions no
    /// other one requires.
    var rootDependencies: [String] = []
    /// Extras inferred for a top-level distribution because every requirement they add is installed, when
    /// no lock file says what was asked for (package id to extras).
    var inferredExtras: [String: [String]] = [:]
    /// The edges that exist only because of ``inferredExtras``.
    var inferredEdges: Set<DependencyEdge> = []
    /// The distributions (package ids) whose every dependency is one of ``edges``: each `Requires-Dist` was
    /// read, its marker evaluated for a known interpreter, and what it names is installed. One of them
    /// with no edge is known to depend on nothing (SPDX 2.3 clause 11.1 `DEPENDS_ON NONE`).
    var dependenciesKnown: Set<String> = []

    /// The graph with the root's direct dependencies: `roots` (a lock file's, with the extras it asked
    /// for, which then propagate like any other) or, when nil, the top-level distributions, whose extras
    /// are inferred when all of an extra's requirements are installed. A root requirement whose marker holds
    /// and that nothing installed satisfies is reported as unsatisfied by `rootID`.
    static func build(_ distributions: [InstalledDistribution], environments: [String: MarkerEnvironment], roots: [Requirement]?,
                      rootID: String, warnings: inout [String]) -> DependencyGraph {
        var byName: [String: Int] = [:]
        for (index, distribution) in distributions.enumerated() where byName[distribution.normalizedName] == nil { byName[distribution.normalizedName] = index }
        func environment(_ index: Int) -> MarkerEnvironment { environments[distributions[index].sitePackages] ?? MarkerEnvironment(values: [:]) }
        if let roots {
            var extras: [Int: Set<String>] = [:]
            var direct: Set<Int> = []
            var unsatisfied: [UnsatisfiedRequirement] = []
            let rootEnvironment = environments.values.first ?? MarkerEnvironment(values: [:])
            for requirement in roots {
                guard let index = byName[requirement.normalizedName] else {
                    if requirement.marker.map({ $0.evaluate(rootEnvironment, extra: "") }) ?? true {
                        unsatisfied.append(UnsatisfiedRequirement(packageID: rootID, requirement: requirement.description, reason: "not installed"))
                    }
                    continue
                }
                if let marker = requirement.marker, !marker.evaluate(environment(index), extra: "") { continue }
                direct.insert(index)
                extras[index, default: []].formUnion(requirement.extras)
            }
            var graph = build(distributions, environments: environments, requested: extras, warnings: &warnings)
            graph.rootDependencies = direct.map { distributions[$0].package.id }.sorted()
            graph.unsatisfied = (graph.unsatisfied + unsatisfied).sorted()
            graph.dependenciesKnown = Self.dependenciesKnown(distributions, environments: environments, unsatisfied: graph.unsatisfied)
            return graph
        }
        var graph = build(distributions, environments: environments, requested: [:], warnings: &warnings)
        var required = Set(graph.edges.map(\.to))
        var topLevel = distributions.indices.filter { !required.contains(distributions[$0].package.id) }
        var inferred: [Int: Set<String>] = [:]
        for index in topLevel {
            for extra in Set(distributions[index].metadata.providesExtra.map(PythonPackageName.normalize)).sorted() {
                var visiting: Set<String> = []
                let check = Self.installedInFull(extra: extra, of: index, distributions, byName: byName, environment: environment, visiting: &visiting)
                if check.complete, check.added > 0 {
                    inferred[index, default: []].insert(extra)
                }
            }
        }
        // A distribution an inferred extra requires is not top-level after all, and neither are its extras
        // asked for: drop them until what is left is stable (each round drops at least one).
        var withExtras = graph
        while !inferred.isEmpty {
            var ignored: [String] = []
            withExtras = build(distributions, environments: environments, requested: inferred, warnings: &ignored)
            required = Set(withExtras.edges.map(\.to))
            let demoted = inferred.keys.filter { required.contains(distributions[$0].package.id) }
            if demoted.isEmpty { break }
            for index in demoted { inferred[index] = nil }
        }
        if inferred.isEmpty { required = Set(graph.edges.map(\.to)) }
        topLevel = distributions.indices.filter { !required.contains(distributions[$0].package.id) }
        if !inferred.isEmpty {
            graph.inferredEdges = Set(withExtras.edges).subtracting(graph.edges)
            graph.edges = withExtras.edges
            graph.unsatisfied = withExtras.unsatisfied
            graph.inferredExtras = Dictionary(uniqueKeysWithValues: inferred.map { (distributions[$0.key].package.id, $0.value.sorted()) })
        }
        graph.rootDependencies = topLevel.map { distributions[$0].package.id }.sorted()
        graph.dependenciesKnown = Self.dependenciesKnown(distributions, environments: environments, unsatisfied: graph.unsatisfied)
        return graph
    }

    /// See ``dependenciesKnown``: not a distribution whose site-packages has no known interpreter (its
    /// markers were evaluated against nothing), one with a `Requires-Dist` that does not parse, or one that
    /// requires something not installed.
    private static func dependenciesKnown(_ distributions: [InstalledDistribution], environments: [String: MarkerEnvironment],
                                          unsatisfied: [UnsatisfiedRequirement]) -> Set<String> {
        let missing = Set(unsatisfied.filter { $0.reason == "not installed" }.map(\.packageID))
        var known: Set<String> = []
        for distribution in distributions where environments[distribution.sitePackages] != nil && !missing.contains(distribution.package.id) {
            guard distribution.metadata.requiresDist.allSatisfy({ (try? Requirement(parsing: $0)) != nil }) else { continue }
            known.insert(distribution.package.id)
        }
        return known
    }

    /// Whether `extra` of a distribution adds at least one requirement for this environment and every one it
    /// adds is installed at a version it accepts, with the extras it asks of its target installed in full
    /// too (`boto3[crt]` needs `botocore[crt]`, which needs `awscrt`). An extra met while still being
    /// checked (a cycle) counts as installed.
    private static func installedInFull(extra: String, of index: Int, _ distributions: [InstalledDistribution], byName: [String: Int],
                                        environment: (Int) -> MarkerEnvironment, visiting: inout Set<String>) -> (added: Int, complete: Bool) {
        guard visiting.insert("\(index)[\(extra)]").inserted else { return (0, true) }
        var added = 0
        for text in distributions[index].metadata.requiresDist {
            guard let requirement = try? Requirement(parsing: text), let marker = requirement.marker,
                  marker.evaluate(environment(index), extra: extra), !marker.evaluate(environment(index), extra: "") else { continue }
            added += 1
            guard let target = byName[requirement.normalizedName] else { return (added, false) }
            if let specifier = requirement.specifier, !specifier.clauses.isEmpty,
               !specifier.contains(distributions[target].package.version, prereleases: true) { return (added, false) }
            for asked in requirement.extras
            where !installedInFull(extra: asked, of: target, distributions, byName: byName, environment: environment, visiting: &visiting).complete {
                return (added, false)
            }
        }
        return (added, true)
    }

    private static func build(_ distributions: [InstalledDistribution], environments: [String: MarkerEnvironment], requested: [Int: Set<String>],
                              warnings: inout [String]) -> DependencyGraph {
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
        for (index, asked) in requested { extras[index] = asked }
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

/// Whether a version lies inside an OSV range (OSV schema 1.7.5, "Evaluation"), in one ecosystem's order.
///
/// Events are sorted by the ecosystem's order (`introduced: "0"` first; on equal versions
/// `introduced` before `last_affected` before `fixed`, so `introduced X, fixed X` is empty) and walked
/// with one running flag: an `introduced` at or below the version opens, a `fixed` at or below it closes
/// (the fixed version itself is not affected), a `last_affected` below it closes (the bound itself is
/// affected). Several windows in one range are normal. When the range has `limit` events, the version
/// must be below one of them (`limit: "*"` is no limit).
struct RangeEvaluation<Version: Comparable> {
    enum Outcome: Equatable {
        /// Affected; `fixed` is the first `fixed` version above the installed one, when there is one.
        case affected(fixed: String?)
        case notAffected
        /// The range cannot be evaluated; the reason says why.
        case unusable(String)
    }

    /// Parses a bound; nil makes the range unusable.
    let parseBound: (String) -> Version?

    func evaluate(_ range: OSVRange, installed: Version) -> Outcome {
        var events: [(kind: OSVEvent.Kind, text: String, version: Version?)] = []
        var limits: [Version] = []
        var hasLimit = false
        for event in range.events {
            if event.kind == .introduced, event.version == "0" {
                events.append((.introduced, "0", nil))
                continue
            }
            if event.kind == .limit, event.version == "*" { hasLimit = true; continue }
            guard let version = parseBound(event.version) else {
                return .unusable(event.version.isEmpty ? "an event without exactly one of introduced/fixed/last_affected/limit"
                                                       : "\(event.kind.rawValue) bound \"\(event.version)\" does not parse")
            }
            if event.kind == .limit {
                hasLimit = true
                limits.append(version)
            } else {
                events.append((event.kind, event.version, version))
            }
        }
        guard events.contains(where: { $0.kind == .introduced }) else { return .unusable("no introduced event") }
        if hasLimit, !range.events.contains(where: { $0.kind == .limit && $0.version == "*" }), !limits.contains(where: { installed < $0 }) {
            return .notAffected
        }
        func rank(_ kind: OSVEvent.Kind) -> Int {
            switch kind {
            case .introduced: 0
            case .lastAffected: 1
            case .fixed: 2
            case .limit: 3
            }
        }
        let sorted = events.enumerated().sorted { left, right in
            switch (left.element.version, right.element.version) {
            case (nil, nil): return left.offset < right.offset
            case (nil, _): return true
            case (_, nil): return false
            case let (a?, b?):
                if a < b { return true }
                if b < a { return false }
                let ra = rank(left.element.kind), rb = rank(right.element.kind)
                return ra != rb ? ra < rb : left.offset < right.offset
            }
        }.map(\.element)
        var affected = false
        var fixed: String?
        for event in sorted {
            switch event.kind {
            case .introduced:
                if event.version.map({ $0 <= installed }) ?? true { affected = true; fixed = nil }
            case .fixed:
                if let version = event.version, version <= installed {
                    affected = false
                } else if affected, fixed == nil {
                    fixed = event.text
                }
            case .lastAffected:
                if let version = event.version, version < installed { affected = false }
            case .limit:
                break
            }
        }
        return affected ? .affected(fixed: fixed) : .notAffected
    }
}

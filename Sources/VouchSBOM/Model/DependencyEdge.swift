/// `from` depends on `to` (both package ids).
public struct DependencyEdge: Hashable, Sendable, Comparable {
    public var from: String
    public var to: String

    public init(from: String, to: String) {
        self.from = from
        self.to = to
    }

    public static func < (lhs: DependencyEdge, rhs: DependencyEdge) -> Bool {
        (lhs.from, lhs.to) < (rhs.from, rhs.to)
    }
}

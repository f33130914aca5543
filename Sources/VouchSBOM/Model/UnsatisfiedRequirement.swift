/// A requirement no installed package satisfies.
public struct UnsatisfiedRequirement: Hashable, Sendable, Comparable {
    /// The id of the package that declares it.
    public var packageID: String
    /// The requirement as written (PEP 508).
    public var requirement: String
    /// Why it is unsatisfied: not installed, or the installed version is outside the specifier.
    public var reason: String

    public init(packageID: String, requirement: String, reason: String) {
        self.packageID = packageID
        self.requirement = requirement
        self.reason = reason
    }

    public static func < (lhs: UnsatisfiedRequirement, rhs: UnsatisfiedRequirement) -> Bool {
        (lhs.packageID, lhs.requirement) < (rhs.packageID, rhs.requirement)
    }
}

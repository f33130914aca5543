/// The values PEP 508 marker variables take for one target interpreter, plus the `extra` being evaluated.
public struct MarkerEnvironment: Hashable, Sendable {
    public var values: [String: String]

    public init(values: [String: String]) { self.values = values }

    public func value(of variable: String) -> String { values[variable] ?? "" }

    /// The same environment with `extra` set.
    public func with(extra: String) -> MarkerEnvironment {
        var copy = self
        copy.values["extra"] = extra
        return copy
    }

    /// A CPython (or other implementation) interpreter `fullVersion` (e.g. `3.11.7`) on Linux `machine`.
    public static func linux(fullVersion: String, machine: String, implementation: String = "CPython",
                             release: String = "", kernelVersion: String = "") -> MarkerEnvironment {
        let parts = fullVersion.split(separator: ".")
        let short = parts.prefix(2).joined(separator: ".")
        let lowerImplementation = implementation.lowercased()
        return MarkerEnvironment(values: [
            "python_version": short,
            "python_full_version": fullVersion,
            "implementation_name": lowerImplementation,
            "implementation_version": fullVersion,
            "platform_python_implementation": implementation,
            "os_name": "posix",
            "sys_platform": "linux",
            "platform_system": "Linux",
            "platform_machine": machine,
            "platform_release": release,
            "platform_version": kernelVersion,
            "extra": "",
        ])
    }
}

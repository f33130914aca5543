public import VouchCore

/// One way an image failed verification: which document or layer, its descriptor, what was expected and
/// what was found. The JSON report lists these; ``verdict`` folds them into the core ``Verdict``.
public struct ImageFailure: Hashable, Sendable, Codable, CustomStringConvertible {
    /// What was checked: `index`, `manifest`, `config`, `layer`, `manifest.json`.
    public var object: String
    /// The layer's position in the manifest (0-based) for layer failures.
    public var layer: Int?
    /// The descriptor that referenced the object, when there is one.
    public var descriptor: Descriptor?
    /// What went wrong, e.g. `digest mismatch`.
    public var reason: String
    public var expected: String?
    public var actual: String?

    public init(object: String, layer: Int? = nil, descriptor: Descriptor? = nil, reason: String, expected: String? = nil, actual: String? = nil) {
        self.object = object
        self.layer = layer
        self.descriptor = descriptor
        self.reason = reason
        self.expected = expected
        self.actual = actual
    }

    /// `layer 2 (sha256:..., 1234 bytes)` or `config (sha256:...)`.
    public var subject: String {
        var text = object
        if let layer { text += " \(layer)" }
        if let descriptor { text += " (\(descriptor.digest), \(descriptor.mediaType), \(descriptor.size) bytes)" }
        return text
    }

    public var checkFailure: CheckFailure {
        CheckFailure(subject: subject, reason: reason, expected: expected, actual: actual)
    }

    public var description: String { checkFailure.description }
}

/// A file a package installed, as its RECORD lists it.
public struct PackageFile: Hashable, Sendable {
    /// The path in the source tree.
    public var path: String
    /// The SHA-256 RECORD gives, as lowercase hex; nil when RECORD has none (RECORD itself, `.pyc`).
    public var sha256: String?
    public var size: Int64?
    /// SHA-1 of the file as installed (SPDX 2.3 clause 8.4 requires it for every file); nil when the file
    /// RECORD lists is missing.
    public var sha1: String?

    public init(path: String, sha256: String?, size: Int64?, sha1: String? = nil) {
        self.path = path
        self.sha256 = sha256
        self.size = size
        self.sha1 = sha1
    }
}

/// A license that is not on the SPDX list, kept with its text (SPDX 2.3 clause 10.1 to 10.3).
public struct LicenseReference: Hashable, Sendable {
    /// `LicenseRef-...`, letters, digits, `.` and `-` only.
    public var id: String
    /// A short name: the first line of the text.
    public var name: String
    /// The full text as the metadata gives it.
    public var text: String

    public init(id: String, name: String, text: String) {
        self.id = id
        self.name = name
        self.text = text
    }
}

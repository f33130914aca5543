/// The SPDX License List (spdx.org/licenses) shipped as data: license and exception ids, looked up
/// case-insensitively (SPDX 2.3 Annex D.2: "License identifiers are case-insensitive") and answered in
/// the list's canonical spelling. ``listVersion`` records which list release this is.
public enum SPDXLicenseList {
    /// The SPDX License List release these ids come from.
    public static var version: String { listVersion }

    private static let licenses: [String: String] = table(licenseData)
    private static let exceptions: [String: String] = table(exceptionData)

    /// The canonical id of license `id`, or nil when it is not on the list.
    public static func license(_ id: String) -> String? { licenses[id.lowercased()] }

    /// The canonical id of exception `id`, or nil when it is not on the list.
    public static func exception(_ id: String) -> String? { exceptions[id.lowercased()] }

    public static var licenseCount: Int { licenses.count }

    private static func table(_ data: String) -> [String: String] {
        var table: [String: String] = [:]
        for line in data.split(separator: "\n") {
            let id = String(line.split(separator: " ").first ?? line)
            table[id.lowercased()] = id
        }
        return table
    }
}

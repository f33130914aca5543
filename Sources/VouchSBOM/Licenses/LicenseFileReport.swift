public import VouchCore

/// `vouch license identify`: what ``LicenseTextMatcher`` finds in each of a list of files.
public struct LicenseFileReport: Encodable, Sendable {
    public struct Entry: Encodable, Sendable {
        public struct Match: Encodable, Sendable {
            /// One SPDX id, or several the text fits equally.
            public var ids: [String]
            /// Three decimals, 1.000 for an exact match under the SPDX guidelines.
            public var score: Double
            public var method: String
            /// The first and last word (0-based, after normalization) the license covers.
            public var words: [Int]
        }

        public var file: String
        /// The SPDX expression, when the file is identified completely.
        public var expression: String?
        /// The lowest match score.
        public var score: Double?
        public var method: String?
        public var matches: [Match]
        public var wordCount: Int
        public var unmatchedWords: Int
        /// Why there is no expression.
        public var problem: String?
    }

    public var licenseListVersion: String
    public var files: [Entry]

    /// The files Vouch could not identify (the verdict: none is success).
    public var unidentified: [String] { files.filter { $0.expression == nil }.map(\.file) }

    /// Reads and identifies each file (at most ``PythonLicenseResolver/maximumLicenseFileBytes`` each).
    public static func identify(_ paths: [String]) throws(VouchError) -> LicenseFileReport {
        var entries: [Entry] = []
        for path in paths {
            let slash = path.lastIndex(of: "/")
            let directory = slash.map { path[..<$0].isEmpty ? "/" : String(path[..<$0]) } ?? "."
            let name = slash.map { String(path[path.index(after: $0)...]) } ?? path
            let resolver: DirectoryFileResolver
            do {
                resolver = try DirectoryFileResolver(path: directory)
            } catch {
                // The directory part is missing or unreadable: name the file the user gave.
                throw VouchError(error.code, error.reason, path: path)
            }
            guard let info = try resolver.info("/" + name) else { throw VouchError(.fileNotFound, "no such file", path: path) }
            guard info.kind == .regular else { throw VouchError(.unsupportedInput, "is not a regular file", path: path) }
            let limit = PythonLicenseResolver.maximumLicenseFileBytes
            if info.size > Int64(limit) {
                throw VouchError.limitExceeded("maximumLicenseFileBytes", limit: Int64(limit), found: info.size, path: path, what: "file size over")
            }
            let bytes = try resolver.contents(of: "/" + name, maximumBytes: limit)
            let found = LicenseTextMatcher.identify(String(decoding: bytes, as: UTF8.self))
            entries.append(Entry(
                file: path, expression: found.expression, score: found.score.map(Self.rounded),
                method: found.methodName,
                matches: found.matches.map {
                    Entry.Match(ids: $0.ids, score: Self.rounded($0.score), method: $0.method.rawValue,
                          words: [$0.wordRange.lowerBound, $0.wordRange.upperBound - 1])
                },
                wordCount: found.wordCount, unmatchedWords: found.unmatchedWordCount, problem: found.problem))
        }
        return LicenseFileReport(licenseListVersion: SPDXLicenseTemplates.listVersion, files: entries)
    }

    static func rounded(_ score: Double) -> Double { (score * 1000).rounded() / 1000 }
}

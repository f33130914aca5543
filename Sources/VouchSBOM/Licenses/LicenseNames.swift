/// License names as projects write them in `License:`, mapped to SPDX ids only where the name says exactly
/// one license: the SPDX list's own names (``SPDXLicenseTemplates/nameData``) and the spellings in
/// ``written``. A lookup matches the whole text after ``normalize(_:)`` (case, runs of spaces, a final
/// period, a leading "The"), never a part of it: "BSD" or "Apache Software License" (which version?) are
/// not here, and stay as they were written unless a license file decides.
public enum LicenseNames {
    /// The SPDX id `name` means, or nil when it is not a name with one meaning.
    public static func spdxID(for name: String) -> String? {
        let key = normalize(name)
        return written[key] ?? spdxNames[key]
    }

    /// Lowercased, spaces collapsed, a final "." and a leading "the " dropped.
    public static func normalize(_ name: String) -> String {
        var key = name.lowercased().split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }).joined(separator: " ")
        if key.hasSuffix(".") { key.removeLast() }
        if key.hasPrefix("the ") { key.removeFirst(4) }
        return key
    }

    /// Names seen in `License:` fields, each naming one license and version (keys already normalized).
    public static let written: [String: String] = [
        // Apache-2.0
        "apache 2.0": "Apache-2.0", "apache 2": "Apache-2.0", "apache-2": "Apache-2.0", "apache v2": "Apache-2.0",
        "apache license 2.0": "Apache-2.0", "apache license, version 2.0": "Apache-2.0",
        "apache license version 2.0": "Apache-2.0", "apache 2.0 license": "Apache-2.0", "apache license v2": "Apache-2.0",
        "apache license v2.0": "Apache-2.0", "apache software license 2.0": "Apache-2.0",
        "apache software license, version 2.0": "Apache-2.0", "apache-2.0 license": "Apache-2.0", "asl 2.0": "Apache-2.0",
        "apache license (2.0)": "Apache-2.0", "apache software license (apache 2.0)": "Apache-2.0",
        // MIT
        "mit license": "MIT", "mit licence": "MIT", "mit license (mit)": "MIT", "expat": "MIT", "expat license": "MIT",
        "mit/expat": "MIT", "mit-license": "MIT",
        // BSD-3-Clause
        "bsd 3-clause license": "BSD-3-Clause", "3-clause bsd license": "BSD-3-Clause", "bsd 3-clause": "BSD-3-Clause",
        "3-clause bsd": "BSD-3-Clause", "bsd-3-clause license": "BSD-3-Clause", "new bsd": "BSD-3-Clause",
        "new bsd license": "BSD-3-Clause", "modified bsd": "BSD-3-Clause", "modified bsd license": "BSD-3-Clause",
        "revised bsd license": "BSD-3-Clause", "bsd 3 clause": "BSD-3-Clause", "bsd-3": "BSD-3-Clause",
        "bsd (3-clause)": "BSD-3-Clause", "bsd 3-clause new license": "BSD-3-Clause", "bsd-3-clause-new": "BSD-3-Clause",
        "3-clause bsd licence": "BSD-3-Clause",
        // BSD-2-Clause
        "bsd 2-clause license": "BSD-2-Clause", "2-clause bsd license": "BSD-2-Clause", "bsd 2-clause": "BSD-2-Clause",
        "2-clause bsd": "BSD-2-Clause", "bsd-2-clause license": "BSD-2-Clause", "simplified bsd": "BSD-2-Clause",
        "simplified bsd license": "BSD-2-Clause", "freebsd license": "BSD-2-Clause", "bsd-2": "BSD-2-Clause",
        // Others
        "isc license (iscl)": "ISC", "iscl": "ISC", "isc licence": "ISC",
        "mpl 2.0": "MPL-2.0", "mpl-2": "MPL-2.0", "mpl2": "MPL-2.0", "mozilla public license 2.0 (mpl 2.0)": "MPL-2.0",
        "mozilla public license, version 2.0": "MPL-2.0",
        "psf": "PSF-2.0", "psf license": "PSF-2.0", "psfl": "PSF-2.0", "python software foundation license": "PSF-2.0",
        "psf-2.0 license": "PSF-2.0",
        "gplv2": "GPL-2.0-only", "gpl v2": "GPL-2.0-only", "gplv2+": "GPL-2.0-or-later", "gplv3": "GPL-3.0-only",
        "gpl v3": "GPL-3.0-only", "gplv3+": "GPL-3.0-or-later", "lgplv3": "LGPL-3.0-only", "lgplv3+": "LGPL-3.0-or-later",
        "lgplv2.1": "LGPL-2.1-only", "lgplv2.1+": "LGPL-2.1-or-later", "agplv3": "AGPL-3.0-only", "agplv3+": "AGPL-3.0-or-later",
        "zlib license": "Zlib", "zlib": "Zlib", "unlicense": "Unlicense", "cc0": "CC0-1.0", "cc0 1.0": "CC0-1.0",
        "cc0 1.0 universal": "CC0-1.0", "boost software license": "BSL-1.0", "hpnd": "HPND",
    ]

    /// License families for names and classifiers that say the family but not which member ("BSD"): a
    /// license file may decide the member, and must then be in the family.
    public static func family(for name: String) -> LicenseFamily? {
        families[normalize(name)]
    }

    static let families: [String: LicenseFamily] = [
        "bsd": .bsd, "bsd license": .bsd, "bsd-style": .bsd, "bsd style": .bsd, "bsd-like": .bsd, "bsd licence": .bsd,
        "apache": .apache, "apache license": .apache, "apache software license": .apache, "apache software": .apache,
        "gpl": .gpl, "gnu gpl": .gpl, "lgpl": .lgpl, "gnu lgpl": .lgpl,
        "license :: osi approved :: bsd license": .bsd, "license :: osi approved :: apache software license": .apache,
        "license :: osi approved :: gnu general public license (gpl)": .gpl,
        "license :: osi approved :: gnu library or lesser general public license (lgpl)": .lgpl,
        "license :: osi approved :: gnu lesser general public license v2 (lgplv2)": .lgpl2,
        "license :: osi approved :: gnu lesser general public license v2 or later (lgplv2+)": .lgpl2,
    ]

    private static let spdxNames: [String: String] = {
        var table: [String: String] = [:]
        for line in SPDXLicenseTemplates.nameData.split(separator: "\n") {
            let parts = line.split(separator: "\t", maxSplits: 1)
            if parts.count == 2 { table[normalize(String(parts[0]))] = String(parts[1]) }
        }
        return table
    }()
}

/// A license family a name or classifier gives without saying which member.
public enum LicenseFamily: String, Hashable, Sendable {
    case bsd, apache, gpl, lgpl, lgpl2

    /// Whether SPDX license `id` belongs to the family.
    public func contains(_ id: String) -> Bool {
        switch self {
        case .bsd: id.hasPrefix("BSD-") || id == "0BSD"
        case .apache: id.hasPrefix("Apache-")
        case .gpl: id.hasPrefix("GPL-")
        case .lgpl: id.hasPrefix("LGPL-")
        case .lgpl2: id.hasPrefix("LGPL-2.")
        }
    }
}

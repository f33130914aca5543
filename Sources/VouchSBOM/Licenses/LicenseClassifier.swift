/// Trove license classifiers (pypi.org/classifiers) that name exactly one SPDX license.
///
/// Only classifiers whose license and version are both determined are mapped: "BSD License" (which BSD?),
/// "Apache Software License" (1.1 or 2.0?), "GNU Lesser General Public License v2 (LGPLv2)" (2.0 or 2.1?)
/// are not, so the SBOM never claims more than the metadata says.
public enum LicenseClassifier {
    static let prefix = "License :: "

    /// The SPDX id for `classifier`, or nil when it is not a license classifier with one meaning.
    public static func spdxID(for classifier: String) -> String? {
        table[classifier.trimmingSpaces()]
    }

    /// Whether `classifier` is about licensing at all.
    public static func isLicenseClassifier(_ classifier: String) -> Bool {
        classifier.hasPrefix(prefix) && classifier.trimmingSpaces() != "License :: OSI Approved"
    }

    static let table: [String: String] = [
        "License :: OSI Approved :: MIT License": "MIT",
        "License :: OSI Approved :: MIT No Attribution License (MIT-0)": "MIT-0",
        "License :: OSI Approved :: ISC License (ISCL)": "ISC",
        "License :: OSI Approved :: Zero-Clause BSD (0BSD)": "0BSD",
        "License :: OSI Approved :: GNU General Public License v2 (GPLv2)": "GPL-2.0-only",
        "License :: OSI Approved :: GNU General Public License v2 or later (GPLv2+)": "GPL-2.0-or-later",
        "License :: OSI Approved :: GNU General Public License v3 (GPLv3)": "GPL-3.0-only",
        "License :: OSI Approved :: GNU General Public License v3 or later (GPLv3+)": "GPL-3.0-or-later",
        "License :: OSI Approved :: GNU Lesser General Public License v3 (LGPLv3)": "LGPL-3.0-only",
        "License :: OSI Approved :: GNU Lesser General Public License v3 or later (LGPLv3+)": "LGPL-3.0-or-later",
        "License :: OSI Approved :: GNU Affero General Public License v3": "AGPL-3.0-only",
        "License :: OSI Approved :: GNU Affero General Public License v3 or later (AGPLv3+)": "AGPL-3.0-or-later",
        "License :: OSI Approved :: Mozilla Public License 1.0 (MPL)": "MPL-1.0",
        "License :: OSI Approved :: Mozilla Public License 1.1 (MPL 1.1)": "MPL-1.1",
        "License :: OSI Approved :: Mozilla Public License 2.0 (MPL 2.0)": "MPL-2.0",
        "License :: OSI Approved :: Python Software Foundation License": "PSF-2.0",
        "License :: OSI Approved :: Python License (CNRI Python License)": "CNRI-Python",
        "License :: OSI Approved :: The Unlicense (Unlicense)": "Unlicense",
        "License :: OSI Approved :: Boost Software License 1.0 (BSL-1.0)": "BSL-1.0",
        "License :: OSI Approved :: Eclipse Public License 1.0 (EPL-1.0)": "EPL-1.0",
        "License :: OSI Approved :: Eclipse Public License 2.0 (EPL-2.0)": "EPL-2.0",
        "License :: OSI Approved :: European Union Public Licence 1.0 (EUPL 1.0)": "EUPL-1.0",
        "License :: OSI Approved :: European Union Public Licence 1.1 (EUPL 1.1)": "EUPL-1.1",
        "License :: OSI Approved :: European Union Public Licence 1.2 (EUPL 1.2)": "EUPL-1.2",
        "License :: OSI Approved :: Universal Permissive License (UPL)": "UPL-1.0",
        "License :: OSI Approved :: Historical Permission Notice and Disclaimer (HPND)": "HPND",
        "License :: OSI Approved :: PostgreSQL License": "PostgreSQL",
        "License :: OSI Approved :: Microsoft Public License": "MS-PL",
        "License :: OSI Approved :: Microsoft Reciprocal License": "MS-RL",
        "License :: CC0 1.0 Universal (CC0 1.0) Public Domain Dedication": "CC0-1.0",
    ]
}

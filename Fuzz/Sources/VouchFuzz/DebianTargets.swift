import Foundation
import VouchCore
import VouchSBOM

/// dpkg's status database and DEP-5 copyright files, read by the dpkg cataloger through a file tree.
enum DebianTargets {
    static let osRelease = Array("ID=debian\nVERSION_ID=\"12\"\n".utf8)

    /// The input as `/var/lib/dpkg/status`: every package found survives an SBOM write and read.
    static let dpkgStatus = FuzzTarget(name: "dpkg-status", dictionary: nil) { bytes in
        catalog(["/var/lib/dpkg/status": bytes, "/etc/os-release": osRelease])
    }

    /// The input as the copyright file of the one installed package.
    /// `prepare` builds the SPDX license-text vocabulary once (about 5 CPU-s in a debug sanitizer build), so
    /// that one-time cost is not charged to the first input's `-timeout` (the first input of a run on a loaded
    /// machine timed out on it).
    static let dpkgCopyright = FuzzTarget(name: "dpkg-copyright", dictionary: nil,
                                          prepare: { _ = LicenseTextMatcher.identify("Permission is hereby granted") }) { bytes in
        let status = Array("Package: fuzz\nStatus: install ok installed\nVersion: 1.0-1\nArchitecture: amd64\n".utf8)
        let packages = catalog(["/var/lib/dpkg/status": status, "/usr/share/doc/fuzz/copyright": bytes, "/etc/os-release": osRelease])
        require(packages.count == 1, "one installed package gave \(packages.count)")
        if let expression = packages.first?.license.expression, !expression.hasPrefix("LicenseRef-") {
            require(SPDXExpression(expression) != nil, "the copyright file gave '\(expression)', not an SPDX expression")
        }
    }

    @discardableResult
    static func catalog(_ files: [String: [UInt8]]) -> [SBOMPackage] {
        let resolver = MemoryFileResolver(files: files)
        do throws(VouchError) {
            let result = try DpkgCataloger().catalog(resolver, options: CatalogOptions())
            for package in result.packages {
                require(!package.name.isEmpty, "a package without a name")
                require(package.ecosystem == .debian, "a dpkg package outside the debian ecosystem")
            }
            SBOMRoundTrip.check(result.packages, name: "dpkg")
            return result.packages
        } catch {
            requireWellFormed(error, file: "/var/lib/dpkg/status")
            return []
        }
    }
}

/// Write and read back: the packages of a document survive SPDX JSON and CycloneDX JSON.
enum SBOMRoundTrip {
    static let formats: [(SBOMFormat, String)] = [(.spdxJSON, "1.6"), (.cycloneDXJSON, "1.6")]

    /// The fields a package keeps through encode-then-read (as SBOMReaderTests projects them).
    static func projection(_ packages: [SBOMPackage]) -> [String] {
        packages.map { package in
            let license = package.license.expression.map { $0.hasPrefix("LicenseRef-") ? "LicenseRef" : $0 } ?? "NOASSERTION"
            return [package.ecosystem.rawValue, package.name, package.version, package.purl ?? "-", license,
                    package.sourcePackage ?? "-", package.sourceVersion ?? "-", package.distro ?? "-"].joined(separator: "|")
        }.sorted()
    }

    static func document(_ packages: [SBOMPackage], name: String) -> SBOMDocument {
        SBOMDocument(source: SBOMSource(kind: .directory, name: name), packages: packages, dependencies: [], unsatisfied: [],
                     created: Date(timeIntervalSince1970: 0), includesFiles: false)
    }

    /// `packages` written in each format and read back give the same projection.
    static func check(_ packages: [SBOMPackage], name: String) {
        let original = projection(packages)
        for (format, version) in formats {
            let options = SBOMEncodingOptions(cycloneDXVersion: version, documentUUID: "3f1c2e0a-0000-4000-8000-000000000000")
            do throws(VouchError) {
                let bytes = try SBOMGenerator.encode(document(packages, name: name), as: format, options: options)
                let read = try SBOMReader.read(bytes, path: "written.\(format)")
                let found = projection(read.packages)
                require(found == original, "\(format) round trip changed the packages:\n\(original)\n\(found)")
            } catch {
                require(false, "\(format) could not write or read back its own document: \(error)")
            }
        }
    }
}

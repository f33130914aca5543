import VouchCore
import VouchSBOM

/// The Python packaging readers: core metadata, RECORD, PEP 508 requirements and markers, PEP 440
/// versions and specifiers.
enum PythonTargets {
    static let environment = MarkerEnvironment.linux(fullVersion: "3.12.4", machine: "x86_64")
    /// Versions every specifier is asked about: releases, pre, post, dev, local, epochs.
    static let probeVersions = ["0", "1.0", "1.0.0", "1.0a1", "1.0rc2", "1.0.post1", "1.0.dev3", "1.0+local.7", "2!1.0", "3.12.4", "999999999"]

    static let metadata = FuzzTarget(name: "metadata", dictionary: nil) { bytes in
        let limits = CoreMetadataLimits(maximumFileBytes: 1 << 20, maximumHeaderCount: 64)
        do throws(VouchError) {
            let metadata = try CoreMetadata(parsing: bytes, path: "METADATA", limits: limits)
            require(metadata.headers.count <= limits.maximumHeaderCount, "\(metadata.headers.count) headers past maximumHeaderCount")
            // Header names are kept lowercased (ASCII), which `first(_:)` and `all(_:)` rely on.
            for header in metadata.headers {
                require(!header.name.utf8.contains { $0 >= 0x41 && $0 <= 0x5A }, "a header name not lowercased: '\(header.name)'")
            }
            // What the cataloger does with the fields: requirements and the version.
            for line in metadata.requiresDist { checkRequirement(line) }
            if let version = metadata.version { checkVersion(version) }
        } catch {
            requireWellFormed(error, file: "METADATA")
        }
    }

    static let record = FuzzTarget(name: "record", dictionary: nil) { bytes in
        do throws(VouchError) {
            let record = try RecordFile(parsing: bytes, path: "RECORD", maximumEntries: 64)
            require(record.entries.count <= 64, "\(record.entries.count) rows past maximumEntries")
            for entry in record.entries {
                if let hex = entry.hexDigest {
                    require(!hex.isEmpty && hex.utf8.count % 2 == 0 && hex.utf8.allSatisfy(Hex.isLowercaseHexDigit),
                            "a RECORD digest decoded to '\(hex)'")
                }
            }
        } catch {
            requireWellFormed(error, file: "RECORD")
        }
    }

    static let requirement = FuzzTarget(name: "requirement", dictionary: nil) { bytes in
        checkRequirement(text(bytes))
    }

    static let marker = FuzzTarget(name: "marker", dictionary: nil) { bytes in
        let source = text(bytes)
        do throws(VouchError) {
            let marker = try Marker(parsing: source)
            require(source.utf8.count <= Marker.maximumLength, "a marker past maximumLength was accepted")
            let plain = marker.evaluate(environment)
            // Evaluating twice, and through an environment copy with the same extra, agree.
            require(marker.evaluate(environment) == plain, "a marker evaluated twice gave two answers")
            require(marker.evaluate(environment.with(extra: "test")) == marker.evaluate(environment, extra: "test"),
                    "evaluate(with(extra:)) and evaluate(extra:) disagree")
        } catch {
            requireWellFormed(error, file: nil)
        }
    }

    /// A version that parses prints a normal form that parses to an equal version with the same normal
    /// form; a version equals itself and is not below itself.
    static let pep440 = FuzzTarget(name: "pep440", dictionary: nil) { bytes in
        let lines = text(bytes).split(separator: "\n", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
        checkVersion(lines[0])
        if lines.count == 2, let a = PythonVersion(lines[0]), let b = PythonVersion(lines[1]) {
            let below = a < b, above = b < a, equal = a == b
            require([below, above, equal].filter { $0 }.count == 1, "'\(a)' and '\(b)' are not exactly one of <, >, ==")
            if equal { require(a.hashValue == b.hashValue, "'\(a)' == '\(b)' with different hashes") }
        }
    }

    static let specifier = FuzzTarget(name: "specifier", dictionary: nil) { bytes in
        let lines = text(bytes).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard let set = VersionSpecifierSet(lines[0]) else { return }
        let reparsed = VersionSpecifierSet(set.description)
        require(reparsed != nil, "the printed specifier '\(set)' does not parse")
        require(reparsed?.description == set.description, "'\(set)' prints as '\(reparsed?.description ?? "")' after a round trip")
        for version in probeVersions + lines.dropFirst() {
            let answer = set.contains(version)
            require(answer == reparsed?.contains(version), "'\(set)' and its reprint disagree about '\(version)'")
        }
    }

    static func checkRequirement(_ line: String) {
        do throws(VouchError) {
            let requirement = try Requirement(parsing: line)
            require(!requirement.name.isEmpty, "a requirement without a name: '\(line)'")
            require(PythonPackageName.normalize(requirement.normalizedName) == requirement.normalizedName,
                    "name normalisation of '\(requirement.name)' is not idempotent")
            if let marker = requirement.marker { _ = marker.evaluate(environment, extra: "test") }
            if let specifier = requirement.specifier {
                for version in probeVersions { _ = specifier.contains(version) }
            }
        } catch {
            requireWellFormed(error, file: nil)
        }
    }

    static func checkVersion(_ source: String) {
        guard let version = PythonVersion(source) else { return }
        let printed = version.description
        guard let reparsed = PythonVersion(printed) else {
            require(false, "'\(source)' parses but its normal form '\(printed)' does not")
            return
        }
        require(reparsed == version, "'\(source)' and its normal form '\(printed)' are not equal")
        require(reparsed.description == printed, "the normal form of '\(printed)' is '\(reparsed.description)'")
        require(version == version && !(version < version), "'\(printed)' is not equal to itself")
    }
}

import Foundation
import VouchCore
import VouchSBOM
import VouchPolicy
import VouchSecrets

/// Policies, gitleaks configs, SBOMs from other tools, and SPDX license expressions.
enum DocumentTargets {
    /// YAML or JSON (a JSON document is YAML): a policy reads or is refused naming the file.
    static let policy = FuzzTarget(name: "policy", dictionary: "json") { bytes in
        do throws(VouchError) {
            _ = try Policy(text: text(bytes), path: "policy.yaml")
        } catch {
            requireWellFormed(error, file: "policy.yaml")
        }
    }

    /// A gitleaks TOML config that parses survives a JSON write and read (the `.json` config form).
    static let gitleaksTOML = FuzzTarget(name: "gitleaks-toml", dictionary: nil) { bytes in
        let config: SecretConfig
        do throws(VouchError) {
            config = try SecretConfig.parseTOML(text(bytes))
        } catch {
            requireWellFormed(error, file: nil)
            return
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        guard let json = try? encoder.encode(config) else {
            require(false, "a config that was read cannot be encoded")
            return
        }
        do throws(VouchError) {
            let again = try SecretConfig.parseJSON(String(decoding: json, as: UTF8.self))
            require(again == config, "a TOML config written as JSON reads back differently:\n\(String(decoding: json, as: UTF8.self))")
        } catch {
            require(false, "a TOML config written as JSON is refused: \(error)\n\(String(decoding: json, as: UTF8.self))")
        }
    }

    /// SPDX or CycloneDX JSON from any tool: what is read, written by Vouch and read again, keeps its packages.
    static let sbom = FuzzTarget(name: "sbom", dictionary: "json") { bytes in
        let document: SBOMDocument
        do throws(VouchError) {
            document = try SBOMReader.read(bytes, path: "fuzz.sbom.json")
        } catch {
            requireWellFormed(error, file: "fuzz.sbom.json")
            return
        }
        require(document.packages.count <= SBOMReader.maximumPackages, "more packages than maximumPackages")
        // Once through Vouch's writer the packages are in Vouch's terms; from there a round trip is exact.
        guard let written = try? SBOMGenerator.encode(document, as: .spdxJSON, options: SBOMEncodingOptions(documentUUID: "3f1c2e0a-0000-4000-8000-000000000000")) else {
            require(false, "a document that was read cannot be written as SPDX JSON")
            return
        }
        do throws(VouchError) {
            let normal = try SBOMReader.read(written, path: "written.spdx.json")
            SBOMRoundTrip.check(normal.packages, name: "sbom")
        } catch {
            require(false, "Vouch's SPDX JSON of a document it read is refused: \(error)")
        }
    }

    /// An expression that parses has a canonical form that parses to itself.
    static let spdxExpression = FuzzTarget(name: "spdx-expression", dictionary: nil) { bytes in
        guard let expression = SPDXExpression(text(bytes)) else { return }
        guard let again = SPDXExpression(expression.canonical) else {
            require(false, "the canonical form '\(expression.canonical)' of '\(text(bytes))' does not parse")
            return
        }
        require(again.canonical == expression.canonical, "'\(expression.canonical)' canonicalises to '\(again.canonical)'")
        require(again.tree == expression.tree, "'\(expression.canonical)' parses to another tree")
    }
}

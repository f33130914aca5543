import Foundation
import Testing
import VouchTestSupport

/// Each proof field of a happy-path bundle (and of its trusted root), altered alone, must make
/// `vouch verify-blob` exit 1 naming exactly the steps that the alteration breaks.
@Suite struct MutationTests {
    static let suite = ConformanceTests.suite

    /// One alteration: replace `old` (which must occur exactly once) by `new` in the case's bundle text.
    struct Mutation: CustomTestStringConvertible, Sendable {
        var name: String
        var caseName: String
        var old: String
        var new: String
        var steps: Set<String>
        var testDescription: String { name }
    }

    static let v1 = "happy-path-v0.3"
    static let v2 = "rekor2-happy-path"
    static let dsse = "happy-path-intoto-in-dsse-v3"

    static let mutations: [Mutation] = [
        Mutation(name: "message signature", caseName: v1, old: "MEUCICYFq/4bTEdlurgq", new: "MEUCICYFq/4bTEdlurgr", steps: ["signature", "log entry"]),
        Mutation(name: "message digest", caseName: v1, old: "oM/HEnHW4njlfNMy", new: "oN/HEnHW4njlfNMy", steps: ["artifact digest", "log entry"]),
        Mutation(name: "entry logIndex", caseName: v1, old: #""logIndex": "79571823""#, new: #""logIndex": "79571824""#, steps: ["SET", "timestamp"]),
        Mutation(name: "entry integratedTime", caseName: v1, old: #""integratedTime": "1710869186""#, new: #""integratedTime": "1710869187""#, steps: ["SET", "timestamp"]),
        Mutation(name: "signed entry timestamp", caseName: v1, old: "MEYCIQDMNM49CNrcrpuvB9G3", new: "MEYCIQDMNM49CNrcrpuvB9G4", steps: ["SET", "timestamp"]),
        Mutation(name: "entry logId", caseName: v1, old: "wNI9atQGlz+VWfO6LRyg", new: "wNI9atQGlz+VWfO6MRyg", steps: ["transparency log", "timestamp"]),
        Mutation(name: "inclusion proof hash", caseName: v1, old: "1J7hRIEGvYdAyzEs", new: "1J7hRIEGvYdAyzEt", steps: ["inclusion proof"]),
        Mutation(name: "inclusion proof rootHash", caseName: v1, old: #""rootHash": "Fnnj13Uu1jdk"#, new: #""rootHash": "Fnnj13Uu1jdl"#, steps: ["inclusion proof", "checkpoint"]),
        Mutation(name: "inclusion proof treeSize", caseName: v1, old: #""treeSize": "75408393""#, new: #""treeSize": "75408394""#, steps: ["inclusion proof", "checkpoint"]),
        Mutation(name: "inclusion proof logIndex", caseName: v1, old: #""logIndex": "75408392""#, new: #""logIndex": "75408391""#, steps: ["inclusion proof"]),
        Mutation(name: "checkpoint signature", caseName: v1, old: "wNI9ajBFAiBTyiBM9Wty", new: "wNI9ajBFAiBTyiBM9Wtz", steps: ["checkpoint"]),
        Mutation(name: "checkpoint tree size", caseName: v1, old: #"\n75408393\n"#, new: #"\n75408394\n"#, steps: ["checkpoint"]),
        Mutation(name: "RFC 3161 timestamp", caseName: v2, old: "MIIE6jADAgEAMIIE4QYJKoZIhvcNAQcCoIIE0jCCBM4CAQMxDTALBglghkgBZQMEAgEwgcIGCyqGSIb3DQEJEAEEoIGyBIGvMIGsAgEBBgkrBgEEAYO/MAIwMTANBglghkgBZQMEAgEFAAQgbd8x", new: "MIIE6jADAgEAMIIE4QYJKoZIhvcNAQcCoIIE0jCCBM4CAQMxDTALBglghkgBZQMEAgEwgcIGCyqGSIb3DQEJEAEEoIGyBIGvMIGsAgEBBgkrBgEEAYO/MAIwMTANBglghkgBZQMEAgEFAAQgbd8y", steps: ["timestamp"]),
        Mutation(name: "Rekor v2 checkpoint root hash", caseName: v2, old: #"\nrs1YPY0y"#, new: #"\nrs1YPY0z"#, steps: ["checkpoint"]),
        Mutation(name: "Rekor v2 inclusion proof hash", caseName: v2, old: "W04Xfh+3qi0j", new: "W04Xfh+3qi0k", steps: ["inclusion proof"]),
        Mutation(name: "DSSE payload", caseName: dsse, old: #""payload": "eyJfdHlwZSI6Imh0dHBz"#, new: #""payload": "eyJfdHlwZSI6Imh0dHB6"#, steps: ["signature", "log entry", "artifact digest"]),
    ]

    static func run(_ caseName: String, bundle: String, root: [String: Any]? = nil, extra: [String] = []) throws -> (status: Int32, steps: Set<String>, output: String) {
        let directory = URL(fileURLWithPath: try SharedData.require(suite)).appendingPathComponent(caseName)
        let temporary = try TemporaryDirectory("vouch-mutation")
        var arguments = ConformanceTests.arguments(directory)
        arguments[3] = try temporary.write("bundle.sigstore.json", bundle)
        if let root {
            let path = try temporary.write("trusted_root.json", [UInt8](try JSONSerialization.data(withJSONObject: root)))
            if let index = arguments.firstIndex(of: "--trusted-root") { arguments[index + 1] = path } else { arguments += ["--trusted-root", path] }
        }
        let result = try CommandRunner.vouch(arguments + extra + ["--format", "json"])
        let report = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
        let failures = report?["failures"] as? [[String: Any]] ?? []
        return (result.status, Set(failures.compactMap { $0["subject"] as? String }), result.stdout + result.stderr)
    }

    static func bundleText(_ caseName: String) throws -> String {
        try String(contentsOfFile: try SharedData.require("\(suite)/\(caseName)/bundle.sigstore.json"), encoding: .utf8)
    }

    @Test(.enabled(if: SharedData.shouldRun(suite)), arguments: mutations)
    func alteredFieldFailsItsStep(_ mutation: Mutation) throws {
        let text = try Self.bundleText(mutation.caseName)
        #expect(text.components(separatedBy: mutation.old).count == 2, "'\(mutation.old)' occurs exactly once in \(mutation.caseName)")
        let result = try Self.run(mutation.caseName, bundle: text.replacingOccurrences(of: mutation.old, with: mutation.new))
        #expect(result.status == 1, "\(result.output)")
        #expect(result.steps == mutation.steps, "\(result.output)")
    }

    @Test(.enabled(if: SharedData.shouldRun(suite)))
    func unalteredBundlesVerify() throws {
        for caseName in [Self.v1, Self.v2, Self.dsse] {
            let result = try Self.run(caseName, bundle: try Self.bundleText(caseName))
            #expect(result.status == 0 && result.steps.isEmpty, "\(caseName): \(result.output)")
        }
    }

    /// The canonicalized body is what the SET signs and the Merkle leaf hashes: altering it breaks all three.
    @Test(.enabled(if: SharedData.shouldRun(suite)))
    func alteredLogEntryBodyFailsEntrySETAndInclusion() throws {
        let text = try Self.bundleText(Self.v1)
        let key = #""canonicalizedBody": ""#
        let start = try #require(text.range(of: key)).upperBound
        let end = try #require(text[start...].firstIndex(of: "\""))
        let body = try #require(Data(base64Encoded: String(text[start..<end])))
        let altered = String(decoding: body, as: UTF8.self).replacingOccurrences(of: "a0cfc7", with: "a0cfc8")
        let mutated = text.replacingCharacters(in: start..<end, with: Data(altered.utf8).base64EncodedString())
        let result = try Self.run(Self.v1, bundle: mutated)
        #expect(result.status == 1)
        #expect(result.steps == ["log entry", "SET", "inclusion proof", "timestamp"], "\(result.output)")
    }

    /// Trusted-root alterations: each removes or narrows what one step needs.
    @Test(.enabled(if: SharedData.shouldRun(suite)), arguments: [
        ("no CT logs", v1, "SCT"), ("no certificate authorities", v1, "chain"), ("CA window ends 2023", v1, "chain"),
        ("tlog window starts 2025", v1, "transparency log"), ("TSA window ends before the timestamp", v2, "timestamp"), ("no TSAs", v2, "timestamp"),
    ])
    func narrowedTrustedRootFailsItsStep(_ change: String, _ caseName: String, _ step: String) throws {
        let rootPath = caseName == Self.v1 ? try SharedData.require("sigstore/trusted-roots/production/trusted_root.json") : try SharedData.require("\(Self.suite)/\(caseName)/trusted_root.json")
        var root = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: rootPath))) as? [String: Any])
        func windows(_ key: String, nested: Bool, _ edit: (inout [String: Any]) -> Void) {
            root[key] = (root[key] as? [[String: Any]] ?? []).map { item in
                var item = item
                if nested {
                    var key = item["publicKey"] as? [String: Any] ?? [:]
                    var window = key["validFor"] as? [String: Any] ?? [:]
                    edit(&window)
                    key["validFor"] = window
                    item["publicKey"] = key
                } else {
                    var window = item["validFor"] as? [String: Any] ?? [:]
                    edit(&window)
                    item["validFor"] = window
                }
                return item
            }
        }
        switch change {
        case "no CT logs": root["ctlogs"] = []
        case "no certificate authorities": root["certificateAuthorities"] = []
        case "CA window ends 2023": windows("certificateAuthorities", nested: false) { $0["end"] = "2023-01-01T00:00:00Z" }
        case "tlog window starts 2025": windows("tlogs", nested: true) { $0["start"] = "2025-01-01T00:00:00Z" }
        case "TSA window ends before the timestamp": windows("timestampAuthorities", nested: false) { $0["end"] = "2025-06-01T00:00:00Z" }
        default: root["timestampAuthorities"] = []
        }
        let result = try Self.run(caseName, bundle: try Self.bundleText(caseName), root: root)
        #expect(result.status == 1)
        #expect(result.steps == [step], "\(result.output)")
    }

    /// Identity flags: exact and regexp forms, issuer, and the GitHub workflow claims.
    @Test(.enabled(if: SharedData.shouldRun(suite)), arguments: [
        (["--certificate-identity", "https://github.com/other/repo/.github/workflows/x.yml@refs/heads/main"], 1),
        (["--certificate-oidc-issuer", "https://accounts.google.com"], 1),
        (["--certificate-identity-regexp", "^https://github.com/sigstore-conformance/"], 0),
        (["--certificate-identity-regexp", "^https://github.com/acme/"], 1),
        (["--certificate-oidc-issuer-regexp", "^https://token\\.actions\\.githubusercontent\\.com$"], 0),
        (["--certificate-github-workflow-repository", "sigstore-conformance/other"], 1),
        (["--certificate-github-workflow-repository", "sigstore-conformance/extremely-dangerous-public-oidc-beacon",
          "--certificate-github-workflow-ref", "refs/heads/main", "--certificate-github-workflow-trigger", "workflow_dispatch",
          "--certificate-github-workflow-sha", "c7b3dfb335f051e1c86bda4c716fac97df62ad81"], 0),
        (["--certificate-github-workflow-sha", "0000000000000000000000000000000000000000"], 1),
    ] as [([String], Int32)])
    func identityFlagsDecide(_ flags: [String], _ expected: Int32) throws {
        let directory = URL(fileURLWithPath: try SharedData.require(Self.suite)).appendingPathComponent(Self.v1)
        var arguments = ConformanceTests.arguments(directory)
        // An identity or issuer flag given here replaces the protocol's one of the same kind; others are added.
        for pair in stride(from: 0, to: flags.count, by: 2) {
            let flag = flags[pair], value = flags[pair + 1]
            let kind = flag.hasPrefix("--certificate-identity") ? "--certificate-identity" : flag.hasPrefix("--certificate-oidc-issuer") ? "--certificate-oidc-issuer" : nil
            if let kind, let position = arguments.firstIndex(of: kind) {
                arguments[position] = flag
                arguments[position + 1] = value
            } else {
                arguments += [flag, value]
            }
        }
        let result = try CommandRunner.vouch(arguments + ["--format", "json"])
        #expect(result.status == expected, "\(result.stdout)\(result.stderr)")
        if expected == 1 { #expect(result.stdout.contains(#""subject" : "identity""#) || result.stdout.contains(#""subject":"identity""#), "\(result.stdout)") }
    }
}

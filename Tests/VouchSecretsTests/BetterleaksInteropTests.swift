import Foundation
import Testing
import VouchSecrets
import VouchTestSupport

/// The same custom rules and allowlists, run by Vouch (gitleaks TOML) and by betterleaks, must find
/// the same secrets at the same places.
///
/// betterleaks 2 no longer reads gitleaks' allowlist tables (`[[allowlists]]`, `secretGroup`,
/// `entropy`, rule allowlists): it takes expression filters instead. So the peer gets the same rules
/// with those allowlists written as its `prefilter`/`filter` expressions; Vouch gets the gitleaks TOML.
@Suite struct BetterleaksInteropTests {
    static let gitleaksConfig = """
        title = "team rules"
        [[rules]]
        id = "acme-token"
        description = "ACME API token"
        regex = '''\\b(acme_[a-z0-9]{24})\\b'''
        keywords = ["acme_"]

        [[rules]]
        id = "acme-secret"
        description = "ACME client secret"
        regex = '''(?i)acme[_-]?secret\\s{0,3}[=:]\\s{0,3}["']([A-Za-z0-9]{20})["']'''
        secretGroup = 1
        entropy = 3.0
        keywords = ["acme"]
          [[rules.allowlists]]
          stopwords = ["sample"]

        [[rules]]
        id = "globex-key"
        description = "Globex key"
        regex = '''\\bGBX-([A-F0-9]{8}-[A-F0-9]{8})\\b'''
        keywords = ["gbx-"]

        [[allowlists]]
        paths = ['''(?:^|/)vendor/''']
        """

    static let betterleaksConfig = """
        title = "team rules"
        prefilter = '''
        matchesAny(attributes["path"], [`(?:^|/)vendor/`])
        '''
        [[rules]]
        id = "acme-token"
        description = "ACME API token"
        regex = '''\\b(acme_[a-z0-9]{24})\\b'''
        keywords = ["acme_"]

        [[rules]]
        id = "acme-secret"
        description = "ACME client secret"
        regex = '''(?i)acme[_-]?secret\\s{0,3}[=:]\\s{0,3}["']([A-Za-z0-9]{20})["']'''
        keywords = ["acme"]
        filter = '''
        entropy(finding["secret"]) <= 3.0 || containsAny(lower(finding["secret"]), ["sample"])
        '''

        [[rules]]
        id = "globex-key"
        description = "Globex key"
        regex = '''\\bGBX-([A-F0-9]{8}-[A-F0-9]{8})\\b'''
        keywords = ["gbx-"]
        """

    func makeTree(_ directory: TemporaryDirectory) throws {
        var generator = SeededGenerator(seed: 9)
        func token(_ alphabet: [Character], _ count: Int) -> String {
            String((0..<count).map { _ in alphabet[Int(generator.next() % UInt64(alphabet.count))] })
        }
        let lowerAlnum = FakeSecret.lowerAlphanumeric, alnum = FakeSecret.alphanumeric, hex = FakeSecret.upperHex
        for index in 0..<12 {
            var lines = ["# service \(index)", "port = \(8000 + index)"]
            switch index % 4 {
            case 0: lines.append("ACME_TOKEN = \"acme_\(token(lowerAlnum, 24))\"")
            case 1: lines.append("acme_secret: '\(token(alnum, 20))'")
            case 2: lines.append("key GBX-\(token(hex, 8))-\(token(hex, 8)) here")
            default: lines.append("acme-secret = \"sample\(token(alnum, 14))\"")
            }
            lines.append("acme_secret = \"aaaaaaaaaaaaaaaaaaaa\"")
            lines.append("# gitleaks:allow acme_\(token(lowerAlnum, 24))")
            lines.append("x = acme_\(token(lowerAlnum, 24)) # gitleaks:allow")
            let directoryName = index % 3 == 0 ? "vendor/lib\(index)" : "svc\(index)"
            try directory.write("tree/\(directoryName)/settings.conf", lines.joined(separator: "\n") + "\n")
        }
        try directory.write("vouch.toml", Self.gitleaksConfig)
        try directory.write("betterleaks.toml", Self.betterleaksConfig)
    }

    @Test(.enabled(if: Peers.shouldRun("betterleaks")))
    func customRulesAndAllowlistsFindTheSameSecretsAsBetterleaks() throws {
        let betterleaks = try Peers.require("betterleaks")
        let directory = try TemporaryDirectory("vouch-betterleaks")
        try makeTree(directory)
        let peer = try CommandRunner.run(betterleaks, ["-c", "betterleaks.toml", "-o", "peer.json", "--no-banner", "--log-level=error", "tree"], in: directory.path)
        #expect(peer.status == 1, "betterleaks: \(peer.stderr)")
        let peerObject = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: directory.path + "/peer.json"))) as? [String: Any])
        let peerFindings = try #require(peerObject["findings"] as? [[String: Any]])
        let theirs = peerFindings.map { finding -> String in
            let location = finding["location"] as? [String: Any] ?? [:]
            let match = finding["match"] as? [String: Any] ?? [:]
            return "\(finding["rule_id"]!) \(location["path"]!):\(location["start_line"]!) \(match["value"]!)"
        }.sorted()

        let ours = try SecretsCLI.run(["scan", "--config", "vouch.toml", "--no-redact", "--format", "json", "tree"], in: directory.path)
        #expect(ours.status == 1, "\(ours.stderr)")
        #expect(theirs.count >= 6, "the tree plants findings for every rule: \(theirs)")
        #expect(try SecretsCLI.findings(ours.stdout) == theirs)
    }
}

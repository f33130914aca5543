import Foundation
import Testing
import VouchSecrets
import VouchTestSupport

/// The shapes issue 17 found missed, one test each. Secrets are assembled at run time so this file
/// holds no literal a rule matches.
@Suite struct MissedShapesTests {
    static let token = FakeSecret.make("ghp_", FakeSecret.alphanumeric, 36, seed: 1701)

    func rules(_ text: String, path: String = "app/.env") throws -> [String] {
        try BuiltinDetector.shared.findings(in: Array(text.utf8), target: ScanTarget(path: path)).map { "\($0.ruleID) \($0.secret)" }
    }

    func secrets(_ text: String, path: String = "app/.env") throws -> [String] {
        try BuiltinDetector.shared.findings(in: Array(text.utf8), target: ScanTarget(path: path)).map(\.secret)
    }

    @Test func unquotedPasswordsInDotEnvYamlPropertiesAndShellAreFound() throws {
        let troubadour = "Tr0ub4" + "dor&3xQzv9"
        let hunter = "hunter2" + "hunter2"
        #expect(try secrets("DB_PASSWORD=\(troubadour)\n") == [troubadour])
        #expect(try secrets("PASSWORD=\(hunter)\n") == [hunter])
        #expect(try secrets("db_password: Tr0ub4" + "dor3xQzv9Kp\n", path: "config.yaml") == ["Tr0ub4dor3xQzv9Kp"])
        #expect(try secrets("spring.datasource.password=Xk2" + "9fLq8mWv\n", path: "application.properties") == ["Xk29fLq8mWv"])
        #expect(try secrets("MYSQL_ROOT_PASSWORD=s3cr3t" + "Root77x\n") == ["s3cr3tRoot77x"])
        #expect(try secrets("[db]\npassword = Qw3" + "rtyZx81\n", path: "app.ini") == ["Qw3rtyZx81"])
        #expect(try secrets("export PGPASSWORD=Pg9" + "xLm2Qr7\n", path: "deploy.sh") == ["Pg9xLm2Qr7"])
        #expect(try secrets("FROM alpine\nENV REDIS_PASSWORD Rd5" + "tGh8Kw2\n", path: "Dockerfile") == ["Rd5tGh8Kw2"])
        #expect(try secrets("DB_PASSWORD=\(troubadour)\r\n") == [troubadour], "a CRLF line")
    }

    /// TOML has no unquoted strings: its passwords are basic or literal strings, under a table or dotted.
    @Test func tomlPasswordsAreFound() throws {
        #expect(try secrets("[database]\npassword = \"Tm4" + "lQx8vRw2\"\n", path: "config.toml") == ["Tm4lQx8vRw2"])
        #expect(try secrets("database.password = 'Lt7" + "kWq3zPn9'\n", path: "config.toml") == ["Lt7kWq3zPn9"])
        #expect(try rules("[database]\npassword = \"${DB_PASSWORD}\"\n", path: "config.toml").isEmpty)
    }

    @Test func unquotedPlaceholdersAreNotReported() throws {
        for line in ["DB_PASSWORD=changeme123", "DB_PASSWORD=${DB_PASSWORD}", "password: <password>", "PASSWORD=xxxxxxxx1",
                     "password: ***", "PASS_MAX_DAYS 99999", "password = get_password(user1)", "password: settings.password2"] {
            #expect(try rules(line + "\n").isEmpty, "\(line)")
        }
    }

    @Test func kubernetesSecretDataIsDecodedBeforeTheRulesSeeIt() throws {
        let password = "Tr0ub4" + "dor3xQzv9Kp"
        let encoded = Data(password.utf8).base64EncodedString()
        let token = Data(Self.token.utf8).base64EncodedString()
        let placeholder = Data("changeme".utf8).base64EncodedString()
        let manifest = "apiVersion: v1\nkind: Secret\nmetadata:\n  name: app\ntype: Opaque\ndata:\n  db-password: \(encoded)\n  GITHUB: \(token)\n  other-password: \(placeholder)\n"
        let found = try BuiltinDetector.shared.findings(in: Array(manifest.utf8), target: ScanTarget(path: "k8s/secret.yaml"))
        #expect(found.contains { $0.ruleID == "github-pat" && $0.secret == Self.token && $0.line == 8 && $0.tags.contains("base64-decoded") })
        #expect(found.contains { $0.line == 7 }, "the decoded password on line 7: \(found.map { "\($0.ruleID):\($0.line)" })")
        #expect(!found.contains { $0.line == 9 }, "base64 of a placeholder is not a secret")
        #expect(found.filter { $0.line == 7 }.count == 1, "one finding per value")
    }

    /// The `.yaml`/`.yml` test compares the path's last bytes ignoring case; other extensions are not manifests.
    @Test func kubernetesManifestsAreRecognizedByTheirExtensionInAnyCase() throws {
        let manifest = "kind: Secret\ndata:\n  GITHUB: \(Data(Self.token.utf8).base64EncodedString())\n"
        for path in ["k8s/SECRET.YML", "deploy/secret.Yaml", "a.yml"] {
            let found = try BuiltinDetector.shared.findings(in: Array(manifest.utf8), target: ScanTarget(path: path))
            #expect(found.contains { $0.ruleID == "github-pat" && $0.tags.contains("base64-decoded") }, "\(path)")
        }
        for path in ["secret.yaml.txt", "yml", "secret.xyml"] {
            let found = try BuiltinDetector.shared.findings(in: Array(manifest.utf8), target: ScanTarget(path: path))
            #expect(!found.contains { $0.tags.contains("base64-decoded") }, "\(path)")
        }
    }

    /// A decoded value that is binary (a key file, not text) is not scanned as `key: value` text; it is
    /// reported as Secret data when it has entropy (its bytes are classified in place, within their scope).
    @Test func kubernetesSecretBinaryDataIsReportedAsDataWithoutBeingScannedAsText() throws {
        let binary: [UInt8] = (0..<48).map { UInt8(($0 * 37 + 11) % 32) }
        let manifest = "apiVersion: v1\nkind: Secret\ndata:\n  keystore: \(Data(binary).base64EncodedString())\n"
        let found = try BuiltinDetector.shared.findings(in: Array(manifest.utf8), target: ScanTarget(path: "k8s/keystore.yaml"))
        #expect(found.map(\.ruleID) == ["kubernetes-secret-data"], "\(found.map { "\($0.ruleID):\($0.line)" })")
        #expect(found.first?.line == 4 && found.first?.tags.contains("base64-decoded") == true)
    }

    @Test func providerKeysAreFoundByTheirNameContext() throws {
        let hex = FakeSecret.make("", FakeSecret.lowerHex, 32, seed: 1702)
        #expect(try rules("let ddApiKey = \"\(hex)\"\n", path: "App/Metrics.swift").contains("datadog-access-token \(hex)"))
        #expect(try rules("DD_API_KEY=\(hex)\n").contains("datadog-access-token \(hex)"))
        #expect(try rules("PAYMENTS_API_KEY = \"\(hex)\"\n", path: "settings.py").contains("generic-hex-api-key \(hex)"))
    }

    @Test func npmrcPasswordsAreFound() throws {
        let password = FakeSecret.make("", FakeSecret.base64, 20, seed: 1703) + "="
        #expect(try secrets("//registry.npmjs.org/:_password=\(password)\n", path: ".npmrc") == [password])
        #expect(try secrets("admin_pass=Adm1n" + "Pa55w0rdX\n", path: ".npmrc") == ["Adm1nPa55w0rdX"])
    }

    @Test func awsSecretMatchDoesNotEndInANewline() throws {
        let secret = FakeSecret.make("", FakeSecret.base64, 40, seed: 1704)
        let found = try BuiltinDetector.shared.findings(in: Array("aws_secret_access_key = \(secret)\nnext = 1\n".utf8), target: ScanTarget(path: "credentials"))
        let finding = try #require(found.first { $0.ruleID == "aws-secret-access-key" })
        #expect(finding.match == "aws_secret_access_key = \(secret)")
        #expect(finding.endLine == finding.line)
    }

    @Test func textWithANulByteIsScannedButBinariesAreNot() throws {
        let directory = try TemporaryDirectory("vouch-secrets-nul")
        try directory.write("notes.txt", "header\u{0}\nTOKEN=\(Self.token)\n")
        var elf: [UInt8] = [0x7F, 0x45, 0x4C, 0x46, 2, 1, 1, 0] + Array(repeating: 0, count: 56)
        elf += Array("TOKEN=\(Self.token)\n".utf8)
        FileManager.default.createFile(atPath: directory.path + "/tool", contents: Data(elf))
        let result = try SecretsCLI.run(["scan", "--format", "json", "--no-redact", "."], in: directory.path)
        #expect(try SecretsCLI.findings(result.stdout) == ["github-pat ./notes.txt:2 \(Self.token)"])
    }

    @Test func utf16TextWithAByteOrderMarkIsDecoded() throws {
        let directory = try TemporaryDirectory("vouch-secrets-utf16")
        let text = "x = 1\r\nTOKEN=\(Self.token)\r\n"
        FileManager.default.createFile(atPath: directory.path + "/le.txt", contents: Data([0xFF, 0xFE]) + text.data(using: .utf16LittleEndian)!)
        FileManager.default.createFile(atPath: directory.path + "/be.txt", contents: Data([0xFE, 0xFF]) + text.data(using: .utf16BigEndian)!)
        let result = try SecretsCLI.run(["scan", "--format", "json", "--no-redact", "."], in: directory.path)
        #expect(try SecretsCLI.findings(result.stdout) == ["github-pat ./be.txt:2 \(Self.token)", "github-pat ./le.txt:2 \(Self.token)"])
    }

    @Test func gitModeIsScopedToTheGivenSubdirectory() throws {
        let directory = try TemporaryDirectory("vouch-secrets-git-scope")
        let other = FakeSecret.make("glpat-", FakeSecret.alphanumeric, 20, seed: 1705)
        let script = """
            git init -q -b main repo && cd repo
            git config user.name 'A' && git config user.email a@example.org
            mkdir -p sub other && printf 'T=\(Self.token)\\n' > sub/app.env && printf 'G=\(other)\\n' > other/app.env
            git add -A && git commit -q -m one
            """
        let made = try CommandRunner.shell(script, in: directory.path)
        try #require(made.status == 0, "git failed: \(made.stderr)")
        let result = try SecretsCLI.run(["scan", "--git", "--no-redact", "--format", "json", "repo/sub"], in: directory.path)
        #expect(result.status == 1, "\(result.stderr)")
        #expect(try SecretsCLI.findings(result.stdout) == ["github-pat sub/app.env:1 \(Self.token)"])
    }
}

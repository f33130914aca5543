extension BuiltinRules {
    /// JWTs, credentials in URLs, database connection strings.
    static let tokens: [SecretRule] = [
        SecretRule(
            id: "jwt", description: "JSON Web Token",
            regex: #"\b(ey[a-zA-Z0-9]{17,400}\.ey[a-zA-Z0-9/_-]{17,4000}\.(?:[a-zA-Z0-9/_-]{10,1000}={0,2})?)(?:[^a-zA-Z0-9/_=-]|$)"#,
            secretGroup: 1, entropy: 3, keywords: ["ey"],
            samples: RuleSamples(
                truePositives: ["Authorization: Bearer eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIx" + FakeSecret.make("", FakeSecret.alphanumeric, 40) + FakeSecret.make(".", FakeSecret.base64URL, 43)],
                falsePositives: ["eyJhbGciOiJIUzI1NiJ9"])),
        SecretRule(
            id: "url-credentials", description: "Password in a URL (scheme://user:password@host)",
            regex: #"\b[a-zA-Z][a-zA-Z0-9+.-]{1,20}://[^:@/\s'"\x60<>]{1,64}:([^:@/\s'"\x60<>]{3,128})@[a-zA-Z0-9.-]{1,253}(?::\d{1,5})?"#,
            secretGroup: 1, entropy: 2.5, keywords: ["://"],
            allowlists: [SecretAllowlist(description: "placeholders and variables", regexes: [#"^(?i)(?:pass(?:word)?|secret|changeme|x+|\*+|\$\{?[a-z_][a-z0-9_]{0,60}\}?|%[a-z_]{1,40}%|\{\{[^}]{1,60}\}\}|<[^>]{1,40}>|\\\([^)]{1,60}\)|\$\([^)]{1,60}\))$"#])],
            samples: RuleSamples(
                truePositives: ["REDIS_URL=rediss://default:" + FakeSecret.make("", FakeSecret.alphanumeric, 24) + "@cache.example.net:6380/0"],
                falsePositives: ["https://user:password@example.com", "postgres://app:${DB_PASSWORD}@db:5432/app", "http://example.com:8080/path",
                                 #"let url = "http://\(name):\(secretValue)@host.example""#])),
        SecretRule(
            id: "jdbc-connection-string", description: "Password in a JDBC or ODBC connection string",
            regex: #"(?i)(?:jdbc:[a-z0-9]{2,20}:|Driver=|Server=|Data Source=)[^\n]{0,300}?[;?&](?:password|pwd)\s{0,3}=\s{0,3}([^;&\s'"\x60]{6,128})"#,
            secretGroup: 1, entropy: 2.5, keywords: ["password=", "pwd="],
            samples: RuleSamples(
                truePositives: ["Server=tcp:db.example.net,1433;Database=app;User ID=app;Password=" + FakeSecret.make("", FakeSecret.alphanumeric, 20) + ";Encrypt=True"],
                falsePositives: ["Server=db;Database=app;Password=;"])),
        SecretRule(
            id: "mongodb-connection-string", description: "MongoDB connection string with a password",
            regex: #"\b(mongodb(?:\+srv)?://[^:@/\s'"]{1,64}:([^:@/\s'"]{6,128})@[a-zA-Z0-9.,:-]{1,512})"#,
            secretGroup: 2, entropy: 3, keywords: ["mongodb"],
            samples: RuleSamples(
                truePositives: ["MONGO_URI=mongodb+srv://app:" + FakeSecret.make("", FakeSecret.alphanumeric, 20) + "@cluster0.example.mongodb.net/db"],
                falsePositives: ["mongodb://localhost:27017/db"])),
        SecretRule(
            id: "htpasswd-hash", description: "Password hash in htpasswd / crypt form",
            regex: #"(?m)^[A-Za-z0-9._-]{1,64}:(\$(?:2[aby]|apr1|[156])\$[./A-Za-z0-9$]{20,120})$"#,
            secretGroup: 1, keywords: ["$2", "$apr1$", "$1$", "$5$", "$6$"],
            samples: RuleSamples(
                truePositives: ["admin:$2y$10$" + FakeSecret.make("", FakeSecret.alphanumeric, 53)],
                falsePositives: ["admin:$2y$"])),
        SecretRule(
            id: "kubernetes-secret-data", description: "Base64 value in a Kubernetes Secret manifest's data",
            regex: #"kind:\s{0,3}Secret[\s\S]{0,300}?\n\s{0,10}data:\s{0,3}\n(?:\s{2,10}[A-Za-z0-9._-]{1,100}:\s{0,3}[A-Za-z0-9+/=]{0,1000}\n){0,20}?\s{2,10}[A-Za-z0-9._-]{0,40}(?:pass|secret|token|key)[A-Za-z0-9._-]{0,40}:\s{0,3}([A-Za-z0-9+/]{16,1000}={0,2})"#,
            secretGroup: 1, entropy: 3.5, keywords: ["kind: secret", "kind:secret"],
            samples: RuleSamples(
                truePositives: ["apiVersion: v1\nkind: Secret\nmetadata:\n  name: demo\ndata:\n  db-password: " + FakeSecret.make("", FakeSecret.base64, 32) + "==\n"],
                falsePositives: ["apiVersion: v1\nkind: Secret\nmetadata:\n  name: demo\ndata:\n  db-password: \n"])),
        SecretRule(
            id: "netrc-password", description: "Password in a .netrc file",
            regex: #"(?m)^\s{0,10}machine\s{1,10}[^\s]{1,253}\s{1,10}login\s{1,10}[^\s]{1,128}\s{1,10}password\s{1,10}([^\s]{6,128})"#,
            secretGroup: 1, entropy: 3, keywords: ["machine"],
            samples: RuleSamples(
                truePositives: ["machine api.example.org login deploy password " + FakeSecret.make("", FakeSecret.alphanumeric, 24)],
                falsePositives: ["machine api.example.org login deploy password xxxxxx"])),
    ]
}

extension BuiltinRules {
    /// Words that make an assignment's value look like a placeholder, not a secret.
    static let genericStopwords = ["example", "placeholder", "changeme", "dummy", "sample", "your_", "your-", "xxxxx", "redacted",
                                   "lorem", "ipsum", "todo", "fixme", "localhost", "mock", "notasecret", "not_a_secret", "insert",
                                   "replace", "undefined", "function", "process.env", "os.environ", "getenv", "config.", "settings.",
                                   "secrets.", "vault:", "${", "{{", "<%", "%s", "%(", "self.", "this.", "params", "request",
                                   "kwargs", "args", "argv", "string", "integer", "boolean", "optional", "required", "default"]

    /// A whole line `[export |set |- ][//registry/:]NAME=value` or Docker's `ENV NAME value`, NAME holding a
    /// password word; the value runs to the end of the line, so a password may hold any character but
    /// quotes, brackets and whitespace (which mark code, not a value).
    static let unquotedPasswordRegex: String = {
        let name = #"[\w.-]{0,40}(?:passwd|password|passphrase|pwd|pass)[\w.-]{0,20}"#
        let assignment = #"(?:export[ \t]{1,4}|ENV[ \t]{1,4}|set[ \t]{1,4}|-[ \t]{1,4})?(?://[^\s=]{1,200}:)?"# + name + #"[ \t]{0,4}[=:][ \t]{0,4}"#
        let dockerEnv = #"ENV[ \t]{1,4}"# + name + #"[ \t]{1,4}"#
        return #"(?im)^[ \t]{0,20}(?:"# + dockerEnv + "|" + assignment + #")([^\s'"\x60()\[\]{}<>;,]{8,64})[ \t\r]{0,20}$"#
    }()

    /// Generic `password|secret|token|api_key = "..."` assignments, with an entropy floor.
    static let generic: [SecretRule] = [
        SecretRule(
            id: "generic-api-key", description: "Generic API key, token or secret assigned to a variable",
            regex: #"(?i)(?:api[_.-]?key|apikey|access[_.-]?key|secret[_.-]?key|client[_.-]?secret|auth[_.-]?token|access[_.-]?token|api[_.-]?token|app[_.-]?secret|private[_.-]?key|secret|token)(?:[ \t\w.-]{0,20})[\s'"]{0,3}(?:=|>|:{1,3}=|\|\||:|=>|\?=|,)[\x60'"\s=]{0,5}([0-9a-z][0-9a-z+/_.=-]{15,127})(?:[\x60'"\s;]|\\[nr]|$)"#,
            secretGroup: 1, entropy: 3.8, keywords: ["key", "secret", "token"],
            allowlists: [SecretAllowlist(description: "placeholders and code", regexes: [
                #"^[a-z]+(?:[._-][a-z]+)*$"#,
                // A dotted code reference (`x25519.X25519PrivateKey`, `P256.KeyAgreement.PrivateKey`).
                #"^[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)+\.?$"#,
                // A snake_case identifier of three or more words (`crypto_sign_curve25519_BYTES`).
                #"^[A-Za-z]+(?:_[A-Za-z0-9]+){2,}$"#,
                // A CamelCase type or variable name (`FTS5CustomTokenizer`, `previousX509PrivateKey`):
                // every lowercase run is a word of 2+ letters, which random mixed-case strings almost never
                // are. It needs an uppercase letter: a lowercase-and-digits token (`gb1hudtbnjww…53kdp`) has
                // that shape by chance.
                #"^(?=[^A-Z]*[A-Z])(?>[A-Z]{2,}+[0-9]{0,4}+|[A-Z]?[a-z]{2,}+[0-9]{0,4}+|[A-Z][0-9]{1,4}+|_)++$"#,
                // An expression, not a value (`token_flags=pkcs11.TokenFlag.X`).
                #"^[A-Za-z_][A-Za-z0-9_]*=[A-Za-z_]"#,
                // 40 hex digits in either case: a SHA-1 digest (commit, checksum), not a key.
                #"(?i)^[0-9a-f]{40}$"#, #"^[0-9]+$"#,
                // An elided value (`ops_eyJzaWdu...`, `sk-…`): documentation showing a token's start, not a token.
                #"\.{3}|…"#,
                // A value opening with a vendor's distinctive prefix is that vendor's rule's to judge: when the
                // vendor rule refused it (wrong length or alphabet, e.g. `xoxp-1234-1234-…`, `dapi…defg5`),
                // reporting it here again would undo the vendor rule's format check.
                #"^(?:dapi[0-9a-z]|xox[pe]-|ops_eyJ|gh[pousr]_|github_pat_|glpat-|[sr]k_live_|AIza)"#,
            ], stopwords: genericStopwords)],
            samples: RuleSamples(
                truePositives: ["billing_api_key = \"" + FakeSecret.make("", FakeSecret.alphanumeric, 32) + "\"", "CLIENT_SECRET: " + FakeSecret.make("", FakeSecret.alphanumeric, 40),
                                "bitbucketToken = \"kv7hqpwnzdrtmx42bgfjclsyeuaonwkr\""],
                falsePositives: ["api_key = \"your_api_key_here\"", "token = request.headers.get_token_value", "secret_key = os.environ[\"SECRET_KEY\"]",
                                 "token = \"" + String(repeating: "ab", count: 10) + "\"", "private_key: x25519.X25519PrivateKey",
                                 "secret_key_len = crypto_sign_curve25519_BYTES", "tokenizer: FTS5CustomTokenizer", "private_key = previousX509PrivateKey", "token_label, token_flags=pkcs11.TokenFlag.TOKEN_INITIALIZED",
                                 "export SERVICE_TOKEN=ops_eyJzaWduSW5BZGRyZXNz" + "IjoiaHR0cHM6...", "\"token3\": \"xoxp-1234-1234-1234-" + FakeSecret.make("", FakeSecret.lowerHex, 32) + "\"",
                                 "release_key: " + FakeSecret.make("", FakeSecret.lowerHex, 39) + "F"])),
        SecretRule(
            id: "generic-password", description: "Password assigned to a variable",
            regex: #"(?i)(?:passwd|password|passphrase|pwd|db[_.-]?pass|pass)(?:[ \t\w.-]{0,20})[\s'"]{0,3}(?:=|:{1,3}=|:|=>|\?=)[\s]{0,3}[\x60'"]([^\x60'"\s]{8,64})[\x60'"]"#,
            // A floor of 3.5 bits could not be passed by any password of 11 characters or fewer (log2(11) < 3.5);
            // the quotes and the placeholder filters carry the rest.
            secretGroup: 1, entropy: 3, keywords: ["pass", "pwd"],
            allowlists: [SecretAllowlist(description: "placeholders and code", regexes: [#"^[a-z]+(?:[._-][a-z]+)*$"#, #"^[A-Z_]+$"#, #"^\$"#, #"^%"#,
                                                                                           // numbers, times and versions (`pass_time => '1219328376.07815'`)
                                                                                           #"^[0-9._:/-]+$"#], stopwords: genericStopwords + ["password", "passw0rd", "secret"])],
            samples: RuleSamples(
                truePositives: ["DB_PASSWORD = \"" + FakeSecret.make("", FakeSecret.alphanumeric, 18) + "\""],
                falsePositives: ["password = \"changeme123\"", "password = \"$DB_PASSWORD\"", "password = \"" + "hunter" + "\"",
                                 "raise ValueError(\"unsupported key\") if not passed, \"ecdsa-sha2-nistp256\"", "pass_time => '1219328376.07815'"])),
        SecretRule(
            id: "generic-password-unquoted", description: "Password assigned without quotes (.env, YAML, .properties, INI, shell export, Docker ENV, .npmrc)",
            // A whole line `[export |ENV |- ][//registry/:]NAME=value`; the value stops at the end of the line, so a
            // password may hold any character but quotes, brackets and whitespace (which mark code, not a value).
            regex: unquotedPasswordRegex,
            secretGroup: 1, entropy: 2.5, keywords: ["pass", "pwd"],
            allowlists: [SecretAllowlist(description: "placeholders, paths, URLs, versions and references", regexes: [
                #"^[a-z]+(?:[._-][a-z]+)*$"#, #"^[A-Z_]+$"#, #"^[$%@&!]"#, #"^(?:/|\./|~/)"#, #"://"#, #"^[0-9._:/-]+$"#,
                #"(?i)x{4,}|\*{3,}|\.{3}"#, #"^[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)+$"#,
                #"^(?i)(?:true|false|null|none|nil|yes|no|on|off)$"#,
            ], stopwords: genericStopwords + ["password", "passw0rd", "secret"])],
            samples: RuleSamples(
                truePositives: ["DB_PASSWORD=" + FakeSecret.make("", FakeSecret.alphanumeric, 14) + "&3",
                                "db_password: " + FakeSecret.make("", FakeSecret.alphanumeric, 17),
                                "spring.datasource.password=" + FakeSecret.make("", FakeSecret.alphanumeric, 16),
                                "export MYSQL_ROOT_PASSWORD=" + FakeSecret.make("", FakeSecret.alphanumeric, 12),
                                "ENV POSTGRES_PASSWORD " + FakeSecret.make("", FakeSecret.alphanumeric, 12),
                                "//registry.npmjs.org/:_password=" + FakeSecret.make("", FakeSecret.base64, 19) + "9=",
                                "admin_pass=" + FakeSecret.make("", FakeSecret.alphanumeric, 12),
                                "  - REDIS_PASSWORD=" + FakeSecret.make("", FakeSecret.alphanumeric, 12) + "\r"],
                falsePositives: ["DB_PASSWORD=changeme123", "DB_PASSWORD=${DB_PASSWORD}", "password: <password>", "PASSWORD=xxxxxxxx1",
                                 "password: \"***\"", "password = get_password(user1)", "pwd=/home/runner/work1", "PASS_MAX_DAYS 99999",
                                 "password_reset_url=https://example.com/reset1", "password: settings.db_password2", "passenger_version: 6.0.12",
                                 "PASSWORD=" + "hunter" + "\n"])),
        SecretRule(
            id: "generic-hex-api-key", description: "Hex API key assigned to an *_API_KEY / *_APP_KEY / *_SECRET_KEY name",
            // Hex keys (Datadog, Mailgun, many internal services) have at most 4 bits of entropy per character, under
            // generic-api-key's floor; the name gives the context instead, so the floor here is lower.
            regex: SecretRule.assignmentRegex(keywords: [#"api[_.-]?key"#, #"app[_.-]?key"#, #"secret[_.-]?key"#, #"access[_.-]?key"#, #"auth[_.-]?key"#, "apikey"],
                                              secret: #"(?-i:[0-9a-f]{32}|[0-9a-f]{40}|[0-9a-f]{64}|[0-9A-F]{32})"#),
            secretGroup: 1, entropy: 3, keywords: ["key"],
            samples: RuleSamples(
                truePositives: ["let billingApiKey = \"" + FakeSecret.make("", FakeSecret.lowerHex, 32) + "\"", "PAYMENTS_API_KEY = \"" + FakeSecret.make("", FakeSecret.lowerHex, 32, seed: 9) + "\"",
                                "metrics_app_key: " + FakeSecret.make("", FakeSecret.lowerHex, 40)],
                falsePositives: ["api_key = \"" + String(repeating: "0123", count: 8) + "\"", "cache_key = \"" + FakeSecret.make("", FakeSecret.lowerHex, 32) + "\""])),
    ]
}

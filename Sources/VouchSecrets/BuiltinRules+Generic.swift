extension BuiltinRules {
    /// Words that make an assignment's value look like a placeholder, not a secret.
    static let genericStopwords = ["example", "placeholder", "changeme", "dummy", "sample", "your_", "your-", "xxxxx", "redacted",
                                   "lorem", "ipsum", "todo", "fixme", "localhost", "mock", "notasecret", "not_a_secret", "insert",
                                   "replace", "undefined", "function", "process.env", "os.environ", "getenv", "config.", "settings.",
                                   "secrets.", "vault:", "${", "{{", "<%", "%s", "%(", "self.", "this.", "params", "request",
                                   "kwargs", "args", "argv", "string", "integer", "boolean", "optional", "required", "default"]

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
                // every lowercase run is a word of 2+ letters, which random strings almost never are.
                #"^(?>[A-Z]{2,}+[0-9]{0,4}+|[A-Z]?[a-z]{2,}+[0-9]{0,4}+|[A-Z][0-9]{1,4}+|_)++$"#,
                // An expression, not a value (`token_flags=pkcs11.TokenFlag.X`).
                #"^[A-Za-z_][A-Za-z0-9_]*=[A-Za-z_]"#,
                #"^[0-9a-f]{40}$"#, #"^[0-9]+$"#,
            ], stopwords: genericStopwords)],
            samples: RuleSamples(
                truePositives: ["billing_api_key = \"" + FakeSecret.make("", FakeSecret.alphanumeric, 32) + "\"", "CLIENT_SECRET: " + FakeSecret.make("", FakeSecret.alphanumeric, 40)],
                falsePositives: ["api_key = \"your_api_key_here\"", "token = request.headers.get_token_value", "secret_key = os.environ[\"SECRET_KEY\"]",
                                 "token = \"" + String(repeating: "ab", count: 10) + "\"", "private_key: x25519.X25519PrivateKey",
                                 "secret_key_len = crypto_sign_curve25519_BYTES", "tokenizer: FTS5CustomTokenizer", "private_key = previousX509PrivateKey", "token_label, token_flags=pkcs11.TokenFlag.TOKEN_INITIALIZED"])),
        SecretRule(
            id: "generic-password", description: "Password assigned to a variable",
            regex: #"(?i)(?:passwd|password|passphrase|pwd|db[_.-]?pass|pass)(?:[ \t\w.-]{0,20})[\s'"]{0,3}(?:=|:{1,3}=|:|=>|\?=)[\s]{0,3}[\x60'"]([^\x60'"\s]{8,64})[\x60'"]"#,
            secretGroup: 1, entropy: 3.5, keywords: ["pass", "pwd"],
            allowlists: [SecretAllowlist(description: "placeholders and code", regexes: [#"^[a-z]+(?:[._-][a-z]+)*$"#, #"^[A-Z_]+$"#, #"^\$"#, #"^%"#], stopwords: genericStopwords + ["password", "passw0rd", "secret"])],
            samples: RuleSamples(
                truePositives: ["DB_PASSWORD = \"" + FakeSecret.make("", FakeSecret.alphanumeric, 18) + "\""],
                falsePositives: ["password = \"changeme123\"", "password = \"$DB_PASSWORD\"", "password = \"" + "hunter" + "\"",
                                 "raise ValueError(\"unsupported key\") if not passed, \"ecdsa-sha2-nistp256\""])),
    ]
}

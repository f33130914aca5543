extension BuiltinRules {
    /// A PEM block of `label` with a generated body, for samples.
    static func fakePEM(_ label: String, headers: String = "") -> String {
        "-----BEGIN \(label)-----\n" + headers + FakeSecret.make("MII", FakeSecret.base64, 61, seed: UInt64(label.count)) + "\n"
            + FakeSecret.make("", FakeSecret.base64, 64, seed: 2) + "\n" + FakeSecret.make("", FakeSecret.base64, 40, seed: 3) + "==\n-----END \(label)-----\n"
    }

    /// A rule for one PEM private-key label; the secret is the whole block.
    static func pemRule(_ id: String, _ description: String, label: String, keyword: String) -> SecretRule {
        SecretRule(
            id: id, description: description,
            regex: "-----BEGIN " + label + "-----[A-Za-z0-9+/=\\s:,-]{64,16384}?-----END " + label + "-----",
            keywords: [keyword],
            samples: RuleSamples(
                truePositives: [fakePEM(label.replacingAll("\\", with: ""))],
                falsePositives: ["-----BEGIN " + label.replacingAll("\\", with: "") + "-----\n-----END " + label.replacingAll("\\", with: "") + "-----", "-----BEGIN PUBLIC KEY-----"]))
    }

    /// PEM, OpenSSH, PGP and PuTTY private keys.
    static let privateKeys: [SecretRule] = [
        pemRule("private-key-rsa", "RSA private key (PKCS#1)", label: "RSA PRIVATE KEY", keyword: "begin rsa private key"),
        pemRule("private-key-ec", "EC private key (SEC 1)", label: "EC PRIVATE KEY", keyword: "begin ec private key"),
        pemRule("private-key-dsa", "DSA private key", label: "DSA PRIVATE KEY", keyword: "begin dsa private key"),
        pemRule("private-key-openssh", "OpenSSH private key", label: "OPENSSH PRIVATE KEY", keyword: "begin openssh private key"),
        pemRule("private-key-pkcs8", "PKCS#8 private key", label: "PRIVATE KEY", keyword: "begin private key"),
        pemRule("private-key-pkcs8-encrypted", "Encrypted PKCS#8 private key", label: "ENCRYPTED PRIVATE KEY", keyword: "begin encrypted private key"),
        pemRule("private-key-pgp", "PGP private key block", label: "PGP PRIVATE KEY BLOCK", keyword: "begin pgp private key block"),
        pemRule("private-key-ssh2", "SSH2 (RFC 4716) private key", label: "SSH2 ENCRYPTED PRIVATE KEY", keyword: "begin ssh2 encrypted private key"),
        SecretRule(
            id: "private-key-putty", description: "PuTTY private key (.ppk)",
            regex: #"(PuTTY-User-Key-File-[23]: [a-z0-9-]{3,40}\r?\nEncryption: [a-z0-9-]{4,20}\r?\nComment: [^\r\n]{0,200}\r?\nPublic-Lines: \d{1,3}\r?\n[\s\S]{20,8192}?Private-Lines: \d{1,3}\r?\n[A-Za-z0-9+/=\r\n]{20,8192}?Private-MAC: [a-f0-9]{40,64})"#,
            keywords: ["putty-user-key-file"],
            samples: RuleSamples(
                truePositives: ["PuTTY-User-Key-File-3: ssh-ed25519\nEncryption: none\nComment: demo\nPublic-Lines: 2\n" + FakeSecret.make("AAAA", FakeSecret.base64, 60) + "\n" + FakeSecret.make("", FakeSecret.base64, 20) + "\nPrivate-Lines: 1\n" + FakeSecret.make("AAAA", FakeSecret.base64, 40) + "\nPrivate-MAC: " + FakeSecret.make("", FakeSecret.lowerHex, 64)],
                falsePositives: ["PuTTY-User-Key-File-3: ssh-ed25519"])),
        SecretRule(
            id: "private-key-generic", description: "Private key in PEM form with another label",
            regex: #"-----BEGIN (?:[A-Z0-9]{1,20} ){0,3}PRIVATE KEY(?: BLOCK)?-----[A-Za-z0-9+/=\s:,-]{64,16384}?-----END (?:[A-Z0-9]{1,20} ){0,3}PRIVATE KEY(?: BLOCK)?-----"#,
            keywords: ["private key"],
            allowlists: [SecretAllowlist(description: "labels with their own rule", regexes: [#"^-----BEGIN (?:RSA |EC |DSA |OPENSSH |ENCRYPTED |PGP |SSH2 ENCRYPTED )?PRIVATE KEY"#], regexTarget: .match)],
            samples: RuleSamples(truePositives: [fakePEM("ED25519 PRIVATE KEY")], falsePositives: [fakePEM("RSA PRIVATE KEY"), "-----BEGIN CERTIFICATE-----"])),
    ]
}

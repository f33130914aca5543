/// gitleaks rule ids whose secrets a Vouch rule of another id reports, so a gitleaks config's
/// `disabledRules` and a reader of both tools' reports can translate. Every other gitleaks rule id
/// (of gitleaks 8.x, `cmd/generate/config/rules`) is also a Vouch rule id.
///
/// Ids mapped to `generic-api-key` have no rule of their own here: their gitleaks rule is a keyword
/// plus a plain alphanumeric secret, which the generic rule already reports; `Benchmarks/gitleaks-samples.py`
/// measures that it does.
public enum GitleaksRuleMapping {
    public static let vouchRuleID: [String: String] = [
        "1password-service-account-token": "onepassword-service-account-token",
        "airtable-personnal-access-token": "airtable-pat",
        "asana-client-secret": "generic-api-key",
        "aws-access-token": "aws-access-key-id",
        "aws-amazon-bedrock-api-key-long-lived": "aws-amazon-bedrock-api-key",
        "aws-amazon-bedrock-api-key-short-lived": "generic-api-key",
        "bitbucket-client-id": "generic-api-key",
        "bittrex-access-key": "bittrex-secret-key",
        "clickhouse-cloud-api-secret-key": "generic-api-key",
        "cloudflare-api-key": "cloudflare-api-token",
        "codecov-access-token": "generic-api-key",
        "contentful-delivery-api-token": "generic-api-key",
        "digitalocean-access-token": "digitalocean-oauth-token",
        "droneci-access-token": "generic-api-key",
        "dropbox-long-lived-api-token": "generic-api-key",
        "easypost-test-api-token": "easypost-api-token",
        "flickr-access-token": "generic-api-key",
        "flutterwave-public-key": "generic-api-key",
        "gitlab-feature-flag-client-token": "generic-api-key",
        "gitlab-ptt": "gitlab-pipeline-trigger-token",
        "gitlab-rrt": "gitlab-runner-registration-token",
        "gitlab-runner-authentication-token": "gitlab-runner-token",
        "gitlab-runner-authentication-token-routable": "generic-api-key",
        "grafana-api-key": "generic-api-key",
        "hashicorp-tf-api-token": "terraform-cloud-token",
        "huggingface-organization-api-token": "huggingface-org-api-token",
        "kubernetes-secret-yaml": "kubernetes-secret-data",
        "mailgun-pub-key": "generic-api-key",
        "maxmind-license-key": "generic-api-key",
        "new-relic-user-api-id": "generic-api-key",
        "plaid-api-token": "plaid-access-token",
        "plaid-client-id": "generic-api-key",
        "plaid-secret-key": "generic-api-key",
        "private-key": "private-key-generic",
        "privateai-api-token": "generic-api-key",
        "settlemint-application-access-token": "settlemint-token",
        "settlemint-personal-access-token": "settlemint-token",
        "settlemint-service-access-token": "settlemint-token",
        "slack-legacy-bot-token": "generic-api-key",
        "stripe-access-token": "stripe-secret-key",
        "sumologic-access-token": "sumologic-access-key",
        "telegram-bot-api-token": "telegram-bot-token",
        "trello-access-token": "generic-api-key",
        "twitter-access-secret": "generic-api-key",
        "twitter-access-token": "generic-api-key",
        "twitter-api-key": "generic-api-key",
        "yandex-aws-access-token": "generic-api-key",
    ]

    /// The Vouch rule id for a gitleaks rule id: the mapped one, or the same id.
    public static func vouchID(for gitleaksID: String) -> String { vouchRuleID[gitleaksID] ?? gitleaksID }
}

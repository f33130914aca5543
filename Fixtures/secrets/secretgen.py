#!/usr/bin/env python3
"""Seeded generator of fake secrets in ~30 formats, each planted as a line of a config or source file.

Used by generate-tree.py (the test fixture tree) and Benchmarks/secrets.sh (planted secrets in a real
corpus). Every value is random from a seeded random.Random: same seed, same secrets. None is real."""
import random
import string

ALNUM = string.ascii_letters + string.digits
LOWER_ALNUM = string.ascii_lowercase + string.digits
UPPER_ALNUM = string.ascii_uppercase + string.digits
HEX = "0123456789abcdef"
B64 = ALNUM + "+/"


def rand(rng, alphabet, n):
    return "".join(rng.choice(alphabet) for _ in range(n))


def uuid(rng):
    return "-".join(rand(rng, HEX, n) for n in (8, 4, 4, 4, 12))


def pem(rng, label):
    body = "\n".join(rand(rng, B64, 64) for _ in range(6)) + "\n" + rand(rng, B64, 40) + "=="
    return f"-----BEGIN {label}-----\n{body}\n-----END {label}-----"


# name -> (vouch rule id, function(rng) -> (text to plant, the secret))
FORMATS = {
    "github-pat": ("github-pat", lambda r: (lambda s: (f'GITHUB_TOKEN = "{s}"', s))("ghp_" + rand(r, ALNUM, 36))),
    "github-fine-grained": ("github-fine-grained-pat", lambda r: (lambda s: (f"token: {s}", s))("github_pat_" + rand(r, ALNUM, 22) + "_" + rand(r, ALNUM, 59))),
    "gitlab-pat": ("gitlab-pat", lambda r: (lambda s: (f"gitlab_token={s}", s))("glpat-" + rand(r, ALNUM, 20))),
    "aws-access-key-id": ("aws-access-key-id", lambda r: (lambda s: (f"aws_access_key_id = {s}", s))("AKIA" + rand(r, "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 16))),
    "aws-secret-access-key": ("aws-secret-access-key", lambda r: (lambda s: (f'aws_secret_access_key = "{s}"', s))(rand(r, B64, 40))),
    "slack-bot-token": ("slack-bot-token", lambda r: (lambda s: (f'SLACK_BOT_TOKEN="{s}"', s))("xoxb-" + rand(r, string.digits, 12) + "-" + rand(r, string.digits, 13) + "-" + rand(r, ALNUM, 24))),
    "slack-webhook": ("slack-webhook-url", lambda r: (lambda s: (f"webhook: https://{s}", s))("hooks.slack.com/services/T" + rand(r, UPPER_ALNUM, 10) + "/B" + rand(r, UPPER_ALNUM, 10) + "/" + rand(r, ALNUM, 24))),
    "stripe-secret-key": ("stripe-secret-key", lambda r: (lambda s: (f'stripe.api_key = "{s}"', s))("sk_live_" + rand(r, ALNUM, 48))),
    "openai-api-key": ("openai-api-key", lambda r: (lambda s: (f"OPENAI_API_KEY={s}", s))("sk-proj-" + rand(r, ALNUM, 74) + "T3Blbk" + "FJ" + rand(r, ALNUM, 74))),
    "anthropic-api-key": ("anthropic-api-key", lambda r: (lambda s: (f'client = Anthropic(api_key="{s}")', s))("sk-ant-api03-" + rand(r, ALNUM, 93) + "AA")),
    "huggingface": ("huggingface-access-token", lambda r: (lambda s: (f"HF_TOKEN={s}", s))("hf_" + rand(r, string.ascii_letters, 34))),
    "npm": ("npm-access-token", lambda r: (lambda s: (f"NPM_TOKEN={s}", s))("npm_" + rand(r, ALNUM, 36))),
    "pypi": ("pypi-upload-token", lambda r: (lambda s: (f"password = {s}", s))("pypi-AgEIcHlwaS5vcmc" + rand(r, ALNUM, 70))),
    "dockerhub": ("dockerhub-pat", lambda r: (lambda s: (f"DOCKER_PASSWORD={s}", s))("dckr_pat_" + rand(r, ALNUM, 27))),
    "digitalocean": ("digitalocean-pat", lambda r: (lambda s: (f'do_token = "{s}"', s))("dop_v1_" + rand(r, HEX, 64))),
    "sendgrid": ("sendgrid-api-token", lambda r: (lambda s: (f"SENDGRID_API_KEY={s}", s))("SG." + rand(r, ALNUM, 22) + "." + rand(r, ALNUM, 43))),
    "twilio-api-key": ("twilio-api-key", lambda r: (lambda s: (f'twilio_sid = "{s}"', s))("SK" + rand(r, HEX, 32))),
    "rsa-private-key": ("private-key-rsa", lambda r: (lambda s: (s, s))(pem(r, "RSA PRIVATE KEY"))),
    "openssh-private-key": ("private-key-openssh", lambda r: (lambda s: (s, s))(pem(r, "OPENSSH PRIVATE KEY"))),
    "jwt": ("jwt", lambda r: (lambda s: (f"Authorization: Bearer {s}", s))("eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJ" + rand(r, ALNUM, 60) + "." + rand(r, ALNUM + "-_", 43))),
    "postgres-url": ("url-credentials", lambda r: (lambda s: (f"DATABASE_URL=postgres://app:{s}@db.internal:5432/app", s))(rand(r, ALNUM, 24))),
    "gcp-api-key": ("gcp-api-key", lambda r: (lambda s: (f'maps_key: "{s}"', s))("AIza" + rand(r, ALNUM, 35))),
    "shopify": ("shopify-access-token", lambda r: (lambda s: (f"SHOPIFY_TOKEN={s}", s))("shpat_" + rand(r, HEX, 32))),
    "atlassian": ("atlassian-api-token", lambda r: (lambda s: (f"jira.token={s}", s))("ATATT3" + rand(r, ALNUM, 186))),
    "linear": ("linear-api-key", lambda r: (lambda s: (f"LINEAR={s}", s))("lin_api_" + rand(r, ALNUM, 40))),
    "postman": ("postman-api-token", lambda r: (lambda s: (f"x-api-key: {s}", s))("PMAK-" + rand(r, HEX, 24) + "-" + rand(r, HEX, 34))),
    "grafana": ("grafana-service-account-token", lambda r: (lambda s: (f"GRAFANA_SA={s}", s))("glsa_" + rand(r, ALNUM, 32) + "_" + rand(r, HEX, 8))),
    "vault": ("vault-service-token", lambda r: (lambda s: (f"VAULT_TOKEN={s}", s))("hvs." + rand(r, ALNUM, 95))),
    "databricks": ("databricks-api-token", lambda r: (lambda s: (f"DATABRICKS_TOKEN={s}", s))("dapi" + rand(r, HEX, 32))),
    "mailchimp": ("mailchimp-api-key", lambda r: (lambda s: (f'MAILCHIMP_KEY = "{s}"', s))(rand(r, HEX, 32) + "-us14")),
    "telegram": ("telegram-bot-token", lambda r: (lambda s: (f"TELEGRAM_BOT={s}", s))(rand(r, "123456789", 1) + rand(r, string.digits, 9) + ":AA" + rand(r, ALNUM, 33))),
    "db-password": ("generic-password", lambda r: (lambda s: (f'db_password = "{s}"', s))(rand(r, ALNUM, 20))),
}


def plant(rng, name):
    """(rule id, text, secret) for one planted secret of format `name`."""
    rule, make = FORMATS[name]
    text, secret = make(rng)
    return rule, text, secret

#!/usr/bin/env python3
"""Writes the secret-scan fixture tree into OUT and OUT/../expected.json: the exact findings
`vouch secrets scan OUT` must report (rule, file relative to OUT, line, secret). Deterministic.

Besides one planted secret per format, the tree holds things that must NOT be reported: placeholders,
a line with an inline allow marker, a secret inside .git/, a binary file, a file over the size limit
the test passes (--max-file-size 200000), and a symlink to a file outside the tree."""
import json
import os
import random
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from secretgen import FORMATS, plant  # noqa: E402

out = sys.argv[1]
rng = random.Random(20260102)
expected = []
files = {}


def add(path, lines):
    files.setdefault(path, []).extend(lines)


dirs = ["app", "app/config", "deploy", "docs", "scripts", "services/billing", "services/auth"]
for index, name in enumerate(sorted(FORMATS)):
    rule, text, secret = plant(rng, name)
    path = f"{dirs[index % len(dirs)]}/{name}.{['py', 'env', 'yaml', 'txt'][index % 4]}"
    filler = [f"# {name} settings", f"timeout = {rng.randint(1, 60)}", ""]
    add(path, filler)
    line = len(files[path]) + 1
    add(path, text.split("\n"))
    add(path, ["", "retries = 3"])
    expected.append({"ruleID": rule, "file": path, "line": line, "secret": secret})

# Decoys that must stay silent.
add("docs/placeholders.md", ['api_key = "your_api_key_here"', "password = \"changeme\"", "token: ${GITHUB_TOKEN}",
                             "aws_secret_access_key = <your-secret>"])
_, allowed_text, _ = plant(rng, "github-pat")
add("app/allowed.py", [allowed_text + "  # vouch:allow"])
_, git_text, _ = plant(rng, "gitlab-pat")
add(".git/config", [git_text])

for path, lines in files.items():
    full = os.path.join(out, path)
    os.makedirs(os.path.dirname(full), exist_ok=True)
    with open(full, "w") as handle:
        handle.write("\n".join(lines) + "\n")

_, binary_text, _ = plant(rng, "stripe-secret-key")
with open(os.path.join(out, "app/logo.bin"), "wb") as handle:
    handle.write(b"\x89PNG\x00\x00" + binary_text.encode() + b"\x00")
_, large_text, _ = plant(rng, "npm")
with open(os.path.join(out, "deploy/huge.log"), "w") as handle:
    handle.write(("x" * 99 + "\n") * 3000 + large_text + "\n")
outside = os.path.join(os.path.dirname(os.path.abspath(out)), "outside-secret.txt")
_, outside_text, _ = plant(rng, "dockerhub")
with open(outside, "w") as handle:
    handle.write(outside_text + "\n")
os.symlink(outside, os.path.join(out, "docs/outside.txt"))

expected.sort(key=lambda f: (f["file"], f["line"], f["ruleID"]))
with open(os.path.join(os.path.dirname(os.path.abspath(out)), "expected.json"), "w") as handle:
    json.dump(expected, handle, indent=1)

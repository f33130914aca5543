#!/usr/bin/env python3
"""Scores one tool's secret-scan report against OUT/planted.json: recall on the planted secrets and
the number of findings outside them. A planted secret counts as found when a finding in the same file
holds it (or lies inside it: a tool may report only the key body of a PEM block), or, for tools
that mask secrets in their reports (trivy), when a finding in the same file covers the planted line.
Usage: secrets-score.py [--brief] OUT TOOL REPORT  (TOOL: vouch, betterleaks or trivy)
--brief prints "recall% found outside" instead of JSON."""
import json
import os
import sys

brief = sys.argv[1] == "--brief"
out, tool, report = sys.argv[1 + brief], sys.argv[2 + brief], sys.argv[3 + brief]
planted = json.load(open(os.path.join(out, "planted.json")))
data = json.load(open(report))
corpus = os.path.join(out, "corpus")


def relative(path):
    path = os.path.normpath(path)
    for prefix in (os.path.normpath(corpus) + "/", "corpus/", "./"):
        if path.startswith(prefix):
            return path[len(prefix):]
    return path


findings = []  # (file, first line, last line, secret text)
if tool == "vouch":
    findings = [(relative(f["file"]), f["line"], f["endLine"], f["secret"]) for f in data["findings"]]
elif tool == "betterleaks":
    for f in data.get("findings") or []:
        match, location = f.get("match", {}), f["location"]
        findings.append((relative(location["path"]), location["start_line"], location["end_line"], match.get("value") or match.get("full") or ""))
elif tool == "trivy":
    for result in data.get("Results") or []:
        for secret in result.get("Secrets") or []:
            findings.append((relative(result["Target"]), secret.get("StartLine", 0), secret.get("EndLine", 0), ""))

by_file = {}
for index, (path, first, last, text) in enumerate(findings):
    by_file.setdefault(path, []).append((index, first, last, text))
used = set()
found = 0
for item in planted:
    hit = False
    secret = item["secret"]
    planted_last = item["line"] + secret.count("\n")
    for index, first, last, text in by_file.get(item["file"], []):
        text = text.strip()
        overlaps = first <= planted_last and item["line"] <= max(first, last)
        if (text and (secret in text or text in secret) and overlaps) or (not text and overlaps):
            used.add(index)
            hit = True
    found += hit
if brief:
    print(f"{100 * found / max(1, len(planted)):.1f}% {found} {len(findings) - len(used)}")
    sys.exit(0)
print(json.dumps({"tool": tool, "planted": len(planted), "found": found, "recall": found / max(1, len(planted)),
                  "findings": len(findings), "outside": len(findings) - len(used)}))

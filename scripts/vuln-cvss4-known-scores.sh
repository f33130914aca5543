#!/bin/sh
# Writes Fixtures/vuln/cvss4-known-scores.txt: "<vector> <score>" for every distinct CVSS v4.0 vector in an
# OSV export zip, scored by FIRST's reference calculator (cvss40.js from
# github.com/RedHatProductSecurity/cvss-v4-calculator) under node. The test compares Vouch's scores to it.
# Usage: scripts/vuln-cvss4-known-scores.sh PATH/TO/cvss40.js PATH/TO/PyPI/all.zip > Fixtures/vuln/cvss4-known-scores.txt
set -eu
python3 - "$2" <<'PY' | node -e '
const { CVSS40 } = require(process.argv[1]);
const lines = require("fs").readFileSync(0, "utf8").split("\n").filter(Boolean);
for (const v of lines) console.log(v + " " + new CVSS40(v).score);
' "$1"
import json, sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
vectors = set()
for name in z.namelist():
    record = json.loads(z.read(name))
    for s in record.get("severity", []) + [s for a in record.get("affected", []) for s in a.get("severity", [])]:
        if s.get("type") == "CVSS_V4":
            vectors.add(s["score"])
print("\n".join(sorted(vectors)))
PY

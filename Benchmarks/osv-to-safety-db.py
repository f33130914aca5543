"""Converts an OSV export zip (PyPI) into the offline database layout `safety check --db DIR` reads
(safety 2.x: insecure.json with each package's specifiers, insecure_full.json with one entry per advisory),
so safety and vouch match against the same data. Ranges become specifiers window by window
(introduced X / fixed Y -> ">=X,<Y"; last_affected Y -> "<=Y"; no end -> ">=X"; introduced 0 -> no lower
bound); versions[] become "==V"; withdrawn records, GIT ranges and bounds that are not PEP 440 are left out,
as vouch leaves them out.

    python osv-to-safety-db.py ALL.ZIP OUTDIR
"""
import json
import os
import re
import sys
import zipfile

from packaging.version import InvalidVersion, Version


def valid(text):
    try:
        Version(text)
        return True
    except InvalidVersion:
        return False


def windows(events):
    rank = {"introduced": 0, "last_affected": 1, "fixed": 2, "limit": 3}
    items = []
    for event in events:
        (kind, text), = event.items()
        if not (kind == "introduced" and text == "0") and not valid(text):
            return None
        items.append((kind, text))
    items.sort(key=lambda e: (Version("0") if e[1] == "0" and e[0] == "introduced" else Version(e[1]) if e[1] != "*" else Version("0"), rank[e[0]]))
    specs, start = [], None
    for kind, text in items:
        if kind == "introduced":
            start = text
        elif kind in ("fixed", "last_affected") and start is not None:
            op = "<" if kind == "fixed" else "<="
            specs.append((f">={start}," if start != "0" else "") + f"{op}{text}")
            start = None
    if start is not None:
        specs.append(f">={start}" if start != "0" else ">=0")
    return specs


def main():
    archive, out = sys.argv[1], sys.argv[2]
    os.makedirs(out, exist_ok=True)
    full, short = {}, {}
    with zipfile.ZipFile(archive) as zf:
        for member in zf.namelist():
            record = json.loads(zf.read(member))
            if record.get("withdrawn"):
                continue
            cves = [a for a in record.get("aliases", []) if a.startswith("CVE-")]
            for entry in record.get("affected", []):
                package = entry.get("package", {})
                if package.get("ecosystem") != "PyPI":
                    continue
                name = re.sub(r"[-_.]+", "-", package.get("name", "")).lower()
                specs = []
                for r in entry.get("ranges", []):
                    if r.get("type") == "ECOSYSTEM":
                        specs += windows(r.get("events", [])) or []
                specs += [f"=={v}" for v in entry.get("versions", []) if valid(v)]
                if not specs:
                    continue
                full.setdefault(name, []).append({
                    "advisory": record.get("summary") or record.get("details", "")[:200],
                    "cve": ",".join(cves) or None, "id": record["id"], "specs": specs, "v": ",".join(specs),
                    "more_info_path": "/vulnerability/" + record["id"],
                })
                short.setdefault(name, []).extend(specs)
    meta = {"advisory": "converted from an OSV export for the vouch benchmark", "timestamp": 0, "last_updated": "", "schema_version": "2.0.0",
            "base_domain": "https://osv.dev"}
    with open(os.path.join(out, "insecure_full.json"), "w") as handle:
        json.dump({"$meta": meta, **full}, handle)
    with open(os.path.join(out, "insecure.json"), "w") as handle:
        json.dump({"$meta": meta, **short}, handle)


main()

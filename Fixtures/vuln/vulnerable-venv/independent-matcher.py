"""An independent OSV matcher for the end-to-end test, written from the OSV schema text (1.7.5,
"Evaluation") with `packaging`, sharing no code with Vouch.

    python independent-matcher.py ALL.ZIP SITE-PACKAGES

Prints one line per finding: "<normalized name> <version> <record ids of the alias group, comma-joined>".
Rules: installed distributions from importlib.metadata; PEP 503 names; withdrawn records skipped; an
affected[] entry with ecosystem PyPI and the same name; affected when versions[] holds a version equal
(PEP 440) to the installed one, or an ECOSYSTEM range puts it inside: events sorted by version with
"introduced 0" first (ties: introduced, last_affected, fixed), one flag, introduced <= v opens, fixed <= v
closes, last_affected < v closes, and when limits exist v must be below one. A range whose bound is not
PEP 440 is unusable (skipped). Records sharing an id or alias are grouped.
"""
import importlib.metadata
import json
import re
import sys
import zipfile

from packaging.version import InvalidVersion, Version


def normalize(name):
    return re.sub(r"[-_.]+", "-", name).lower()


def parse(text):
    try:
        return Version(text)
    except InvalidVersion:
        return None


def in_range(version, events):
    parsed = []
    limits = []
    for event in events:
        (kind, text), = event.items()
        if kind == "introduced" and text == "0":
            parsed.append((0, None, kind))
            continue
        if kind == "limit" and text == "*":
            continue
        bound = parse(text)
        if bound is None:
            return None
        if kind == "limit":
            limits.append(bound)
        else:
            parsed.append((1, bound, kind))
    if limits and not any(version < limit for limit in limits):
        return False
    order = {"introduced": 0, "last_affected": 1, "fixed": 2}
    parsed.sort(key=lambda e: (e[0], e[1] if e[1] is not None else Version("0"), order[e[2]]))
    affected = False
    for _, bound, kind in parsed:
        if kind == "introduced" and (bound is None or bound <= version):
            affected = True
        elif kind == "fixed" and bound <= version:
            affected = False
        elif kind == "last_affected" and bound < version:
            affected = False
    return affected


def main():
    archive, site = sys.argv[1], sys.argv[2]
    installed = {}
    for dist in importlib.metadata.distributions(path=[site]):
        installed[normalize(dist.metadata["Name"])] = dist.version
    matched = {}
    with zipfile.ZipFile(archive) as zf:
        for member in zf.namelist():
            record = json.loads(zf.read(member))
            if record.get("withdrawn"):
                continue
            for entry in record.get("affected", []):
                package = entry.get("package", {})
                if package.get("ecosystem") != "PyPI":
                    continue
                name = normalize(package.get("name", ""))
                if name not in installed:
                    continue
                version = Version(installed[name])
                hit = any(parse(v) == version for v in entry.get("versions", []))
                for r in entry.get("ranges", []):
                    if r.get("type") == "ECOSYSTEM" and in_range(version, r.get("events", [])):
                        hit = True
                if hit:
                    matched.setdefault(name, {})[record["id"]] = set([record["id"]] + record.get("aliases", []))
    for name in sorted(matched):
        records = matched[name]
        groups = []
        for rid, names in records.items():
            merged = [g for g in groups if g[1] & names]
            ids, all_names = {rid}, set(names)
            for g in merged:
                groups.remove(g)
                ids |= g[0]
                all_names |= g[1]
            groups.append((ids, all_names))
        for ids, _ in sorted(groups, key=lambda g: sorted(g[0])):
            print(name, installed[name], ",".join(sorted(ids)))


main()

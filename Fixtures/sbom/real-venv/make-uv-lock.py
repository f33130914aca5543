"""Writes a uv.lock (uv's lock format, version 1) for the real venv, as `uv lock` would for a project whose
pyproject.toml asks for requirements.txt's pins, so the SBOM tests can read a lock that matches the venv:

    <venv>/bin/python Fixtures/sbom/real-venv/make-uv-lock.py REQUIREMENTS OUT

The root is a virtual package `real-venv-project` depending on REQUIREMENTS' lines (with their extras);
every installed distribution is a registry package with its `dependencies` (the Requires-Dist entries whose
marker holds, extras named as uv names them) and two wheels: the one installed (its file name rebuilt from
the dist-info's WHEEL tags) and a decoy for another platform, plus an sdist. The hashes are fixture values,
sha256 of the artifact's file name, not of any real file: the tests check that the SBOM carries the hash of
the artifact that was installed, not that PyPI's files hash to them.
"""
import hashlib
import importlib.metadata as md
import json
import sys

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

requirements_path, out = sys.argv[1], sys.argv[2]
dists = {}
for dist in md.distributions(path=[p for p in sys.path if p.endswith("site-packages")]):
    dists.setdefault(canonicalize_name(dist.metadata["Name"]), dist)


def fake_hash(file_name):
    return "sha256:" + hashlib.sha256(file_name.encode()).hexdigest()


def wheel_name(dist):
    stem = dist.metadata["Name"].replace("-", "_")
    tags = [line.split(":", 1)[1].strip() for line in (dist.read_text("WHEEL") or "").splitlines() if line.startswith("Tag:")]
    python = sorted({t.split("-")[0] for t in tags})
    abi = sorted({t.split("-")[1] for t in tags})
    plat = sorted({t.split("-")[2] for t in tags})
    return f"{stem}-{dist.version}-{'.'.join(python)}-{'.'.join(abi)}-{'.'.join(plat)}.whl"


def inline(entry):
    parts = [f'name = {json.dumps(entry["name"])}']
    if entry.get("extra"):
        parts.append("extra = [" + ", ".join(json.dumps(e) for e in entry["extra"]) + "]")
    if entry.get("marker"):
        parts.append(f'marker = {json.dumps(entry["marker"])}')
    return "{ " + ", ".join(parts) + " }"


roots = []
for line in open(requirements_path, encoding="utf-8"):
    line = line.split("#", 1)[0].strip()
    if line:
        req = Requirement(line)
        roots.append({"name": canonicalize_name(req.name), "extra": sorted(req.extras), "marker": str(req.marker) if req.marker else None})

lines = ["version = 1", 'requires-python = ">=3.9"', "", "[[package]]", 'name = "real-venv-project"', 'version = "0.1.0"',
         'source = { virtual = "." }', "dependencies = ["]
lines += [f"    {inline(r)}," for r in roots]
lines += ["]", ""]
for name, dist in sorted(dists.items()):
    base = []
    optional = {}
    for text in dist.requires or []:
        req = Requirement(text)
        target = canonicalize_name(req.name)
        if target not in dists:
            continue
        marker = str(req.marker) if req.marker else None
        entry = {"name": target, "extra": sorted(req.extras)}
        extra = None
        if req.marker is not None and "extra" in marker:
            for candidate in dist.metadata.get_all("Provides-Extra") or []:
                if req.marker.evaluate({"extra": candidate}) and not req.marker.evaluate({"extra": ""}):
                    extra = canonicalize_name(candidate)
                    break
            if extra is None:
                continue
            optional.setdefault(extra, []).append(entry)
        elif req.marker is None or req.marker.evaluate({"extra": ""}):
            base.append(entry)
    installed = wheel_name(dist)
    decoy = installed[: -len(".whl")].rsplit("-", 1)[0] + "-win_arm64.whl"
    sdist = f"{dist.metadata['Name'].replace('-', '_')}-{dist.version}.tar.gz"
    lines += ["[[package]]", f"name = {json.dumps(name)}", f"version = {json.dumps(dist.version)}",
              'source = { registry = "https://pypi.org/simple" }']
    if base:
        lines += ["dependencies = ["] + [f"    {inline(e)}," for e in base] + ["]"]
    lines.append(f'sdist = {{ url = "https://files.example/{sdist}", hash = "{fake_hash(sdist)}", size = 1 }}')
    lines.append("wheels = [")
    for wheel in [installed, decoy]:
        lines.append(f'    {{ url = "https://files.example/{wheel}", hash = "{fake_hash(wheel)}", size = 1 }},')
    lines.append("]")
    if optional:
        lines += ["", "[package.optional-dependencies]"]
        for extra, entries in sorted(optional.items()):
            lines += [f"{extra} = ["] + [f"    {inline(e)}," for e in entries] + ["]"]
    lines.append("")
with open(out, "w", encoding="utf-8") as handle:
    handle.write("\n".join(lines))
print(json.dumps({name: {"installed": fake_hash(wheel_name(d)).split(":", 1)[1]} for name, d in sorted(dists.items())}))

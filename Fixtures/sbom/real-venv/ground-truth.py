"""Ground truth for the SBOM accuracy test, computed by the venv's own Python:

    <venv>/bin/python Fixtures/sbom/real-venv/ground-truth.py [REQUIREMENTS]

prints JSON {"packages": {normalized name: version}, "edges": [[from, to], ...], "root": [name, ...]} where an
edge is a Requires-Dist whose marker holds in this interpreter (packaging.markers, the reference implementation
of PEP 508), with extras followed only where a dependent asked for them, and whose target is installed.
With REQUIREMENTS (a requirements file of plain PEP 508 lines), its requirements are the root's: "root" lists
the installed ones whose marker holds, and the extras they ask for (uvicorn[standard]) are followed too.
"""
import importlib.metadata as md
import json
import sys

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

dists = {}
for dist in md.distributions(path=[p for p in sys.path if p.endswith("site-packages")]):
    dists.setdefault(canonicalize_name(dist.metadata["Name"]), dist)
extras = {name: set() for name in dists}
active = {name: set() for name in dists}
root = set()
if len(sys.argv) > 1:
    for line in open(sys.argv[1], encoding="utf-8"):
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        req = Requirement(line)
        target = canonicalize_name(req.name)
        if target in dists and (req.marker is None or req.marker.evaluate({"extra": ""})):
            root.add(target)
            extras[target] |= {canonicalize_name(e) for e in req.extras}
changed = True
while changed:
    changed = False
    for name, dist in dists.items():
        environments = [{"extra": ""}] + [{"extra": e} for e in sorted(extras[name])]
        for index, text in enumerate(dist.requires or []):
            if index in active[name]:
                continue
            req = Requirement(text)
            if req.marker is not None and not any(req.marker.evaluate(env) for env in environments):
                continue
            active[name].add(index)
            changed = True
            target = canonicalize_name(req.name)
            if target in dists:
                new = {canonicalize_name(e) for e in req.extras} - extras[target]
                if new:
                    extras[target] |= new
edges = set()
for name, dist in dists.items():
    requires = dist.requires or []
    for index in active[name]:
        target = canonicalize_name(Requirement(requires[index]).name)
        if target in dists and target != name:
            edges.add((name, target))
print(json.dumps({"packages": {n: d.version for n, d in sorted(dists.items())}, "edges": sorted(edges), "root": sorted(root)}, indent=1))

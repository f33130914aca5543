#!/usr/bin/env bash
# SBOM benchmark: `vouch sbom` against trivy rootfs, syft dir: and cyclonedx-py environment on one
# ~300-distribution venv, in one run, printing wall and CPU (user+sys) times and ratios to vouch. Then
# `vouch sbom verify-record` against plain sha256sum over the same site-packages.
#
#   Benchmarks/sbom.sh [--prepare] [RUNS]        (VOUCH=path/to/vouch skips building it in release)
#
# --prepare only builds the venv (Benchmarks/work/sbom-venv, git-ignored; reused when its requirements did
# not change). RUNS (default 5) is the number of timed runs of each fast tool; slow peers run 3 times.
set -euo pipefail
cd "$(dirname "$0")/.."
root="$(pwd)"
work="$root/Benchmarks/work"
venv="$work/sbom-venv"
peers="$root/.venv-peers/bin"
mkdir -p "$work"

# The gateway set of the tests plus the large scientific / web stacks the issue measured.
requirements="$work/sbom-requirements.txt"
cat > "$requirements.new" <<'REQ'
fastapi
uvicorn[standard]
httpx
pydantic
requests
boto3
pandas
jupyter
scipy
scikit-learn
django
flask
sqlalchemy
celery[redis]
matplotlib
sphinx
pytest
black
mypy
rich
typer
aiohttp
cryptography
paramiko
dask[complete]
plotly
bokeh
nltk
openpyxl
networkx
sympy
statsmodels
seaborn
pyarrow
lxml
beautifulsoup4
scrapy
selenium
google-cloud-storage
azure-storage-blob
kubernetes
docker
tox
pre-commit
sentry-sdk
opentelemetry-sdk
grpcio
gunicorn
psycopg2-binary
pymongo
redis
alembic
marshmallow
pillow
scikit-image
loguru
structlog
hypothesis
faker
REQ
mv "$requirements.new" "$requirements"
if [[ ! -f "$venv/.vouch-requirements" ]] || ! cmp -s "$venv/.vouch-requirements" "$requirements"; then
    echo "== building $venv (pip, once)" >&2
    rm -rf "$venv"
    python3 -m venv "$venv"
    "$venv/bin/python" -m pip install --quiet --disable-pip-version-check -r "$requirements"
    "$venv/bin/python" -m pip freeze --all > "$work/sbom-venv-freeze.txt"
    cp "$requirements" "$venv/.vouch-requirements"
fi
[[ "${1:-}" == "--prepare" ]] && exit 0
runs="${1:-5}"

vouch="${VOUCH:-}"
if [[ -z "$vouch" ]]; then
    echo "== building vouch (release)" >&2
    swift build -c release --static-swift-stdlib --scratch-path .build-sbom --product vouch >&2
    vouch="$root/.build-sbom/release/vouch"
fi
site="$(ls -d "$venv"/lib/python3*/site-packages)"
dists=$(find "$site" -maxdepth 1 \( -name '*.dist-info' -o -name '*.egg-info' \) | wc -l)
bytes=$(du -sb "$site" | cut -f1)
echo "== venv: $dists distributions, $((bytes / 1048576)) MiB of site-packages; $(nproc) cores"

hyperfine --style basic --shell=none --warmup 1 --runs "$runs" --export-json "$work/sbom-fast.json" \
    -n vouch "$vouch sbom $venv --format cyclonedx-json" \
    -n "vouch spdx-json" "$vouch sbom $venv --format spdx-json" \
    -n trivy "$peers/trivy rootfs --format cyclonedx --quiet --offline-scan --skip-db-update $venv" >&2
hyperfine --style basic --shell=none --runs 3 --export-json "$work/sbom-slow.json" \
    -n syft "$peers/syft dir:$venv -o cyclonedx-json -q" \
    -n cyclonedx-py "$peers/cyclonedx-py environment --of JSON $venv" >&2
hyperfine --style basic --warmup 1 --runs 3 --export-json "$work/sbom-record.json" \
    -n "vouch verify-record" "$vouch sbom verify-record $venv > /dev/null" \
    -n "sha256sum (1 core)" "find $site -type f -print0 | xargs -0 sha256sum > /dev/null" >&2

python3 - "$work/sbom-fast.json" "$work/sbom-slow.json" "$work/sbom-record.json" <<'PY'
import json, sys
results = []
for path in sys.argv[1:]:
    results += json.load(open(path))["results"]
by = {r["command"]: r for r in results}
def cpu(r): return r["user"] + r["system"]
print(f"{'tool':<22}{'wall s':>9}{'CPU s':>9}{'wall/vouch':>12}{'CPU/vouch':>11}")
base = by["vouch"]
for name in ["vouch", "vouch spdx-json", "trivy", "syft", "cyclonedx-py"]:
    r = by[name]
    print(f"{name:<22}{r['mean']:>9.3f}{cpu(r):>9.3f}{r['mean'] / base['mean']:>11.1f}x{cpu(r) / cpu(base):>10.1f}x")
v, s = by["vouch verify-record"], by["sha256sum (1 core)"]
print(f"\nverify-record {v['mean']:.3f} s wall / {cpu(v):.3f} CPU-s; sha256sum of the same files {s['mean']:.3f} s wall / {cpu(s):.3f} CPU-s")
PY

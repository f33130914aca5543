#!/usr/bin/env bash
# Vulnerability-matching benchmark: `vouch vuln scan` of the SBOM benchmark's ~300-distribution venv (and of
# its CycloneDX SBOM, --sbom) against ../shared/vulndb/PyPI/all.zip (7,080 records), and `safety==2.3.5 check
# --db` on the same packages with the same data converted to safety's offline layout
# (Benchmarks/osv-to-safety-db.py), in one run; prints wall and CPU (user+sys) times, ratios to vouch, the
# load average, and how many findings each reports.
#
# Vouch's rows use a cache directory of their own (Benchmarks/work/vuln-cache): hyperfine's warm-up run
# writes the compiled index of the zip, the timed runs read it (what every scan after the first does);
# the --no-cache row reads the whole zip every time. Before printing, the script checks that the three
# vouch variants report the same findings.
#
#   Benchmarks/vuln.sh [RUNS]        (VOUCH=path/to/vouch skips building it in release; default RUNS 10)
set -euo pipefail
cd "$(dirname "$0")/.."
root="$(pwd)"
work="$root/Benchmarks/work"
zip="${VULNDB:-$root/../shared/vulndb/PyPI/all.zip}"
[[ -f "$zip" ]] || zip="$root/../../shared/vulndb/PyPI/all.zip"
[[ -f "$zip" ]] || { echo "vuln.sh: the shared OSV data (../shared/vulndb/PyPI/all.zip) is missing" >&2; exit 2; }
runs="${1:-10}"
mkdir -p "$work"

Benchmarks/sbom.sh --prepare
venv="$work/sbom-venv"
"$venv/bin/python" -m pip freeze --all > "$work/vuln-freeze.txt"

if [[ ! -x "$work/safety-venv/bin/safety" ]]; then
    echo "== installing safety 2.3.5 into $work/safety-venv (pip, once)" >&2
    python3 -m venv "$work/safety-venv"
    "$work/safety-venv/bin/pip" install --quiet --disable-pip-version-check safety==2.3.5
fi
"$work/safety-venv/bin/python" Benchmarks/osv-to-safety-db.py "$zip" "$work/safety-db"

vouch="${VOUCH:-}"
if [[ -z "$vouch" ]]; then
    echo "== building vouch (release)" >&2
    swift build -c release --static-swift-stdlib --scratch-path .build-vuln --product vouch >&2
    vouch="$root/.build-vuln/release/vouch"
fi
"$vouch" sbom "$venv" --format cyclonedx-json --output "$work/vuln-venv.cdx.json"
dists=$(find "$venv"/lib/python3*/site-packages -maxdepth 1 -name '*.dist-info' | wc -l)
echo "== venv: $dists distributions; database: $zip; $(nproc) cores; load average: $(cut -d' ' -f1-3 /proc/loadavg)"

export XDG_CACHE_HOME="$work/vuln-cache"
rm -rf "$XDG_CACHE_HOME"
hyperfine --style basic --warmup 1 --runs "$runs" -i --export-json "$work/vuln.json" \
    -n "vouch scan venv" "$vouch vuln scan $venv --db $zip --max-db-age 0 --format json > /dev/null" \
    -n "vouch scan --sbom" "$vouch vuln scan --sbom $work/vuln-venv.cdx.json --db $zip --max-db-age 0 --format json > /dev/null" \
    -n "vouch --no-cache" "$vouch vuln scan $venv --db $zip --max-db-age 0 --format json --no-cache > /dev/null" \
    -n "safety check --db" "$work/safety-venv/bin/safety check --db $work/safety-db -r $work/vuln-freeze.txt --output json > /dev/null" >&2
echo "== load average after: $(cut -d' ' -f1-3 /proc/loadavg)"

# The three vouch variants must agree before their times mean anything.
findings() { "$vouch" vuln scan "$@" --db "$zip" --max-db-age 0 --format json | python3 -c 'import json,sys; print("\n".join(sorted(f["package"]["name"].lower() + " " + f["package"]["version"] + " " + ",".join(f["records"]) for f in json.load(sys.stdin)["findings"])))' || true; }
findings "$venv" > "$work/vuln-findings-venv.txt"
findings --sbom "$work/vuln-venv.cdx.json" > "$work/vuln-findings-sbom.txt"
findings "$venv" --no-cache > "$work/vuln-findings-nocache.txt"
cmp -s "$work/vuln-findings-venv.txt" "$work/vuln-findings-nocache.txt" || { echo "vuln.sh: cached and --no-cache findings differ" >&2; exit 1; }
cmp -s "$work/vuln-findings-venv.txt" "$work/vuln-findings-sbom.txt" || { echo "vuln.sh: venv and --sbom findings differ" >&2; exit 1; }
ours=$(wc -l < "$work/vuln-findings-venv.txt")
# safety exits non-zero when it finds something; its report is what counts here.
"$work/safety-venv/bin/safety" check --db "$work/safety-db" -r "$work/vuln-freeze.txt" --output json > "$work/safety-report.json" 2>/dev/null || true
theirs=$(python3 - "$work/safety-report.json" <<'PY'
import json, sys
found = json.load(open(sys.argv[1]))["vulnerabilities"]
print(f"{len(found)} entries, {len({(v['package_name'].lower(), v['vulnerability_id']) for v in found})} distinct (package, advisory)")
PY
)

python3 - "$work/vuln.json" "$ours" "$theirs" <<'PY'
import json, sys
results = {r["command"]: r for r in json.load(open(sys.argv[1]))["results"]}
def cpu(r): return r["user"] + r["system"]
base = results["vouch scan venv"]
print(f"{'tool':<22}{'wall s':>9}{'CPU s':>9}{'wall/vouch':>12}{'CPU/vouch':>11}")
for name, r in results.items():
    print(f"{name:<22}{r['mean']:>9.3f}{cpu(r):>9.3f}{r['mean'] / base['mean']:>11.1f}x{cpu(r) / cpu(base):>10.1f}x")
print(f"findings: vouch {sys.argv[2]} (one per vulnerability and package, aliases collapsed; the same from the venv, --sbom and --no-cache); safety {sys.argv[3]}")
PY

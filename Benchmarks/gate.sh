#!/usr/bin/env bash
# Benchmarks the one pass over every layer (issue 18): `vouch image verify`, `vouch sbom IMAGE`,
# `vouch secrets scan --image` and `vouch policy check` against the floor pipelines for the same work and
# against syft, in one run, on the image Benchmarks/gate-image.sh builds (three gzip layers: a base, a venv of
# the example gateway's dependencies plus a copied CPython library, the app).
#
#   Benchmarks/gate.sh                 medians of 5 runs (RUNS=2 for a quick check; PEER_RUNS for syft)
#   SKIP_BUILD=1 Benchmarks/gate.sh    use the existing .build-image/release/vouch
#   VOUCH_BINARY=PATH                  use this prebuilt release vouch (no build)
#   VOUCH_BASELINE=PATH                also time this other vouch build (e.g. main's) on the same four jobs,
#                                      interleaved in the same run, and print its table too (before/after)
#   GATE_LAYOUT=DIR                    read this layout (made by gate-image.sh, with its layers.txt beside it)
#                                      instead of building one; it is only read (the signed copy is made here)
#
# Measured for each command (Benchmarks/measure.py): CPU seconds (user + system of every process it runs),
# wall seconds, peak RSS, medians; and the load average. On a shared machine the CPU ratios are the ones to
# read: wall time depends on what else runs.
#
#   floor-verify   per blob, two at a time: openssl dgst -sha256 BLOB; igzip -dc BLOB | openssl dgst -sha256
#   floor-inflate  per blob, two at a time: igzip -dc BLOB > /dev/null
#   tree-scan      vouch secrets scan over the layers' files extracted to disk (the same bytes, no inflate)
#   syft           syft oci-dir:LAYOUT -o cyclonedx-json (the peer for sbom IMAGE), on the unsigned layout: syft
#                  refuses a layout holding a second manifest (the signature); any failure of it stops the run
# Goals: verify <= 1.15x floor-verify CPU (1.1x wall); sbom <= 1.3x floor-inflate, >= 10x less CPU than syft;
# secrets --image <= 1.2x floor-inflate + tree-scan; policy check <= 1.15x verify + tree-scan.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
WORK="$ROOT/Benchmarks/work/gate"
RUNS="${RUNS:-5}"
PEER_RUNS="${PEER_RUNS:-$RUNS}"
mkdir -p "$WORK"

if [ "${SKIP_BUILD:-0}" != 1 ] && [ -z "${VOUCH_BINARY:-}" ]; then
    echo "== building vouch (release, scratch .build-image)"
    (cd "$ROOT" && swift build -c release --static-swift-stdlib --scratch-path .build-image --product vouch 2>&1 | grep -E "error|Build of" || true)
fi
VOUCH="${VOUCH_BINARY:-$ROOT/.build-image/release/vouch}"
[ -x "$VOUCH" ] || { echo "no release build at $VOUCH" >&2; exit 2; }
SYFT="$ROOT/.venv-peers/bin/syft"
[ -x "$SYFT" ] || { echo "no syft at $SYFT (make setup installs the peers)" >&2; exit 2; }

SOURCE="${GATE_LAYOUT:-$("$ROOT/Benchmarks/gate-image.sh")}"
LAYERS="$(dirname "$SOURCE")/layers.txt"
# A signed copy: the gate checks a cosign signature stored in the layout.
LAYOUT="$WORK/layout"
if [ ! -f "$WORK/signed" ]; then
    rm -rf "$LAYOUT" && cp -a "$SOURCE" "$LAYOUT"
    VOUCH_PASSWORD= "$VOUCH" key generate --algorithm ecdsa-p256 --output-prefix "$WORK/release" --no-password --force >/dev/null
    "$VOUCH" sign "$LAYOUT" --key "$WORK/release.key" --reference example.com/gateway >/dev/null
    touch "$WORK/signed"
fi
# The layers' files on disk, one directory per layer, for the tree-scan baseline.
if [ ! -d "$WORK/tree/2" ]; then
    rm -rf "$WORK/tree"
    index=0
    for digest in $(cut -d' ' -f1 "$LAYERS"); do
        mkdir -p "$WORK/tree/$index"
        igzip -dc "$LAYOUT/blobs/sha256/$digest" | tar -x -C "$WORK/tree/$index" --no-same-owner 2>/dev/null || true
        index=$((index + 1))
    done
fi
cat > "$WORK/policy.yaml" <<'POLICY'
version: 1
keys: {release: release.pub}
rules:
  integrity: true
  signatures: {keys: [release]}
  licenses: {deny: [AGPL-3.0-only], allowUnknown: true}
  secrets: {maxFindings: 0}
POLICY

cat > "$WORK/floor-verify.sh" <<FLOOR
#!/usr/bin/env bash
set -euo pipefail
cut -d' ' -f1 "$LAYERS" | xargs -P 2 -I{} bash -c \
  'openssl dgst -sha256 "$LAYOUT/blobs/sha256/{}" >/dev/null; igzip -dc "$LAYOUT/blobs/sha256/{}" | openssl dgst -sha256 >/dev/null'
FLOOR
cat > "$WORK/floor-inflate.sh" <<FLOOR
#!/usr/bin/env bash
set -euo pipefail
cut -d' ' -f1 "$LAYERS" | xargs -P 2 -I{} bash -c 'igzip -dc "$LAYOUT/blobs/sha256/{}" >/dev/null'
FLOOR
chmod +x "$WORK/floor-verify.sh" "$WORK/floor-inflate.sh"

echo "== image"
awk '{ c += $2 } END { printf "layers: %d, compressed: %.2f GB\n", NR, c / 1e9 }' "$LAYERS"
"$VOUCH" image verify "$LAYOUT" | tail -1
"$VOUCH" policy check "$LAYOUT" --policy "$WORK/policy.yaml" | head -8 || true

BASELINE_JOBS=()
if [ -n "${VOUCH_BASELINE:-}" ]; then
    [ -x "$VOUCH_BASELINE" ] || { echo "no vouch at VOUCH_BASELINE=$VOUCH_BASELINE" >&2; exit 2; }
    BASELINE_JOBS=(
        "verify@baseline=$VOUCH_BASELINE image verify $LAYOUT"
        "sbom@baseline=$VOUCH_BASELINE sbom $LAYOUT"
        "secrets-image@baseline=$VOUCH_BASELINE secrets scan --image $LAYOUT"
        "policy@baseline=$VOUCH_BASELINE policy check $LAYOUT --policy $WORK/policy.yaml")
fi

echo "== timing ($RUNS runs each, interleaved; caches warm)"
"$VOUCH" image verify "$LAYOUT" >/dev/null
python3 "$ROOT/Benchmarks/measure.py" "$RUNS" "$WORK/results.json" \
    ${BASELINE_JOBS[@]+"${BASELINE_JOBS[@]}"} \
    "verify=$VOUCH image verify $LAYOUT" \
    "floor-verify=$WORK/floor-verify.sh" \
    "sbom=$VOUCH sbom $LAYOUT" \
    "floor-inflate=$WORK/floor-inflate.sh" \
    "secrets-image=$VOUCH secrets scan --image $LAYOUT" \
    "tree-scan=$VOUCH secrets scan $WORK/tree" \
    "policy=$VOUCH policy check $LAYOUT --policy $WORK/policy.yaml" \
    "syft*$PEER_RUNS=SYFT_CHECK_FOR_APP_UPDATE=false $SYFT oci-dir:$SOURCE -o cyclonedx-json -q || exit 2"

python3 - "$WORK/results.json" "${VOUCH_BASELINE:-}" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
def line(job, vouch, floor_cpu, floor_wall, floor_name, goal_cpu, goal_wall=None):
    cpu, wall = vouch["cpu"] / floor_cpu, vouch["wall"] / floor_wall
    ok = "met" if cpu <= goal_cpu and (goal_wall is None or wall <= goal_wall) else "NOT met"
    goal = f"<= {goal_cpu}x CPU" + (f", {goal_wall}x wall" if goal_wall else "")
    print(f"| {job} | {vouch['cpu']:.2f} | {vouch['wall']:.2f} | {vouch['rss_mb']:.0f} | {floor_name}: {floor_cpu:.2f} CPU-s, {floor_wall:.2f} s "
          f"| {cpu:.2f}x CPU, {wall:.2f}x wall | {goal}: {ok} |")
def table(suffix, title):
    print(f"\n{title}\n")
    print("| job | vouch CPU-s | wall s | peak RSS MB | floor | ratio | goal |")
    print("| --- | --- | --- | --- | --- | --- | --- |")
    verify = r["verify" + suffix]
    line("image verify", verify, r["floor-verify"]["cpu"], r["floor-verify"]["wall"], "igzip -dc + openssl dgst", 1.15, 1.1)
    line("sbom IMAGE", r["sbom" + suffix], r["floor-inflate"]["cpu"], r["floor-inflate"]["wall"], "igzip -dc", 1.3)
    inflate_scan_cpu = r["floor-inflate"]["cpu"] + r["tree-scan"]["cpu"]
    inflate_scan_wall = r["floor-inflate"]["wall"] + r["tree-scan"]["wall"]
    line("secrets scan --image", r["secrets-image" + suffix], inflate_scan_cpu, inflate_scan_wall, "igzip -dc + tree scan", 1.2)
    line("policy check", r["policy" + suffix], verify["cpu"] + r["tree-scan"]["cpu"], verify["wall"] + r["tree-scan"]["wall"],
         "image verify + tree scan", 1.15)
if sys.argv[2]:
    table("@baseline", f"baseline {sys.argv[2]} (the tree scan is the measured build's):")
table("", "vouch:")
s = r["syft"]
print(f"| syft (peer of sbom IMAGE) | {s['cpu']:.2f} | {s['wall']:.2f} | {s['rss_mb']:.0f} | | vouch sbom uses {s['cpu'] / r['sbom']['cpu']:.1f}x less CPU, "
      f"{s['rss_mb'] / r['sbom']['rss_mb']:.1f}x less memory | >= 10x less CPU: {'met' if s['cpu'] >= 10 * r['sbom']['cpu'] else 'NOT met'} |")
print(f"| tree scan (baseline) | {r['tree-scan']['cpu']:.2f} | {r['tree-scan']['wall']:.2f} | {r['tree-scan']['rss_mb']:.0f} | | | |")
load = r["_load"]
print("\nload average before: %.2f %.2f %.2f, after: %.2f %.2f %.2f (2 cores, shared: read the CPU ratios)" % tuple(load["before"] + load["after"]))
PY

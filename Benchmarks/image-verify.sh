#!/usr/bin/env bash
# Benchmarks `vouch image verify` against the tools people use today, in one run, and prints ratios.
#
#   Benchmarks/image-verify.sh                (medians of 5 runs; RUNS=2 for a quick check)
#   SKIP_BUILD=1 Benchmarks/image-verify.sh   (use the existing .build-image/release/vouch)
#   VOUCH_BINARY=PATH                         (use this prebuilt release vouch; no build)
#   GATE_LAYOUT=DIR                           (read this layout made by gate-image.sh instead of building one)
#
# The image is the one Benchmarks/gate-image.sh builds (three gzip layers shaped like the seed's gateway image:
# a base, a venv of the example gateway's dependencies plus a copied CPython library, the app).
#
# Compared in one run, interleaved (Benchmarks/measure.py: CPU user+sys, wall, peak RSS, medians; load average):
#   vouch      vouch image verify (every digest, every diff_id, every tar header; layers in parallel)
#   skopeo     skopeo copy oci:... dir:...  (checks blob digests only; writes a copy)
#   floor      per layer, two at a time: openssl dgst -sha256 blob; igzip -dc blob | openssl dgst -sha256
#              (the ISA-L floor: the same hashing and inflating, with no tar parsing)
# Goal (issue 18): vouch within 1.15x of the floor's CPU and 1.1x of its wall time.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
WORK="$ROOT/Benchmarks/work/image-verify"
RUNS="${RUNS:-5}"
mkdir -p "$WORK"
LAYOUT="${GATE_LAYOUT:-$("$ROOT/Benchmarks/gate-image.sh")}"
LAYERS="$(dirname "$LAYOUT")/layers.txt"

if [ "${SKIP_BUILD:-0}" != 1 ] && [ -z "${VOUCH_BINARY:-}" ]; then
    echo "== building vouch (release, scratch .build-image)"
    (cd "$ROOT" && swift build -c release --static-swift-stdlib --scratch-path .build-image --product vouch 2>&1 | grep -E "error|Build of" || true)
fi
VOUCH="${VOUCH_BINARY:-$ROOT/.build-image/release/vouch}"
[ -x "$VOUCH" ] || { echo "no release build at $VOUCH" >&2; exit 2; }
[ "${PREPARE_ONLY:-0}" = 1 ] && exit 0

echo "== image"
awk '{ c += $2 } END { printf "layers: %d, compressed: %.2f GB\n", NR, c / 1e9 }' "$LAYERS"
"$VOUCH" image verify "$LAYOUT" | tail -1

cat > "$WORK/floor.sh" <<FLOOR
#!/usr/bin/env bash
# The ISA-L floor: hash each compressed blob and its inflated stream, two layers at a time.
set -euo pipefail
cut -d' ' -f1 "$LAYERS" | xargs -P 2 -I{} bash -c \
  'openssl dgst -sha256 "$LAYOUT/blobs/sha256/{}" >/dev/null; igzip -dc "$LAYOUT/blobs/sha256/{}" | openssl dgst -sha256 >/dev/null'
FLOOR
chmod +x "$WORK/floor.sh"

echo "== timing ($RUNS runs each, interleaved; caches warm)"
"$VOUCH" image verify "$LAYOUT" >/dev/null
python3 "$ROOT/Benchmarks/measure.py" "$RUNS" "$WORK/results.json" \
    "vouch=$VOUCH image verify $LAYOUT" \
    "floor=$WORK/floor.sh" \
    "skopeo=rm -rf $WORK/skopeo-copy; skopeo copy --quiet oci:$LAYOUT:latest dir:$WORK/skopeo-copy"
rm -rf "$WORK/skopeo-copy"

python3 - "$WORK/results.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
v, f, s = r["vouch"], r["floor"], r["skopeo"]
cpu, wall = v["cpu"] / f["cpu"], v["wall"] / f["wall"]
print(f"\nvouch / floor: {cpu:.2f}x CPU (goal <= 1.15x: {'met' if cpu <= 1.15 else 'NOT met'}), "
      f"{wall:.2f}x wall (goal <= 1.1x: {'met' if wall <= 1.1 else 'NOT met'}); vouch / skopeo: {v['wall'] / s['wall']:.2f}x wall, "
      f"{v['cpu'] / s['cpu']:.2f}x CPU")
load = r["_load"]
print("load average before: %.2f %.2f %.2f, after: %.2f %.2f %.2f (2 cores, shared: read the CPU ratios)" % tuple(load["before"] + load["after"]))
PY

#!/usr/bin/env bash
# Benchmarks `vouch image verify` against the tools people use today, in one run, and prints ratios.
#
#   Benchmarks/image-verify.sh            (builds the image once into Benchmarks/work/image-verify)
#   SKIP_BUILD=1 Benchmarks/image-verify.sh   (use the existing .build-image/release/vouch)
#   RUNS=5 Benchmarks/image-verify.sh         (hyperfine runs per tool; default 3)
#
# The image (~1.5 GB of gzip layers, an OCI layout) is made from real content without Docker:
#   layer 0  a Debian-ish base: the host's /usr/lib/x86_64-linux-gnu, gcc, python3 and /usr/share
#   layer 1  a Python venv with numpy, pandas, scipy, pyarrow and scikit-learn installed by pip
#   layer 2  a runtime layer: the host's /usr/lib/jvm
#   layer 3  a toolchain layer: /opt/swift/usr/bin (large binaries)
#   layer 4  a small app layer
# Layers are compressed with `igzip -3` (ISA-L, standard gzip output) so that building stays fast.
#
# Compared, each wall-clock on this machine (2 cores), with hyperfine:
#   vouch      vouch image verify (every digest, every diff_id, every tar header; layers in parallel)
#   skopeo     skopeo copy oci:... dir:...  (checks blob digests only; writes a copy)
#   floor      per layer, in parallel over 2 cores: openssl dgst -sha256 blob; igzip -dc blob | openssl dgst -sha256
#              (the ISA-L floor: the same hashing and inflating, with no tar parsing)
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
WORK="$ROOT/Benchmarks/work/image-verify"
LAYOUT="$WORK/layout"
RUNS="${RUNS:-3}"
mkdir -p "$WORK"


make_venv() {
    if [ ! -x "$WORK/venv/bin/python" ]; then
        python3 -m venv "$WORK/venv"
        "$WORK/venv/bin/pip" install --quiet --disable-pip-version-check \
            numpy==2.1.3 pandas==2.2.3 scipy==1.14.1 pyarrow==18.1.0 scikit-learn==1.5.2
    fi
}

# layer NAME DIR TAR-ARGS...: writes blobs for one layer and records "digest size diff_id" in $WORK/layers.txt
layer() {
    local name="$1" directory="$2"
    shift 2
    local raw_sum="$WORK/$name.diffid"
    tar --sort=name --owner=0 --group=0 --numeric-owner --mtime=@1700000000 -C "$directory" -cf - "$@" \
        | tee >(sha256sum | cut -d' ' -f1 > "$raw_sum") \
        | igzip -3 -c > "$WORK/$name.tar.gz"
    # The process substitution may still be hashing the last bytes: wait for its result.
    while [ ! -s "$raw_sum" ]; do sleep 0.1; done
    local digest size
    digest="$(sha256sum "$WORK/$name.tar.gz" | cut -d' ' -f1)"
    size="$(stat -c %s "$WORK/$name.tar.gz")"
    mkdir -p "$LAYOUT/blobs/sha256"
    mv "$WORK/$name.tar.gz" "$LAYOUT/blobs/sha256/$digest"
    echo "$digest $size $(cat "$raw_sum")" >> "$WORK/layers.txt"
}

if [ ! -f "$LAYOUT/index.json" ]; then
    echo "== building the image (once)"
    rm -rf "$LAYOUT" "$WORK/layers.txt"
    make_venv
    layer base / usr/lib/x86_64-linux-gnu usr/lib/gcc usr/lib/python3 usr/lib/python3.11 usr/share
    layer venv "$WORK" venv
    layer runtime / usr/lib/jvm
    layer toolchain / opt/swift/usr/bin
    mkdir -p "$WORK/app/app" && cp -r "$ROOT/Fixtures/example/gateway/app/." "$WORK/app/app/"
    layer app "$WORK/app" app
    python3 - "$LAYOUT" "$WORK/layers.txt" <<'PY'
import hashlib, json, os, sys
layout, listing = sys.argv[1], sys.argv[2]
layers, diff_ids = [], []
for line in open(listing):
    digest, size, diff_id = line.split()
    layers.append({"mediaType": "application/vnd.oci.image.layer.v1.tar+gzip", "digest": "sha256:" + digest, "size": int(size)})
    diff_ids.append("sha256:" + diff_id)
def blob(data):
    digest = hashlib.sha256(data).hexdigest()
    open(os.path.join(layout, "blobs", "sha256", digest), "wb").write(data)
    return "sha256:" + digest
config = json.dumps({"architecture": "amd64", "os": "linux", "rootfs": {"type": "layers", "diff_ids": diff_ids}}).encode()
manifest = json.dumps({"schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json",
    "config": {"mediaType": "application/vnd.oci.image.config.v1+json", "digest": blob(config), "size": len(config)},
    "layers": layers}).encode()
index = {"schemaVersion": 2, "mediaType": "application/vnd.oci.image.index.v1+json", "manifests": [
    {"mediaType": "application/vnd.oci.image.manifest.v1+json", "digest": blob(manifest), "size": len(manifest),
     "annotations": {"org.opencontainers.image.ref.name": "latest"}}]}
open(os.path.join(layout, "index.json"), "w").write(json.dumps(index))
open(os.path.join(layout, "oci-layout"), "w").write('{"imageLayoutVersion":"1.0.0"}')
PY
fi

if [ "${SKIP_BUILD:-0}" != 1 ]; then
    echo "== building vouch (release, scratch .build-image)"
    (cd "$ROOT" && swift build -c release --static-swift-stdlib --scratch-path .build-image --product vouch 2>&1 | grep -E "error|Build of" || true)
fi
VOUCH="$ROOT/.build-image/release/vouch"
[ -x "$VOUCH" ] || { echo "no release build at $VOUCH" >&2; exit 2; }
[ "${PREPARE_ONLY:-0}" = 1 ] && exit 0

echo "== image"
awk '{ c += $2 } END { printf "layers: %d, compressed: %.2f GB\n", NR, c / 1e9 }' "$WORK/layers.txt"
"$VOUCH" image verify "$LAYOUT" | tail -1

cat > "$WORK/floor.sh" <<FLOOR
#!/usr/bin/env bash
# The ISA-L floor: hash each compressed blob and its inflated stream, layers in parallel on 2 cores.
set -euo pipefail
cut -d' ' -f1 "$WORK/layers.txt" | xargs -P 2 -I{} bash -c \
  'openssl dgst -sha256 "$LAYOUT/blobs/sha256/{}" >/dev/null; igzip -dc "$LAYOUT/blobs/sha256/{}" | openssl dgst -sha256 >/dev/null'
FLOOR
chmod +x "$WORK/floor.sh"

echo "== timing ($RUNS runs each; caches warm)"
hyperfine --warmup 1 --runs "$RUNS" --export-json "$WORK/results.json" \
    -n vouch "$VOUCH image verify $LAYOUT" \
    -n skopeo "rm -rf $WORK/skopeo-copy; skopeo copy --quiet oci:$LAYOUT:latest dir:$WORK/skopeo-copy" \
    -n floor "$WORK/floor.sh"
rm -rf "$WORK/skopeo-copy"

python3 - "$WORK/results.json" <<'PY'
import json, sys
results = {r["command"]: r for r in json.load(open(sys.argv[1]))["results"]}
vouch = results["vouch"]["mean"]
print()
print(f"{'tool':8} {'mean s':>8} {'user+sys s':>11}  vouch is")
for name in ["vouch", "skopeo", "floor"]:
    r = results[name]
    ratio = vouch / r["mean"]
    print(f"{name:8} {r['mean']:8.2f} {r['user'] + r['system']:11.2f}  {ratio:.2f}x its wall time")
print(f"\nvouch / ISA-L floor: {vouch / results['floor']['mean']:.2f}x (goal <= 1.2x); "
      f"vouch / skopeo: {vouch / results['skopeo']['mean']:.2f}x (goal < 1)")
PY

#!/usr/bin/env bash
# Benchmarks vouch's registry client against skopeo on a loopback docker-registry, in one run, and prints ratios.
#
#   Benchmarks/registry.sh              (builds the image once into Benchmarks/work/registry)
#   SKIP_BUILD=1 Benchmarks/registry.sh (use the existing .build-image/release/vouch)
#   RUNS=5 Benchmarks/registry.sh       (hyperfine runs per command; default 3)
#
# The image: three gzip layers made from host directories (igzip -3), about 600 MB compressed, an OCI layout.
# A docker-registry (distribution 2.8) is started on a free loopback port with storage in the work directory
# and stopped (by its PID) at the end. Compared, wall and CPU (user+sys), with hyperfine:
#   pull     vouch image pull REF --output DIR        vs  skopeo copy docker://REF oci:DIR
#   verify   vouch image verify REF (streamed)        vs  vouch image verify LAYOUT (local) and the pull
#   push     vouch image push LAYOUT REF2 (new repo)  vs  skopeo copy oci:LAYOUT docker://REF3 (new repo); both mount
#            the blobs their caches saw in bench/app; vouch-push-nocache uploads every blob (VOUCH_NO_BLOB_CACHE=1)
# Goals (issue 13): pull <= 0.8x skopeo's wall time; streamed verify <= 1.1x (local verify + transfer).
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
WORK="$ROOT/Benchmarks/work/registry"
LAYOUT="$WORK/layout"
RUNS="${RUNS:-3}"
mkdir -p "$WORK"

layer() {
    local name="$1" directory="$2"
    shift 2
    local raw_sum="$WORK/$name.diffid"
    tar --sort=name --owner=0 --group=0 --numeric-owner --mtime=@1700000000 -C "$directory" -cf - "$@" \
        | tee >(sha256sum | cut -d' ' -f1 > "$raw_sum") \
        | igzip -3 -c > "$WORK/$name.tar.gz"
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
    layer base / usr/lib/x86_64-linux-gnu
    layer share / usr/share
    layer tools / usr/bin usr/sbin usr/libexec
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

echo "== registry"
PORT="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
rm -rf "$WORK/storage"
cat > "$WORK/config.yml" <<CONFIG
version: 0.1
log:
  level: error
  accesslog:
    disabled: true
storage:
  filesystem:
    rootdirectory: $WORK/storage
http:
  addr: 127.0.0.1:$PORT
CONFIG
/usr/bin/docker-registry serve "$WORK/config.yml" > "$WORK/registry.log" 2>&1 &
REGISTRY_PID=$!
trap 'kill "$REGISTRY_PID" 2>/dev/null; wait "$REGISTRY_PID" 2>/dev/null || true; rm -rf "$WORK/pulled" "$WORK/skopeo-pulled"' EXIT
for _ in $(seq 100); do (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null && break; sleep 0.1; done
HOST="127.0.0.1:$PORT"
skopeo copy --quiet --dest-tls-verify=false "oci:$LAYOUT:latest" "docker://$HOST/bench/app:1"
awk '{ c += $2 } END { printf "layers: %d, compressed: %.2f GB\n", NR, c / 1e9 }' "$WORK/layers.txt"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"

# Both clients remember where they saw a blob (skopeo's blob-info cache, Vouch's blob-location cache) and mount
# it into a new repository of the same registry instead of uploading it again; Vouch's cache starts empty here.
export XDG_CACHE_HOME="$WORK/cache"
rm -rf "$XDG_CACHE_HOME"
COUNTER="$WORK/counter"
echo 0 > "$COUNTER"
hyperfine --warmup 1 --runs "$RUNS" --export-json "$WORK/results.json" \
    -n vouch-pull "rm -rf $WORK/pulled; $VOUCH image pull $HOST/bench/app:1 --output $WORK/pulled --allow-http-registry" \
    -n skopeo-pull "rm -rf $WORK/skopeo-pulled; skopeo copy --quiet --src-tls-verify=false docker://$HOST/bench/app:1 oci:$WORK/skopeo-pulled:1" \
    -n vouch-verify-ref "$VOUCH image verify $HOST/bench/app:1 --allow-http-registry" \
    -n vouch-verify-local "$VOUCH image verify $LAYOUT" \
    -n vouch-push "n=\$((\$(cat $COUNTER) + 1)); echo \$n > $COUNTER; $VOUCH image push $LAYOUT $HOST/push/vouch\$n:1 --allow-http-registry" \
    -n vouch-push-nocache "n=\$((\$(cat $COUNTER) + 1)); echo \$n > $COUNTER; VOUCH_NO_BLOB_CACHE=1 $VOUCH image push $LAYOUT $HOST/push/vouch\$n:1 --allow-http-registry" \
    -n skopeo-push "n=\$((\$(cat $COUNTER) + 1)); echo \$n > $COUNTER; skopeo copy --quiet --dest-tls-verify=false oci:$LAYOUT:latest docker://$HOST/push/skopeo\$n:1"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"

python3 - "$WORK/results.json" <<'PY'
import json, sys
r = {x["command"]: x for x in json.load(open(sys.argv[1]))["results"]}
def cpu(name): return r[name]["user"] + r[name]["system"]
print()
print(f"{'command':20} {'wall s':>8} {'user+sys s':>11}")
for name in r:
    print(f"{name:20} {r[name]['mean']:8.2f} {cpu(name):11.2f}")
print()
print(f"pull:   vouch / skopeo wall {r['vouch-pull']['mean'] / r['skopeo-pull']['mean']:.2f}x (goal <= 0.8x), CPU {cpu('vouch-pull') / cpu('skopeo-pull'):.2f}x")
transfer = r['vouch-verify-local']['mean'] + r['vouch-pull']['mean']
print(f"verify: streamed / (local verify + pull) wall {r['vouch-verify-ref']['mean'] / transfer:.2f}x (goal <= 1.1x); "
      f"streamed / local {r['vouch-verify-ref']['mean'] / r['vouch-verify-local']['mean']:.2f}x")
print(f"push without the blob cache (every blob uploaded): {r['vouch-push-nocache']['mean']:.2f} s wall")
print(f"push:   vouch / skopeo wall {r['vouch-push']['mean'] / r['skopeo-push']['mean']:.2f}x, CPU {cpu('vouch-push') / cpu('skopeo-push'):.2f}x")
PY

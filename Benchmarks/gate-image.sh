#!/usr/bin/env bash
# Builds, once, the image the one-pass benchmarks (image-verify.sh, gate.sh) read: an OCI layout of three gzip
# layers made from real content without Docker, shaped like the seed's gateway image (issue 18):
#   layer 0  base: the host's /etc, /usr/bin, /usr/lib/x86_64-linux-gnu, /usr/share/doc (dpkg copyright files)
#            and /var/lib/dpkg (the dpkg status the catalogers read)
#   layer 1  /opt/venv: a real pip venv of the example gateway's pinned dependencies
#            (Fixtures/example/gateway/requirements.txt) plus a copy of this machine's CPython lib/python3.X
#            (the interpreter's stdlib and its site-packages), the largest layer
#   layer 2  /app: the example gateway's application code
# Layers are compressed with `igzip -3` (ISA-L, standard gzip output) so that building stays fast.
#
#   Benchmarks/gate-image.sh          prints the layout's path (builds it when missing)
#   REBUILD=1 Benchmarks/gate-image.sh
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
WORK="$ROOT/Benchmarks/work/gate-image"
LAYOUT="$WORK/layout"

[ "${REBUILD:-0}" = 1 ] && rm -rf "$WORK"
if [ -f "$LAYOUT/index.json" ]; then
    echo "$LAYOUT"
    exit 0
fi
mkdir -p "$WORK"

# layer NAME DIR PATHS...: writes one layer's blob and records "digest size diff_id" in $WORK/layers.txt
layer() {
    local name="$1" directory="$2"
    shift 2
    local raw_sum="$WORK/$name.diffid"
    rm -f "$raw_sum"
    tar --sort=name --owner=0 --group=0 --numeric-owner --mtime=@1700000000 --ignore-failed-read \
        -C "$directory" -cf - "$@" 2>/dev/null \
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

echo "== building the gate image (once) in $WORK" >&2
rm -rf "$LAYOUT" "$WORK/layers.txt" "$WORK/root"
STDLIB="$(python3 -c 'import sysconfig; print(sysconfig.get_paths()["stdlib"])')"
PYVER="$(basename "$STDLIB")"
mkdir -p "$WORK/root/opt"
python3 -m venv "$WORK/root/opt/venv"
"$WORK/root/opt/venv/bin/pip" --quiet --disable-pip-version-check install -r "$ROOT/Fixtures/example/gateway/requirements.txt" >&2
# The copied interpreter library, as an image that ships its own CPython has it.
mkdir -p "$WORK/root/opt/python/lib"
cp -a "$STDLIB" "$WORK/root/opt/python/lib/"
mkdir -p "$WORK/root/app" && cp -r "$ROOT/Fixtures/example/gateway/app/." "$WORK/root/app/"

layer base / etc usr/bin usr/lib/x86_64-linux-gnu usr/share/doc var/lib/dpkg
layer venv "$WORK/root" opt
layer app "$WORK/root" app
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
rm -rf "$WORK/root"
echo "$LAYOUT"

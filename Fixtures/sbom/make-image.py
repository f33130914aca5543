#!/usr/bin/env python3
"""Builds an image from the committed SBOM fixtures, without a Docker engine, for the image-source tests:
layer 1 is debian-root (dpkg status, copyright), layer 2 is edge-venv installed at /opt/venv.

    python3 Fixtures/sbom/make-image.py OUT_DIR [VENV]

With VENV (a real venv), the image has one layer instead: VENV's pyvenv.cfg and lib/ at /opt/venv (symlinks
left out). Writes OUT_DIR/oci (an OCI layout) and OUT_DIR/image.tar (a docker-save tar of the same image).
Reproducible: fixed mtimes, uid/gid 0, sorted entries, gzip mtime 0.
"""
import gzip, hashlib, io, json, os, pathlib, shutil, sys, tarfile

here = pathlib.Path(__file__).resolve().parent
out = pathlib.Path(sys.argv[1])
MTIME = 1700000000


def sha(data):
    return "sha256:" + hashlib.sha256(data).hexdigest()


def layer(source, prefix, only=None):
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w", format=tarfile.PAX_FORMAT) as archive:
        paths = sorted(p for p in source.rglob("*")
                       if (only is None or p.relative_to(source).parts[0] in only)
                       and not any(q.is_symlink() for q in [p, *p.parents] if q != source and source in q.parents))
        dirs = set()
        for p in paths:
            rel = (prefix + "/" + str(p.relative_to(source))).lstrip("/")
            parts = rel.split("/")
            for i in range(1, len(parts)):
                d = "/".join(parts[:i])
                if d not in dirs:
                    dirs.add(d)
                    info = tarfile.TarInfo(d + "/"); info.type = tarfile.DIRTYPE; info.mode = 0o755; info.mtime = MTIME
                    archive.addfile(info)
            if p.is_dir():
                if rel not in dirs:
                    dirs.add(rel)
                    info = tarfile.TarInfo(rel + "/"); info.type = tarfile.DIRTYPE; info.mode = 0o755; info.mtime = MTIME
                    archive.addfile(info)
                continue
            data = p.read_bytes()
            info = tarfile.TarInfo(rel); info.size = len(data); info.mode = 0o644; info.mtime = MTIME
            archive.addfile(info, io.BytesIO(data))
    raw = buffer.getvalue()
    return raw, gzip.compress(raw, mtime=0)


if len(sys.argv) > 2:
    layers = [layer(pathlib.Path(sys.argv[2]).resolve(), "opt/venv", only={"pyvenv.cfg", "lib"})]
else:
    layers = [layer(here / "debian-root", ""), layer(here / "edge-venv", "opt/venv")]
config = json.dumps({
    "architecture": "amd64", "os": "linux", "created": "2024-01-01T00:00:00Z",
    "config": {"Env": ["PATH=/opt/venv/bin:/usr/bin"]},
    "rootfs": {"type": "layers", "diff_ids": [sha(raw) for raw, _ in layers]},
    "history": [{"created": "2024-01-01T00:00:00Z", "created_by": "debian"}, {"created": "2024-01-01T00:00:00Z", "created_by": "venv"}][-len(layers):],
}, sort_keys=True, separators=(",", ":")).encode()
manifest = json.dumps({
    "schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json",
    "config": {"mediaType": "application/vnd.oci.image.config.v1+json", "digest": sha(config), "size": len(config)},
    "layers": [{"mediaType": "application/vnd.oci.image.layer.v1.tar+gzip", "digest": sha(gz), "size": len(gz)} for _, gz in layers],
}, sort_keys=True, separators=(",", ":")).encode()

shutil.rmtree(out, ignore_errors=True)
oci = out / "oci"
(oci / "blobs/sha256").mkdir(parents=True)
for blob in [config, manifest] + [gz for _, gz in layers]:
    (oci / "blobs/sha256" / hashlib.sha256(blob).hexdigest()).write_bytes(blob)
(oci / "oci-layout").write_text('{"imageLayoutVersion":"1.0.0"}')
(oci / "index.json").write_text(json.dumps({"schemaVersion": 2, "manifests": [{
    "mediaType": "application/vnd.oci.image.manifest.v1+json", "digest": sha(manifest), "size": len(manifest),
    "annotations": {"org.opencontainers.image.ref.name": "latest"}}]}, sort_keys=True))

# docker save (legacy layout): manifest.json, <config>.json, <id>/layer.tar.
buffer = io.BytesIO()
with tarfile.open(fileobj=buffer, mode="w", format=tarfile.PAX_FORMAT) as archive:
    def add(name, data):
        info = tarfile.TarInfo(name); info.size = len(data); info.mode = 0o644; info.mtime = MTIME
        archive.addfile(info, io.BytesIO(data))
    config_name = hashlib.sha256(config).hexdigest() + ".json"
    layer_names = []
    for raw, _ in layers:
        name = hashlib.sha256(raw).hexdigest() + "/layer.tar"
        layer_names.append(name)
        add(name, raw)
    add(config_name, config)
    add("manifest.json", json.dumps([{"Config": config_name, "RepoTags": ["sbom-fixture:latest"], "Layers": layer_names}]).encode())
(out / "image.tar").write_bytes(buffer.getvalue())
print(out)

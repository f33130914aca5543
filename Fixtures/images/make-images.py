#!/usr/bin/env python3
"""Builds the image fixtures of Vouch's image tests without a Docker engine.

Writes deterministic OCI layouts, oci-archive tars and docker-save tars (Docker <= 24 legacy and
Docker 25+), from synthetic but realistic layers: a Debian-like base (merged /usr, dpkg status, a
setuid binary), a Python venv layer (site-packages with dist-info), an app layer, and a cleanup layer
with whiteouts (an uninstalled package, an opaque directory). Then writes one broken variant per
bad-input class under bad/ and the valid oddities under odd/.

    python3 Fixtures/images/make-images.py [OUT_DIR]      (default: Fixtures/images/generated)
    python3 Fixtures/images/make-images.py --many-entries N OUT.tar   (a docker-save with N entries)

Everything is reproducible: fixed mtimes, uid/gid 0, sorted JSON keys, gzip mtime 0.
"""
import copy
import gzip
import hashlib
import io
import json
import os
import shutil
import subprocess
import sys
import tarfile

MTIME = 1700000000
PLATFORM_AMD64 = {"os": "linux", "architecture": "amd64"}
PLATFORM_ARM64 = {"os": "linux", "architecture": "arm64", "variant": "v8"}

OCI_INDEX = "application/vnd.oci.image.index.v1+json"
OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json"
OCI_CONFIG = "application/vnd.oci.image.config.v1+json"
OCI_LAYER = "application/vnd.oci.image.layer.v1.tar"
OCI_LAYER_GZIP = "application/vnd.oci.image.layer.v1.tar+gzip"
OCI_LAYER_ZSTD = "application/vnd.oci.image.layer.v1.tar+zstd"
DOCKER_MANIFEST = "application/vnd.docker.distribution.manifest.v2+json"
DOCKER_CONFIG = "application/vnd.docker.container.image.v1+json"
DOCKER_LAYER_GZIP = "application/vnd.docker.image.rootfs.diff.tar.gzip"


def sha256(data):
    return "sha256:" + hashlib.sha256(data).hexdigest()


def dumps(value):
    return json.dumps(value, sort_keys=True, separators=(",", ":")).encode()


# ---------------------------------------------------------------- layers

def tar_bytes(entries, fmt=tarfile.PAX_FORMAT, end_blocks=True):
    """entries: (path, kind, payload, mode); kind in file, dir, symlink, hardlink, chardev."""
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w", format=fmt) as archive:
        for path, kind, payload, mode in entries:
            info = tarfile.TarInfo(path)
            info.mtime = MTIME
            info.uid = info.gid = 0
            info.uname = info.gname = "root"
            info.mode = mode
            data = None
            if kind == "file":
                data = payload if isinstance(payload, bytes) else payload.encode()
                info.size = len(data)
            elif kind == "dir":
                info.type = tarfile.DIRTYPE
            elif kind == "symlink":
                info.type = tarfile.SYMTYPE
                info.linkname = payload
            elif kind == "hardlink":
                info.type = tarfile.LNKTYPE
                info.linkname = payload
            elif kind == "chardev":
                info.type = tarfile.CHRTYPE
                info.devmajor, info.devminor = 1, 3
            archive.addfile(info, io.BytesIO(data) if data is not None else None)
    raw = buffer.getvalue()
    if not end_blocks:
        # Drop the two zero blocks and the record padding: a tar that simply ends.
        raw = raw.rstrip(b"\0")
        raw += b"\0" * ((-len(raw)) % 512)
    return raw


def base_layer():
    # Maintainer: as Debian 12 (bookworm) ships these packages (dpkg -s on a bookworm system): the supplier a
    # real image's dpkg database names.
    status = "".join(
        f"Package: {name}\nStatus: install ok installed\nMaintainer: {maintainer}\nArchitecture: amd64\nVersion: {version}\n\n"
        for name, version, maintainer in [
            ("base-files", "12.4+deb12u5", "Santiago Vila <sanvila@debian.org>"),
            ("libc6", "2.36-9+deb12u4", "GNU Libc Maintainers <debian-glibc@lists.debian.org>"),
            ("passwd", "1:4.13+dfsg1-1", "Shadow package maintainers <pkg-shadow-devel@lists.alioth.debian.org>"),
        ]
    )
    return [
        ("bin", "symlink", "usr/bin", 0o777),
        ("etc", "dir", None, 0o755),
        ("etc/os-release", "file", 'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nID=debian\nVERSION_ID="12"\n', 0o644),
        ("etc/passwd", "file", "root:x:0:0:root:/root:/bin/bash\n", 0o644),
        ("lib", "symlink", "usr/lib", 0o777),
        ("usr", "dir", None, 0o755),
        ("usr/bin", "dir", None, 0o755),
        ("usr/bin/passwd", "file", b"\x7fELF-passwd", 0o4755),
        ("usr/bin/sh", "file", b"\x7fELF-dash", 0o755),
        ("usr/lib", "dir", None, 0o755),
        ("usr/lib/os-release", "hardlink", "etc/os-release", 0o644),
        ("var", "dir", None, 0o755),
        ("var/lib", "dir", None, 0o755),
        ("var/lib/dpkg", "dir", None, 0o755),
        ("var/lib/dpkg/status", "file", status, 0o644),
        ("tmp", "dir", None, 0o1777),
    ]


def venv_layer():
    entries = [("opt", "dir", None, 0o755), ("opt/venv", "dir", None, 0o755),
               ("opt/venv/bin", "dir", None, 0o755),
               ("opt/venv/bin/python", "symlink", "/usr/bin/python3", 0o777),
               ("opt/venv/lib", "dir", None, 0o755), ("opt/venv/lib/python3.11", "dir", None, 0o755),
               ("opt/venv/lib/python3.11/site-packages", "dir", None, 0o755)]
    for name, version in [("requests", "2.32.3"), ("urllib3", "2.2.2"), ("idna", "3.7"), ("oldpkg", "1.0")]:
        base = f"opt/venv/lib/python3.11/site-packages"
        entries += [
            (f"{base}/{name}", "dir", None, 0o755),
            (f"{base}/{name}/__init__.py", "file", f"__version__ = '{version}'\n", 0o644),
            (f"{base}/{name}-{version}.dist-info", "dir", None, 0o755),
            (f"{base}/{name}-{version}.dist-info/METADATA", "file",
             f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n", 0o644),
        ]
    return entries


def app_layer():
    return [("app", "dir", None, 0o755),
            ("app/main.py", "file", "print('hello from the gateway')\n", 0o644),
            ("app/cache", "dir", None, 0o755),
            ("app/cache/stale.bin", "file", b"stale" * 100, 0o644),
            ("app/cache/old", "dir", None, 0o755),
            ("app/cache/old/item", "file", "old\n", 0o644)]


def cleanup_layer():
    site = "opt/venv/lib/python3.11/site-packages"
    return [(f"{site}/.wh.oldpkg", "file", b"", 0o644),
            (f"{site}/.wh.oldpkg-1.0.dist-info", "file", b"", 0o644),
            ("app/cache", "dir", None, 0o755),
            ("app/cache/.wh..wh..opq", "file", b"", 0o644),
            ("app/cache/fresh.txt", "file", "fresh\n", 0o644),
            ("etc/.wh.passwd", "file", b"", 0o644)]


LAYERS = [("base", base_layer), ("venv", venv_layer), ("app", app_layer), ("cleanup", cleanup_layer)]


def compress(raw, compression):
    if compression == "gzip":
        return gzip.compress(raw, compresslevel=6, mtime=0)
    if compression == "zstd":
        return subprocess.run(["zstd", "-q", "-3", "-c"], input=raw, stdout=subprocess.PIPE, check=True).stdout
    return raw


# ---------------------------------------------------------------- images

class Image:
    """An OCI image under construction: blobs plus the documents that reference them."""

    def __init__(self, platform=PLATFORM_AMD64, compression="gzip", layer_type=None, manifest_type=OCI_MANIFEST,
                 config_type=OCI_CONFIG, layers=None):
        self.blobs = {}
        self.platform = dict(platform)
        raws = [tar_bytes(make()) for _, make in (layers or LAYERS)]
        self.layer_raws = raws
        if layer_type is None:
            layer_type = {"gzip": OCI_LAYER_GZIP, "zstd": OCI_LAYER_ZSTD, "none": OCI_LAYER}[compression]
        self.layers = []
        for raw in raws:
            blob = compress(raw, compression)
            self.layers.append({"mediaType": layer_type, "digest": self.add(blob), "size": len(blob)})
        self.config = {
            "architecture": platform["architecture"], "os": platform["os"],
            "created": "2026-01-02T03:04:05Z",
            "config": {"Env": ["PATH=/opt/venv/bin:/usr/bin"], "Cmd": ["python", "/app/main.py"]},
            "rootfs": {"type": "layers", "diff_ids": [sha256(raw) for raw in raws]},
            "history": [{"created": "2026-01-02T03:04:05Z", "created_by": f"fixture layer {name}"}
                        for name, _ in (layers or LAYERS)],
        }
        if "variant" in platform:
            self.config["variant"] = platform["variant"]
        self.manifest_type = manifest_type
        self.config_type = config_type

    def add(self, data):
        digest = sha256(data)
        self.blobs[digest] = data
        return digest

    def build(self, config_bytes=None, manifest_bytes=None):
        """Adds config and manifest blobs; returns the manifest descriptor."""
        config = config_bytes if config_bytes is not None else dumps(self.config)
        self.config_descriptor = {"mediaType": self.config_type, "digest": self.add(config), "size": len(config)}
        manifest = {"schemaVersion": 2, "mediaType": self.manifest_type, "config": self.config_descriptor,
                    "layers": self.layers}
        data = manifest_bytes if manifest_bytes is not None else dumps(manifest)
        return {"mediaType": self.manifest_type, "digest": self.add(data), "size": len(data)}


def index_document(manifests):
    return dumps({"schemaVersion": 2, "mediaType": OCI_INDEX, "manifests": manifests})


def write_layout(directory, blobs, index_bytes, extra_files=None):
    if os.path.exists(directory):
        shutil.rmtree(directory)
    os.makedirs(os.path.join(directory, "blobs", "sha256"))
    with open(os.path.join(directory, "oci-layout"), "wb") as f:
        f.write(dumps({"imageLayoutVersion": "1.0.0"}))
    with open(os.path.join(directory, "index.json"), "wb") as f:
        f.write(index_bytes)
    for digest, data in sorted(blobs.items()):
        algorithm, hexpart = digest.split(":", 1)
        os.makedirs(os.path.join(directory, "blobs", algorithm), exist_ok=True)
        with open(os.path.join(directory, "blobs", algorithm, hexpart), "wb") as f:
            f.write(data)
    for name, data in (extra_files or {}).items():
        with open(os.path.join(directory, name), "wb") as f:
            f.write(data)


def tar_directory(directory, output):
    """Packs a directory as a tar with sorted names, uid 0 and fixed mtimes (like `tar --sort=name`)."""
    with tarfile.open(output, "w", format=tarfile.PAX_FORMAT) as archive:
        for root, dirs, files in os.walk(directory):
            dirs.sort()
            for name in sorted(dirs) + sorted(files):
                path = os.path.join(root, name)
                info = archive.gettarinfo(path, os.path.relpath(path, directory))
                info.mtime, info.uid, info.gid, info.uname, info.gname = MTIME, 0, 0, "", ""
                if info.isreg():
                    with open(path, "rb") as f:
                        archive.addfile(info, f)
                else:
                    archive.addfile(info)


def write_members(output, members):
    """A tar from (name, kind, payload) members; kind file or symlink."""
    with tarfile.open(output, "w", format=tarfile.PAX_FORMAT) as archive:
        for name, kind, payload in members:
            info = tarfile.TarInfo(name)
            info.mtime = MTIME
            if kind == "symlink":
                info.type = tarfile.SYMTYPE
                info.linkname = payload
                archive.addfile(info)
            elif kind == "dir":
                info.type = tarfile.DIRTYPE
                info.mode = 0o755
                archive.addfile(info)
            else:
                info.size = len(payload)
                info.mode = 0o644
                archive.addfile(info, io.BytesIO(payload))


def layout_image(out, name, image, descriptor=None, annotations=None, index_bytes=None):
    descriptor = descriptor or image.build()
    entry = dict(descriptor)
    entry["annotations"] = annotations or {"org.opencontainers.image.ref.name": "latest"}
    write_layout(os.path.join(out, name), image.blobs, index_bytes or index_document([entry]))
    return entry


def docker_legacy(out, name, raws, config, repo_tag="example/gateway:1.0", duplicate_link=False, extra=None):
    """Docker <= 24 `docker save`: <id>/layer.tar, <id>/json, <id>/VERSION, <config>.json, manifest.json, repositories."""
    config_bytes = dumps(config)
    config_name = hashlib.sha256(config_bytes).hexdigest() + ".json"
    members = [(config_name, "file", config_bytes)]
    layer_paths = []
    parent = ""
    seen = {}
    for raw in raws:
        layer_id = hashlib.sha256((parent + sha256(raw)).encode()).hexdigest()
        members.append((layer_id, "dir", None))
        members.append((f"{layer_id}/VERSION", "file", b"1.0"))
        members.append((f"{layer_id}/json", "file", dumps({"id": layer_id, "parent": parent} if parent else {"id": layer_id})))
        digest = sha256(raw)
        if digest in seen and duplicate_link:
            members.append((f"{layer_id}/layer.tar", "symlink", f"../{seen[digest]}/layer.tar"))
        else:
            members.append((f"{layer_id}/layer.tar", "file", raw))
            seen[digest] = layer_id
        layer_paths.append(f"{layer_id}/layer.tar")
        parent = layer_id
    repository, tag = repo_tag.rsplit(":", 1)
    manifest = [{"Config": config_name, "RepoTags": [repo_tag], "Layers": layer_paths}]
    members.append(("manifest.json", "file", dumps(manifest)))
    members.append(("repositories", "file", dumps({repository: {tag: parent}})))
    for member in extra or []:
        members.append(member)
    write_members(os.path.join(out, name), members)


def containerd_name(repo_tag):
    """The fully qualified name Docker 25 writes to io.containerd.image.name: a name that does not start with
    a registry (a component with '.' or ':', or localhost) is on docker.io, under library/ when it has one
    component."""
    first = repo_tag.split("/", 1)[0]
    if "/" in repo_tag and ("." in first or ":" in first or first == "localhost"):
        return repo_tag
    return "docker.io/" + ("" if "/" in repo_tag else "library/") + repo_tag


def docker25(out, name, image, repo_tag="example/gateway:1.0", manifest_json=None, index_tags=True):
    """Docker 25+ `docker save`: an OCI layout with uncompressed layers named by diff_id, plus manifest.json.
    Without index_tags the tag is only in manifest.json's RepoTags."""
    descriptor = image.build()
    staging = os.path.join(out, name + ".d")
    entry = dict(descriptor)
    if index_tags:
        entry["annotations"] = {"io.containerd.image.name": containerd_name(repo_tag),
                                "org.opencontainers.image.ref.name": repo_tag.rsplit(":", 1)[1]}
    legacy = manifest_json if manifest_json is not None else [{
        "Config": "blobs/" + image.config_descriptor["digest"].replace(":", "/"),
        "RepoTags": [repo_tag],
        "Layers": ["blobs/" + layer["digest"].replace(":", "/") for layer in image.layers],
    }]
    write_layout(staging, image.blobs, index_document([entry]),
                 {"manifest.json": dumps(legacy), "repositories": dumps({repo_tag.rsplit(":", 1)[0]: {"1.0": descriptor["digest"].split(":")[1]}})})
    tar_directory(staging, os.path.join(out, name))
    shutil.rmtree(staging)


def multi_arch(out):
    """A multi-platform index (amd64, arm64/v8, plus a BuildKit attestation manifest), as a layout and
    as a containerd export whose arm64 blobs are absent; and a nested index."""
    amd = Image(PLATFORM_AMD64)
    arm = Image(PLATFORM_ARM64)
    amd_desc = dict(amd.build(), platform=PLATFORM_AMD64)
    arm_desc = dict(arm.build(), platform=PLATFORM_ARM64)
    attestation = dumps({"schemaVersion": 2, "mediaType": OCI_MANIFEST,
                         "config": {"mediaType": "application/vnd.oci.image.config.v1+json", "digest": amd.add(b"{}"), "size": 2},
                         "layers": []})
    att_desc = {"mediaType": OCI_MANIFEST, "digest": amd.add(attestation), "size": len(attestation),
                "platform": {"os": "unknown", "architecture": "unknown"},
                "annotations": {"vnd.docker.reference.type": "attestation-manifest", "vnd.docker.reference.digest": amd_desc["digest"]}}
    inner = index_document([arm_desc, att_desc, amd_desc])
    blobs = dict(amd.blobs)
    blobs.update(arm.blobs)
    inner_desc = {"mediaType": OCI_INDEX, "digest": sha256(inner), "size": len(inner),
                  "annotations": {"org.opencontainers.image.ref.name": "multi"}}
    blobs[inner_desc["digest"]] = inner
    write_layout(os.path.join(out, "multi-arch"), blobs, index_document([inner_desc]))

    # containerd export: index with both platforms; only amd64 blobs present.
    partial = dict(amd.blobs)
    partial[inner_desc["digest"]] = inner
    write_layout(os.path.join(out, "containerd.d"), partial, index_document([dict(inner_desc, annotations={"io.containerd.image.name": "docker.io/example/multi:1.0"})]),
                 {"manifest.json": dumps([{"Config": "blobs/" + amd.config_descriptor["digest"].replace(":", "/"),
                                           "RepoTags": ["example/multi:1.0"],
                                           "Layers": ["blobs/" + l["digest"].replace(":", "/") for l in amd.layers]}])})
    tar_directory(os.path.join(out, "containerd.d"), os.path.join(out, "containerd-export.tar"))
    shutil.rmtree(os.path.join(out, "containerd.d"))

    # Nested: index -> index -> index -> manifests.
    middle = index_document([inner_desc])
    middle_desc = {"mediaType": OCI_INDEX, "digest": sha256(middle), "size": len(middle)}
    nested = dict(blobs)
    nested[middle_desc["digest"]] = middle
    write_layout(os.path.join(out, "nested-index"), nested, index_document([middle_desc]))
    return blobs, inner_desc


# ---------------------------------------------------------------- bad inputs

def bad_variants(out):
    bad = os.path.join(out, "bad")
    os.makedirs(bad, exist_ok=True)

    def fresh(**kwargs):
        return Image(**kwargs)

    def layout_with_manifest(name, image, mutate_manifest=None, mutate_config=None, mutate_blobs=None, raw_manifest=None):
        if mutate_config:
            mutate_config(image.config)
        config = dumps(image.config)
        image.config_descriptor = {"mediaType": image.config_type, "digest": image.add(config), "size": len(config)}
        manifest = {"schemaVersion": 2, "mediaType": image.manifest_type, "config": image.config_descriptor, "layers": image.layers}
        if mutate_manifest:
            mutate_manifest(manifest)
        data = raw_manifest if raw_manifest is not None else dumps(manifest)
        descriptor = {"mediaType": image.manifest_type, "digest": image.add(data), "size": len(data)}
        if mutate_blobs:
            mutate_blobs(image.blobs, image)
        layout_image(bad, name, image, descriptor=descriptor)
        return descriptor

    # Blob contents broken after the documents were written.
    def truncate_layer(blobs, image):
        digest = image.layers[1]["digest"]
        blobs[digest] = blobs[digest][: len(blobs[digest]) // 2]
    layout_with_manifest("truncated-blob", fresh(), mutate_blobs=truncate_layer)

    def flip_bit(blobs, image):
        digest = image.layers[1]["digest"]
        data = bytearray(blobs[digest])
        data[len(data) // 2] ^= 0x10
        blobs[digest] = bytes(data)
    layout_with_manifest("flipped-bit", fresh(), mutate_blobs=flip_bit)

    def remove_layer(blobs, image):
        del blobs[image.layers[2]["digest"]]
    layout_with_manifest("missing-blob", fresh(), mutate_blobs=remove_layer)

    def size(delta):
        def mutate(manifest):
            manifest["layers"][0] = dict(manifest["layers"][0], size=manifest["layers"][0]["size"] + delta)
        return mutate
    layout_with_manifest("size-larger", fresh(), mutate_manifest=size(+10))
    layout_with_manifest("size-smaller", fresh(), mutate_manifest=size(-10))
    layout_with_manifest("size-negative", fresh(), mutate_manifest=lambda m: m["layers"][0].update(size=-1))

    layout_with_manifest("diffid-mismatch", fresh(), mutate_config=lambda c: c["rootfs"]["diff_ids"].__setitem__(1, sha256(b"not the layer")))
    layout_with_manifest("diffid-count", fresh(), mutate_config=lambda c: c["rootfs"]["diff_ids"].pop())
    def swap(config):
        ids = config["rootfs"]["diff_ids"]
        ids[0], ids[1] = ids[1], ids[0]
    layout_with_manifest("diffid-order", fresh(), mutate_config=swap)

    def config_tamper(blobs, image):
        digest = image.config_descriptor["digest"]
        blobs[digest] = blobs[digest].replace(b'"amd64"', b'"AMD64"')
    layout_with_manifest("config-digest-mismatch", fresh(), mutate_blobs=config_tamper)

    image = fresh()
    descriptor = image.build()
    data = image.blobs[descriptor["digest"]]
    image.blobs[descriptor["digest"]] = data.replace(b'"schemaVersion":2', b'"schemaVersion":2 ')
    layout_image(bad, "manifest-digest-mismatch", image, descriptor=descriptor)

    layout_with_manifest("malformed-digest", fresh(), mutate_manifest=lambda m: m["layers"][0].update(digest="sha256:XYZ"))
    layout_with_manifest("unknown-algorithm", fresh(), mutate_manifest=lambda m: m["layers"][0].update(digest="md5:" + "0" * 32))
    layout_with_manifest("digest-traversal", fresh(), mutate_manifest=lambda m: m["layers"][0].update(digest="sha256:../../../../etc/passwd"))

    image = fresh()
    layout_image(bad, "blob-symlink", image)
    victim = os.path.join(bad, "blob-symlink", "blobs", "sha256", image.layers[0]["digest"].split(":")[1])
    with open(os.path.join(bad, "blob-symlink", "outside-layer"), "wb") as f:
        f.write(open(victim, "rb").read())
    os.remove(victim)
    os.symlink("../../outside-layer", victim)

    layout_with_manifest("invalid-json", fresh(), raw_manifest=b'{"schemaVersion": 2, "layers": [')
    image = fresh()
    image.build()
    duplicate = ('{"schemaVersion":2,"mediaType":"%s","config":%s,"layers":%s,"layers":[]}'
                 % (OCI_MANIFEST, json.dumps(image.config_descriptor), json.dumps(image.layers))).encode()
    layout_with_manifest("duplicate-key", fresh(), raw_manifest=duplicate)

    def bad_crc(blobs, image):
        # Break the gzip CRC-32 trailer of layer 0, then rewrite the descriptor and diff_id digests
        # so only the CRC is wrong.
        pass
    image = fresh()
    raw0 = image.layer_raws[0]
    broken = bytearray(gzip.compress(raw0, mtime=0))
    broken[-8] ^= 0xff
    broken = bytes(broken)
    del image.blobs[image.layers[0]["digest"]]
    image.layers[0] = dict(image.layers[0], digest=image.add(broken), size=len(broken))
    layout_image(bad, "gzip-bad-crc", image)

    image = fresh()
    garbage = gzip.compress(image.layer_raws[0], mtime=0) + b"GARBAGE!"
    del image.blobs[image.layers[0]["digest"]]
    image.layers[0] = dict(image.layers[0], digest=image.add(garbage), size=len(garbage))
    layout_image(bad, "gzip-trailing-garbage", image)

    # Bombs: 64 MiB of zeros in one file; the tests lower no limit, the ratio limit (250) catches them.
    bomb_raw = tar_bytes([("zeros", "file", b"\0" * (64 << 20), 0o644)])
    for compression, layer_type in [("gzip", OCI_LAYER_GZIP), ("zstd", OCI_LAYER_ZSTD)]:
        image = fresh(layers=[("bomb", lambda: [])])
        blob = compress(bomb_raw, compression)
        image.blobs.clear()
        image.layers = [{"mediaType": layer_type, "digest": image.add(blob), "size": len(blob)}]
        image.config["rootfs"]["diff_ids"] = [sha256(bomb_raw)]
        layout_image(bad, f"{compression}-bomb", image)

    # Tar entries that must never be followed.
    def single_layer(name, entries, fmt=tarfile.PAX_FORMAT, compression="gzip"):
        image = fresh(layers=[("evil", lambda: [])], compression=compression)
        raw = tar_bytes(entries, fmt=fmt)
        blob = compress(raw, compression)
        image.blobs.clear()
        image.layers = [{"mediaType": image.layers[0]["mediaType"], "digest": image.add(blob), "size": len(blob)}]
        image.config["rootfs"]["diff_ids"] = [sha256(raw)]
        layout_image(bad, name, image)
        return image, raw

    single_layer("tar-traversal", [("etc", "dir", None, 0o755), ("../../etc/cron.d/evil", "file", "* * * * * root sh\n", 0o644)])
    single_layer("tar-absolute", [("/etc/passwd", "file", "evil::0:0::/:/bin/sh\n", 0o644)])
    single_layer("tar-pax-longname-traversal", [("a/" * 60 + "../" * 70 + "etc/evil", "file", "x", 0o644)], fmt=tarfile.PAX_FORMAT)
    single_layer("tar-gnu-longname-traversal", [("b/" * 60 + "../" * 70 + "etc/evil", "file", "x", 0o644)], fmt=tarfile.GNU_FORMAT)
    single_layer("tar-symlink-escape", [("etc", "dir", None, 0o755), ("etc/shadow", "symlink", "../../../../etc/shadow", 0o777)])
    single_layer("tar-hardlink-escape", [("etc", "dir", None, 0o755), ("etc/shadow", "hardlink", "../../etc/shadow", 0o644)])
    single_layer("tar-hardlink-missing", [("etc", "dir", None, 0o755), ("etc/shadow", "hardlink", "etc/nothing-here", 0o644)])
    single_layer("whiteout-empty-name", [("etc", "dir", None, 0o755), ("etc/.wh.", "file", b"", 0o644)])
    single_layer("whiteout-dotdot", [("etc", "dir", None, 0o755), ("etc/.wh...", "file", b"", 0o644)])

    # zstd bytes under a gzip media type.
    image = fresh(compression="zstd", layer_type=OCI_LAYER_GZIP)
    layout_image(bad, "compression-mismatch", image)

    # A manifest whose bytes were replaced by something that is not JSON: a digest mismatch first.
    image = fresh()
    descriptor = image.build()
    image.blobs[descriptor["digest"]] = b"{ not a manifest"
    layout_image(bad, "manifest-tampered-unparseable", image, descriptor=descriptor)

    # Documents Vouch must refuse.
    layout_with_manifest("unknown-media-type", fresh(), mutate_manifest=lambda m: m["layers"][0].update(mediaType="application/x-mystery"))
    image = fresh()
    empty = b"{}"
    image.blobs.clear()
    artifact = dumps({"schemaVersion": 2, "mediaType": OCI_MANIFEST, "artifactType": "application/vnd.example.sbom",
                      "config": {"mediaType": "application/vnd.oci.empty.v1+json", "digest": image.add(empty), "size": 2},
                      "layers": [{"mediaType": "application/spdx+json", "digest": image.add(b'{"spdxVersion":"SPDX-2.3"}'), "size": 26}]})
    descriptor = {"mediaType": OCI_MANIFEST, "digest": image.add(artifact), "size": len(artifact)}
    layout_image(bad, "artifact-not-image", image, descriptor=descriptor)

    image = fresh()
    image.blobs.clear()
    schema1 = dumps({"schemaVersion": 1, "name": "example/old", "tag": "1", "architecture": "amd64", "fsLayers": [], "history": []})
    descriptor = {"mediaType": "application/vnd.docker.distribution.manifest.v1+prettyjws", "digest": image.add(schema1), "size": len(schema1)}
    layout_image(bad, "schema1", image, descriptor=descriptor)

    arm = fresh(platform=PLATFORM_ARM64)
    arm_desc = dict(arm.build(), platform=PLATFORM_ARM64)
    inner = index_document([arm_desc])
    arm.blobs[sha256(inner)] = inner
    write_layout(os.path.join(bad, "no-matching-platform"), arm.blobs,
                 index_document([{"mediaType": OCI_INDEX, "digest": sha256(inner), "size": len(inner)}]))

    image = fresh()
    current = dict(image.build(), platform=PLATFORM_AMD64)
    for _ in range(12):
        document = index_document([current])
        current = {"mediaType": OCI_INDEX, "digest": image.add(document), "size": len(document)}
    write_layout(os.path.join(bad, "deep-index"), image.blobs, index_document([current]))

    # docker-archive variants.
    good = fresh()
    raws = good.layer_raws
    docker_legacy(bad, "docker-legacy-diffid-mismatch.tar", raws,
                  dict(good.config, rootfs={"type": "layers", "diff_ids": [sha256(b"wrong")] + good.config["rootfs"]["diff_ids"][1:]}))
    flipped = list(raws)
    data = bytearray(flipped[1])
    data[700] ^= 0x01
    flipped[1] = bytes(data)
    config = copy.deepcopy(good.config)
    docker_legacy(bad, "docker-legacy-flipped-bit.tar", flipped, config)
    docker_legacy(bad, "docker-legacy-link-escape.tar", raws[:1], dict(good.config, rootfs={"type": "layers", "diff_ids": good.config["rootfs"]["diff_ids"][:1]}),
                  extra=[])
    # Rewrite the link escape variant: its layer.tar is a symlink leaving the archive.
    path = os.path.join(bad, "docker-legacy-link-escape.tar")
    with tarfile.open(path) as archive:
        members = [(m.name, "dir" if m.isdir() else "file", archive.extractfile(m).read() if m.isfile() else None) for m in archive.getmembers()]
    members = [(n, "symlink", "../../../etc/passwd") if n.endswith("layer.tar") else (n, k, p) for n, k, p in members]
    write_members(path, members)

    docker25_bad = fresh(compression="none")
    docker25(bad, "docker25-manifest-json-disagrees.tar", docker25_bad,
             manifest_json=[{"Config": "blobs/" + "sha256/" + "0" * 64, "RepoTags": ["x:1"], "Layers": []}])
    # The line above points Config elsewhere; make one that names the right config but other layers.
    d = fresh(compression="none")
    descriptor = d.build()
    d.blobs.clear()
    d = fresh(compression="none")
    d.build()
    docker25(bad, "docker25-manifest-json-disagrees.tar", d, manifest_json=[{
        "Config": "blobs/" + d.config_descriptor["digest"].replace(":", "/"), "RepoTags": ["example/gateway:1.0"],
        "Layers": ["blobs/" + l["digest"].replace(":", "/") for l in reversed(d.layers)]}])


def odd_variants(out):
    odd = os.path.join(out, "odd")
    os.makedirs(odd, exist_ok=True)
    # Multi-member gzip: each half of the tar compressed as its own member.
    image = Image(layers=[("base", base_layer)])
    raw = image.layer_raws[0]
    half = len(raw) // 2
    blob = gzip.compress(raw[:half], mtime=0) + gzip.compress(raw[half:], mtime=0)
    image.blobs.clear()
    image.layers = [{"mediaType": OCI_LAYER_GZIP, "digest": image.add(blob), "size": len(blob)}]
    layout_image(odd, "multi-member-gzip", image)

    # A tar without the two end-of-archive blocks.
    image = Image(layers=[("base", base_layer)], compression="none")
    raw = tar_bytes(base_layer(), end_blocks=False)
    image.blobs.clear()
    image.layers = [{"mediaType": OCI_LAYER, "digest": image.add(raw), "size": len(raw)}]
    image.config["rootfs"]["diff_ids"] = [sha256(raw)]
    layout_image(odd, "no-end-blocks", image)

    # Docker media types inside an OCI layout (what `docker buildx --output type=oci` may write).
    image = Image(layer_type=DOCKER_LAYER_GZIP, manifest_type=DOCKER_MANIFEST, config_type=DOCKER_CONFIG)
    layout_image(odd, "docker-media-types", image)

    # A docker-save whose duplicate layer is a layer.tar symlink.
    image = Image(layers=[("base", base_layer), ("app", app_layer), ("base", base_layer)])
    docker_legacy(odd, "docker-legacy-layer-symlink.tar", image.layer_raws, image.config, duplicate_link=True)

    # A layer writing through a lower layer's symlinked directory (merged /usr: lib -> usr/lib).
    image = Image(layers=[("base", base_layer), ("through-link", lambda: [("lib/extra.so", "file", b"\x7fELF-extra", 0o755)])])
    layout_image(odd, "symlinked-parent", image)

    # A non-distributable (foreign) layer that the layout does not hold, as registries may not serve it.
    image = Image()
    foreign = image.layers[0]
    del image.blobs[foreign["digest"]]
    image.layers[0] = dict(foreign, mediaType="application/vnd.oci.image.layer.nondistributable.v1.tar+gzip",
                           urls=["https://example.invalid/base.tar.gz"])
    layout_image(odd, "foreign-layer-absent", image)

    # aufs hard-link metadata (`.wh..wh.plnk`): reported, not applied.
    image = Image(layers=[("base", base_layer), ("aufs", lambda: [(".wh..wh.plnk", "dir", None, 0o700), (".wh..wh.plnk/123.456", "file", "x", 0o644)])])
    layout_image(odd, "aufs-metadata", image)

    # A zero-byte uncompressed layer: an empty tar stream, which Go's archive/tar reads as no entries.
    image = Image(layers=[("base", base_layer)])
    empty = b""
    image.layers.append({"mediaType": OCI_LAYER, "digest": image.add(empty), "size": 0})
    image.config["rootfs"]["diff_ids"].append(sha256(empty))
    layout_image(odd, "empty-layer", image)

    # Opaque whiteout at the root: only the upper layer's files remain.
    image = Image(layers=[("base", base_layer), ("root-opaque", lambda: [(".wh..wh..opq", "file", b"", 0o644), ("only", "file", "only\n", 0o644)])])
    layout_image(odd, "root-opaque", image)


def many_entries(count, output):
    """A docker-save legacy tar whose single layer has `count` empty files."""
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w", format=tarfile.USTAR_FORMAT) as archive:
        for index in range(count):
            info = tarfile.TarInfo(f"d{index // 1000}/f{index}")
            info.mtime = MTIME
            archive.addfile(info, io.BytesIO(b""))
    raw = buffer.getvalue()
    config = {"architecture": "amd64", "os": "linux", "rootfs": {"type": "layers", "diff_ids": [sha256(raw)]}}
    docker_legacy(os.path.dirname(output) or ".", os.path.basename(output), [raw], config)


def main():
    if len(sys.argv) == 4 and sys.argv[1] == "--many-entries":
        many_entries(int(sys.argv[2]), sys.argv[3])
        return
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(os.path.abspath(__file__)), "generated")
    os.makedirs(out, exist_ok=True)

    gateway = Image()
    entry = layout_image(out, "oci-layout", gateway)
    tar_directory(os.path.join(out, "oci-layout"), os.path.join(out, "oci-archive.tar"))

    layout_image(out, "zstd-layout", Image(compression="zstd"))
    docker_legacy(out, "docker-legacy.tar", gateway.layer_raws, gateway.config)
    docker25(out, "docker25.tar", Image(compression="none"))

    # Two tagged images in one layout.
    first = Image()
    second = Image(layers=LAYERS[:2])
    d1 = dict(first.build(), annotations={"org.opencontainers.image.ref.name": "full"})
    d2 = dict(second.build(), annotations={"org.opencontainers.image.ref.name": "slim"})
    blobs = dict(first.blobs)
    blobs.update(second.blobs)
    write_layout(os.path.join(out, "two-tags"), blobs, index_document([d1, d2]))

    # Selection (issue 11): a tag holding ':', a Docker 25 archive tagged only in manifest.json, an
    # index.json entry of an unknown media type, and two untagged images (one with a tampered config).
    layout_image(out, "colon-tag", Image(), annotations={"org.opencontainers.image.ref.name": "gw:1.0"})
    tar_directory(os.path.join(out, "colon-tag"), os.path.join(out, "colon-tag.tar"))
    docker25(out, "docker25-manifest-tags.tar", Image(compression="none"), repo_tag="gw:1.0", index_tags=False)
    image = Image()
    entry = dict(image.build(), annotations={"org.opencontainers.image.ref.name": "latest"})
    xml = b"<note>not an image</note>"
    blobs = dict(image.blobs)
    blobs[sha256(xml)] = xml
    write_layout(os.path.join(out, "unknown-index-entry"), blobs,
                 index_document([entry, {"mediaType": "application/xml", "digest": sha256(xml), "size": len(xml)}]))
    first = Image()
    second = Image(layers=LAYERS[:2])
    d1, d2 = first.build(), second.build()
    blobs = dict(first.blobs)
    blobs.update(second.blobs)
    write_layout(os.path.join(out, "two-untagged"), blobs, index_document([d1, d2]))
    tampered = dict(blobs)
    config = second.config_descriptor["digest"]
    tampered[config] = tampered[config] + b" "
    write_layout(os.path.join(out, "two-untagged-one-tampered"), tampered, index_document([d1, d2]))

    multi_arch(out)
    bad_variants(out)
    odd_variants(out)


if __name__ == "__main__":
    main()

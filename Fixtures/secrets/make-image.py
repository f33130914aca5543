#!/usr/bin/env python3
"""Writes an OCI image layout at OUT with two layers, and OUT.expected.json with the findings a
secret scan of every layer must report:
  layer 0 (tar+gzip): /app/config.env holds a GitHub token at line 2
  layer 1 (tar):      deletes it (/app/.wh.config.env) and adds /srv/deploy.sh with a GitLab token at line 3,
                      and a wheel /app/lib/demo-1.0-py3-none-any.whl whose demo/settings.py holds a Slack token
A scan of the squashed filesystem would miss the first secret; a layer scan must not. Deterministic."""
import gzip
import hashlib
import io
import json
import os
import random
import sys
import tarfile
import zipfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from secretgen import plant  # noqa: E402

out = sys.argv[1]
rng = random.Random(31)
_, github_text, github_secret = plant(rng, "github-pat")
_, gitlab_text, gitlab_secret = plant(rng, "gitlab-pat")
_, slack_text, slack_secret = plant(rng, "slack-bot-token")


def wheel():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in (("demo/__init__.py", b""), ("demo/settings.py", f"DEBUG = False\n{slack_text}\n".encode()),
                           ("demo-1.0.dist-info/METADATA", b"Metadata-Version: 2.1\nName: demo\nVersion: 1.0\n")):
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            archive.writestr(info, data, zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


def tar_of(files):
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w", format=tarfile.PAX_FORMAT) as archive:
        for path, data in files:
            info = tarfile.TarInfo(path)
            info.size, info.mtime, info.mode, info.uid, info.gid = len(data), 0, 0o644, 0, 0
            archive.addfile(info, io.BytesIO(data))
    return buffer.getvalue()


def blob(data):
    digest = hashlib.sha256(data).hexdigest()
    os.makedirs(os.path.join(out, "blobs", "sha256"), exist_ok=True)
    with open(os.path.join(out, "blobs", "sha256", digest), "wb") as handle:
        handle.write(data)
    return "sha256:" + digest


layer0 = tar_of([("app/config.env", f"# app settings\n{github_text}\nport = 8080\n".encode()),
                 ("app/readme.txt", b"nothing secret here\n")])
layer1 = tar_of([("app/.wh.config.env", b""),
                 ("srv/deploy.sh", f"#!/bin/sh\nset -e\n{gitlab_text}\n".encode()),
                 ("app/lib/demo-1.0-py3-none-any.whl", wheel())])
compressed0 = gzip.compress(layer0, mtime=0)
config = json.dumps({"architecture": "amd64", "os": "linux", "config": {},
                     "rootfs": {"type": "layers", "diff_ids": ["sha256:" + hashlib.sha256(layer0).hexdigest(),
                                                               "sha256:" + hashlib.sha256(layer1).hexdigest()]}},
                    sort_keys=True).encode()
manifest = json.dumps({
    "schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json",
    "config": {"mediaType": "application/vnd.oci.image.config.v1+json", "digest": blob(config), "size": len(config)},
    "layers": [
        {"mediaType": "application/vnd.oci.image.layer.v1.tar+gzip", "digest": blob(compressed0), "size": len(compressed0)},
        {"mediaType": "application/vnd.oci.image.layer.v1.tar", "digest": blob(layer1), "size": len(layer1)},
    ]}, sort_keys=True).encode()
index = {"schemaVersion": 2, "mediaType": "application/vnd.oci.image.index.v1+json",
         "manifests": [{"mediaType": "application/vnd.oci.image.manifest.v1+json", "digest": blob(manifest),
                        "size": len(manifest), "annotations": {"org.opencontainers.image.ref.name": "latest"}}]}
with open(os.path.join(out, "index.json"), "w") as handle:
    json.dump(index, handle, sort_keys=True)
with open(os.path.join(out, "oci-layout"), "w") as handle:
    json.dump({"imageLayoutVersion": "1.0.0"}, handle)
with open(out.rstrip("/") + ".expected.json", "w") as handle:
    json.dump([{"ruleID": "github-pat", "layer": 0, "file": "/app/config.env", "line": 2, "secret": github_secret},
               {"ruleID": "gitlab-pat", "layer": 1, "file": "/srv/deploy.sh", "line": 3, "secret": gitlab_secret},
               {"ruleID": "slack-bot-token", "layer": 1, "file": "/app/lib/demo-1.0-py3-none-any.whl!demo/settings.py", "line": 2,
                "secret": slack_secret}], handle, indent=1)

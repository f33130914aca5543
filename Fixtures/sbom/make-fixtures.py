#!/usr/bin/env python3
"""Writes the small committed SBOM fixtures, one distribution per edge case of issue 4.

    python3 Fixtures/sbom/make-fixtures.py

edge-venv/      a venv (pyvenv.cfg, Python 3.11.7) whose site-packages holds every Python edge case
debian-root/    a root filesystem with dpkg's status, status.d/ and a DEP-5 copyright file
Each dist-info gets a correct RECORD (sha256, urlsafe base64, no padding) so verify-record passes on it.
"""
import base64, hashlib, json, pathlib, shutil

here = pathlib.Path(__file__).resolve().parent
venv = here / "edge-venv"
sp = venv / "lib/python3.11/site-packages"


def write(path, text, crlf=False):
    path.parent.mkdir(parents=True, exist_ok=True)
    data = text.replace("\n", "\r\n") if crlf else text
    path.write_bytes(data.encode("utf-8"))


def record(dist_info, files):
    """Writes RECORD for `files` (paths relative to site-packages) plus RECORD itself."""
    rows = []
    for rel in sorted(files):
        data = (sp / rel).read_bytes()
        digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
        rows.append(f"{rel},sha256={digest},{len(data)}")
    rows.append(f"{dist_info}/RECORD,,")
    write(sp / dist_info / "RECORD", "\n".join(rows) + "\n")


def dist(name, version, headers, body=None, extra_files=None, crlf=False, metadata_version="2.1", dir_name=None):
    dist_info = f"{dir_name or name}-{version}.dist-info"
    text = f"Metadata-Version: {metadata_version}\nName: {name}\nVersion: {version}\n" + "".join(f"{h}\n" for h in headers)
    if body is not None:
        text += "\n" + body
    write(sp / dist_info / "METADATA", text, crlf=crlf)
    write(sp / dist_info / "INSTALLER", "pip\n")
    files = [f"{dist_info}/METADATA", f"{dist_info}/INSTALLER"]
    for rel, content in (extra_files or {}).items():
        write(sp / rel, content)
        files.append(rel)
    record(dist_info, files)


shutil.rmtree(venv, ignore_errors=True)
write(venv / "pyvenv.cfg", "home = /usr/bin\ninclude-system-site-packages = false\nversion = 3.11.7\n")

# Metadata 1.0, egg-info directory form; License "BSD" is not an SPDX id -> LicenseRef.
write(sp / "oldstyle-0.9-py3.11.egg-info/PKG-INFO",
      "Metadata-Version: 1.0\nName: oldstyle\nVersion: 0.9\nSummary: An old egg\nLicense: BSD\n")
# Metadata 1.1, egg-info single-file form; License "MIT" is a valid SPDX id.
write(sp / "single_file-2.0-py3.11.egg-info",
      "Metadata-Version: 1.1\nName: single-file\nVersion: 2.0\nLicense: MIT\n"
      "Requires-Dist: compound (>=1.0)\n")
# Metadata 2.4: compound License-Expression with license files.
dist("compound", "1.0", ["License-Expression: mit or apache-2.0", "License-File: LICENSE-MIT", "License-File: LICENSE-APACHE"],
     metadata_version="2.4",
     extra_files={"compound-1.0.dist-info/licenses/LICENSE-MIT": "MIT text\n",
                  "compound-1.0.dist-info/licenses/LICENSE-APACHE": "Apache text\n",
                  "compound/__init__.py": ""})
# Classifier only: MIT maps unambiguously.
dist("classifier-only", "1.0", ["Classifier: License :: OSI Approved :: MIT License", "Classifier: Programming Language :: Python"],
     dir_name="classifier_only")
# The bare BSD classifier is ambiguous: kept as text, never BSD-3-Clause.
dist("bsd-classifier", "1.0", ["Classifier: License :: OSI Approved :: BSD License"], dir_name="bsd_classifier")
# Multi-line License text (setuptools folds it with 8 spaces).
dist("multiline", "1.0", ["License: Copyright (c) 2024 Example\n        \n        Permission is hereby granted, free of charge,\n        to any person obtaining a copy."])
# UNKNOWN license, no classifiers.
dist("unknown", "1.0", ["License: UNKNOWN", "Summary: UNKNOWN"])
# Non-normalized name.
dist("Non.Normalized_Name", "1.0", ["License: Apache-2.0", "Summary: Ünïcödé summary ✓"], metadata_version="2.5", dir_name="non_normalized_name")
# Editable install (PEP 660): .pth + finder, direct_url.json with dir_info.editable.
dist("editable-pkg", "0.1", ["License: MIT"], dir_name="editable_pkg",
     extra_files={"editable_pkg-0.1.dist-info/direct_url.json": json.dumps({"url": "file:///src/editable-pkg", "dir_info": {"editable": True}}),
                  "__editable__.editable_pkg-0.1.pth": "import __editable___editable_pkg_0_1_finder; __editable___editable_pkg_0_1_finder.install()\n",
                  "__editable___editable_pkg_0_1_finder.py": "def install():\n    pass\n"})
# Installed from a local directory (not editable).
dist("local-pkg", "0.2", ["License: MIT"], dir_name="local_pkg",
     extra_files={"local_pkg-0.2.dist-info/direct_url.json": json.dumps({"url": "file:///src/local-pkg", "dir_info": {}})})
# Vendored dist-info inside another package.
dist("bleach", "6.0.0", ["License: Apache-2.0", "Requires-Dist: six>=1.9.0"],
     extra_files={"bleach/__init__.py": "",
                  "bleach/_vendor/__init__.py": "",
                  "bleach/_vendor/html5lib-1.1.dist-info/METADATA": "Metadata-Version: 2.1\nName: html5lib\nVersion: 1.1\nLicense: MIT\n"})
# PEP 770 SBOM shipped in the dist-info.
dist("withsbom", "1.0", ["License: MIT"],
     extra_files={"withsbom-1.0.dist-info/sboms/bundled.cdx.json": json.dumps({
         "bomFormat": "CycloneDX", "specVersion": "1.6", "version": 1,
         "components": [
             {"type": "library", "name": "libfoo", "version": "2.3.1", "purl": "pkg:generic/libfoo@2.3.1",
              "licenses": [{"license": {"id": "Zlib"}}],
              "components": [{"type": "library", "name": "libbar", "version": "0.1", "purl": "pkg:generic/libbar@0.1"}]},
         ]}, indent=1)})
# CRLF METADATA with a description body.
dist("crlf-pkg", "1.0", ["License: ISC", "Description-Content-Type: text/plain"], body="Line one.\nLine two.\n", crlf=True,
     dir_name="crlf_pkg")
# Markers and extras.
dist("app", "1.0", [
    "License-Expression: MIT",
    "Requires-Dist: lib-a>=1.0",
    "Requires-Dist: lib_b[fast] (>=2.0)",
    'Requires-Dist: lib-c; python_version < "3.8"',
    'Requires-Dist: lib-d; extra == "test"',
    'Requires-Dist: lib-e; sys_platform == "linux" and python_full_version >= "3.9.1"',
    "Requires-Dist: missing-dep>=1",
    "Provides-Extra: test",
], metadata_version="2.4")
dist("lib-a", "0.5", ["License: MIT"], dir_name="lib_a")
dist("lib-b", "2.1", ["License: MIT", "Provides-Extra: fast", "Provides-Extra: slow",
                      'Requires-Dist: lib-f; extra == "fast"', 'Requires-Dist: lib-g; extra == "slow"'], dir_name="lib_b")
for n in ["c", "d", "e", "f", "g"]:
    dist(f"lib-{n}", "1.0", ["License: MIT"], dir_name=f"lib_{n}")
dist("six", "1.16.0", ["License: MIT"])

# Debian root filesystem.
root = here / "debian-root"
shutil.rmtree(root, ignore_errors=True)
write(root / "etc/os-release", 'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nID=debian\nVERSION_ID="12"\n')
write(root / "var/lib/dpkg/status", """Package: libc6
Status: install ok installed
Priority: optional
Architecture: amd64
Multi-Arch: same
Source: glibc
Version: 2.36-9+deb12u4
Maintainer: GNU Libc Maintainers <debian-glibc@lists.debian.org>
Description: GNU C Library: Shared libraries
 Contains the standard libraries that are used by nearly all programs on
 the system.

Package: zlib1g
Status: install ok installed
Architecture: amd64
Source: zlib (1:1.2.13.dfsg-1)
Version: 1:1.2.13.dfsg-1
Description: compression library - runtime

Package: oldpkg
Status: deinstall ok config-files
Architecture: all
Version: 1.0
Description: removed, only its configuration files remain
""")
write(root / "var/lib/dpkg/status.d/base-files", """Package: base-files
Version: 12.4+deb12u5
Architecture: amd64
Description: Debian base system miscellaneous files
""")
write(root / "usr/share/doc/zlib1g/copyright", """Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/
Upstream-Name: zlib

Files: *
Copyright: 1995-2022 Jean-loup Gailly and Mark Adler
License: Zlib

Files: debian/*
Copyright: 2000 Mark Brown
License: GPL-2+
 This is free software.
""")
write(root / "usr/share/doc/libc6/copyright", "This is the Debian prepackaged version of the GNU C Library.\n(not machine-readable)\n")
print(f"wrote {venv} and {root}")

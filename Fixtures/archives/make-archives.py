#!/usr/bin/env python3
"""Writes the small tar fixtures that VouchArchiveTests read. Deterministic: run it again and nothing changes.

Usage: Fixtures/archives/make-archives.py   (needs the `zstd` command for the .zst files)
"""
import gzip
import io
import os
import subprocess
import tarfile

HERE = os.path.dirname(os.path.abspath(__file__))


def entry(name, kind=tarfile.REGTYPE, data=b"", link="", mode=0o644):
    info = tarfile.TarInfo(name)
    info.type = kind
    info.mode = mode
    info.mtime = 1_700_000_000
    info.uname = info.gname = "root"
    info.linkname = link
    info.size = len(data) if kind == tarfile.REGTYPE else 0
    return info, (io.BytesIO(data) if kind == tarfile.REGTYPE else None)


def tar_bytes(entries, fmt=tarfile.PAX_FORMAT):
    out = io.BytesIO()
    with tarfile.open(fileobj=out, mode="w", format=fmt) as tar:
        for info, data in entries:
            tar.addfile(info, data)
    return out.getvalue()


def gz(data):
    return gzip.compress(data, mtime=0)


def zst(data):
    return subprocess.run(["zstd", "-q", "-c", "-19"], input=data, check=True, capture_output=True).stdout


def write(name, data):
    with open(os.path.join(HERE, name), "wb") as f:
        f.write(data)


# A small, ordinary layer: a directory, two files, a symlink inside the tree, a hard link.
plain = tar_bytes([
    entry("app/", tarfile.DIRTYPE, mode=0o755),
    entry("app/main.py", data=b"print('hello')\n"),
    entry("app/config.toml", data=b"[server]\nport = 8080\n"),
    entry("app/current", tarfile.SYMTYPE, link="main.py"),
    entry("app/main-copy.py", tarfile.LNKTYPE, link="app/main.py"),
])
write("plain.tar", plain)
write("plain.tar.gz", gz(plain))
write("plain.tar.zst", zst(plain))

# Two gzip members back to back (what parallel compressors such as pigz may write); cut mid-header.
write("multi-member.tar.gz", gz(plain[:700]) + gz(plain[700:]))

# A tar whose two 512-byte end blocks are missing: valid in practice, readers must accept it.
end = len(plain)
while plain[end - 512:end] == bytes(512):
    end -= 512
write("no-end-blocks.tar", plain[:end])

# Damaged streams.
plain_gz = gz(plain)
write("truncated.tar.gz", plain_gz[: len(plain_gz) // 2])
corrupt = bytearray(zst(plain))
for i in range(12, min(len(corrupt), 40)):
    corrupt[i] ^= 0xFF
write("corrupt.tar.zst", bytes(corrupt))

# Entries that would be unsafe to extract or follow.
long_component = "d" * 120
write("unsafe.tar", tar_bytes([
    entry("../evil.sh", data=b"#!/bin/sh\n"),
    entry("/etc/cron.d/evil", data=b"* * * * * root true\n"),
    entry("ok/escape", tarfile.SYMTYPE, link="../../etc/shadow"),
    entry("ok/absolute-link", tarfile.SYMTYPE, link="/usr/bin/python3"),
    entry("ok/hard", tarfile.LNKTYPE, link="../outside"),
    entry("ok/setuid", data=b"x", mode=0o4755),
    entry("ok/tty", tarfile.CHRTYPE),
    # A long name, stored in a PAX header, that climbs out of the root.
    entry("ok/" + long_component + "/../../../" + long_component + "/pax-escape"),
]))
write("gnu-longname-traversal.tar", tar_bytes([
    entry("ok/" + long_component + "/../../../" + long_component + "/gnu-escape", data=b"x"),
], fmt=tarfile.GNU_FORMAT))

# 32 MiB of zeros compresses about 1000:1: over the default maxCompressionRatio of 250.
write("zeros.tar.gz", gz(tar_bytes([entry("zeros.bin", data=bytes(32 << 20))])))

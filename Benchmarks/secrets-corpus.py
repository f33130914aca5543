#!/usr/bin/env python3
"""Builds the secret-scan benchmark corpus: real source text (CPython's standard library, the
site-packages of the peers' venv, the Swift package sources under /opt/swift-packages) copied into
OUT/corpus up to TARGET_MB, then secrets of ~30 formats planted at random lines of random files by a
seeded generator (Fixtures/secrets/secretgen.py). Writes OUT/planted.json: file (relative to
OUT/corpus), line, format, secret.

Directory names are neutral (cpython/, packages/, swift/) and *.dist-info folders are left out, so
that no tool skips part of the corpus by its path rules.
KIND `system` takes other text instead, for a second, different input: the C/C++ headers of /usr/include,
the Perl modules of /usr/share/perl* and /usr/lib/*/perl*, and /usr/lib/node_modules (folders headers/,
perl/, node/).
Usage: secrets-corpus.py OUT TARGET_MB [PLANTED] [SEED] [KIND: sources (default) | system]"""
import glob
import json
import os
import random
import shutil
import subprocess
import sys

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(root, "Fixtures", "secrets"))
from secretgen import FORMATS, plant  # noqa: E402

out, target_mb = sys.argv[1], int(sys.argv[2])
planted_count = int(sys.argv[3]) if len(sys.argv) > 3 else 300
seed = int(sys.argv[4]) if len(sys.argv) > 4 else 1
kind = sys.argv[5] if len(sys.argv) > 5 else "sources"
if kind not in ("sources", "system"):
    sys.exit(f"secrets-corpus.py: unknown corpus kind '{kind}' (sources or system)")
corpus = os.path.join(out, "corpus")
budget = target_mb << 20
MAX_FILE = 2 << 20


def text_file(path):
    try:
        if os.path.islink(path) or not os.path.isfile(path) or os.path.getsize(path) > MAX_FILE or os.path.getsize(path) == 0:
            return False
        with open(path, "rb") as handle:
            return b"\0" not in handle.read(8000)
    except OSError:
        return False


def copy_tree(source, destination):
    global budget
    for directory, subdirectories, names in os.walk(source):
        subdirectories[:] = sorted(d for d in subdirectories if not d.endswith(".dist-info") and d not in ("__pycache__", ".git"))
        for name in sorted(names):
            if budget <= 0:
                return
            path = os.path.join(directory, name)
            if not text_file(path):
                continue
            target = os.path.join(destination, os.path.relpath(path, source))
            os.makedirs(os.path.dirname(target), exist_ok=True)
            shutil.copyfile(path, target)
            budget -= os.path.getsize(target)


PLANTABLE = (".py", ".swift", ".md", ".txt", ".rst", ".json", ".yaml", ".yml", ".toml", ".cfg", ".h", ".c")
if kind == "system":
    PLANTABLE += (".hpp", ".hh", ".pm", ".pl", ".js", ".ts", ".mjs", ".cjs")


if not os.path.isdir(corpus) and kind == "system":
    os.makedirs(corpus)
    copy_tree("/usr/include", os.path.join(corpus, "headers"))
    for source in sorted(glob.glob("/usr/share/perl*") + glob.glob("/usr/lib/*-linux-gnu/perl*")):
        copy_tree(source, os.path.join(corpus, "perl", source.strip("/").replace("/", "-")))
    copy_tree("/usr/lib/node_modules", os.path.join(corpus, "node"))
elif not os.path.isdir(corpus):
    os.makedirs(corpus)
    copy_tree("/usr/lib/python3.11", os.path.join(corpus, "cpython"))
    copy_tree(os.path.join(root, ".venv-peers/lib/python3.11/site-packages"), os.path.join(corpus, "packages"))
    staging = os.path.join(out, "swift-staging")
    for repository in sorted(glob.glob("/opt/swift-packages/*/*.git")):
        if budget <= 0:
            break
        name = os.path.basename(os.path.dirname(repository)) + "-" + os.path.basename(repository)[:-4]
        extracted = os.path.join(staging, name)
        os.makedirs(extracted, exist_ok=True)
        archive = subprocess.run(["git", "--git-dir", repository, "archive", "HEAD"], capture_output=True)
        if archive.returncode != 0:
            continue
        subprocess.run(["tar", "-x", "-C", extracted], input=archive.stdout, check=True)
        copy_tree(extracted, os.path.join(corpus, "swift", name))
    shutil.rmtree(staging, ignore_errors=True)

if not os.path.exists(os.path.join(out, "planted.json")):
    rng = random.Random(seed)
    files = []
    for directory, _, names in os.walk(corpus):
        for name in names:
            if name.endswith(PLANTABLE):
                files.append(os.path.relpath(os.path.join(directory, name), corpus))
    files.sort()
    formats = sorted(FORMATS)
    chosen = rng.sample(files, planted_count)
    planted = []
    for index, relative in enumerate(chosen):
        name = formats[index % len(formats)]
        rule, text, secret = plant(rng, name)
        path = os.path.join(corpus, relative)
        with open(path, encoding="utf-8", errors="surrogateescape") as handle:
            lines = handle.read().split("\n")
        at = rng.randint(0, max(0, len(lines) - 1))
        lines[at:at] = text.split("\n")
        with open(path, "w", encoding="utf-8", errors="surrogateescape") as handle:
            handle.write("\n".join(lines))
        planted.append({"file": relative, "line": at + 1, "format": name, "rule": rule, "secret": secret})
    # A file that holds two planted secrets shifts the first one's line if the second went above it.
    for item in planted:
        path = os.path.join(corpus, item["file"])
        with open(path, encoding="utf-8", errors="surrogateescape") as handle:
            content = handle.read()
        first_line = item["secret"].split("\n")[0]
        item["line"] = content[: content.index(first_line)].count("\n") + 1
    with open(os.path.join(out, "planted.json"), "w") as handle:
        json.dump(planted, handle, indent=1)

size = sum(os.path.getsize(os.path.join(d, n)) for d, _, ns in os.walk(corpus) for n in ns)
files = sum(len(ns) for _, _, ns in os.walk(corpus))
print(f"corpus: {files} files, {size / 1e6:.1f} MB")

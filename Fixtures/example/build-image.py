#!/usr/bin/env python3
"""Builds the demo's example image without a Docker engine: the gateway service of
Fixtures/example/gateway as its Dockerfile would, a multi-stage build whose runtime stage copies a
virtualenv made by pip (/app/.venv) onto a small Debian-like base.

    python3 Fixtures/example/build-image.py [OUT_DIR]     (default: Fixtures/generated/example)

Writes OUT_DIR/gateway (an OCI image layout, tag 1.0). The venv is made with the real pip from the
pinned requirements (PyPI, once; cached in OUT_DIR/venv) with --no-compile, so rebuilding gives the
same layers. Layer helpers come from Fixtures/images/make-images.py.
"""
import hashlib
import importlib.util
import os
import shutil
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
spec = importlib.util.spec_from_file_location("make_images", os.path.join(REPO, "Fixtures/images/make-images.py"))
images = importlib.util.module_from_spec(spec)
spec.loader.exec_module(images)

SERVICE = os.path.join(HERE, "gateway")
VENV_IN_IMAGE = "app/.venv"


def build_venv(cache):
    """A venv with the service's pinned requirements, rebuilt only when they change."""
    requirements = os.path.join(SERVICE, "requirements.txt")
    with open(requirements, "rb") as f:
        wanted = hashlib.sha256(f.read()).hexdigest()
    venv = os.path.join(cache, ".venv")
    stamp = os.path.join(cache, "requirements.sha256")
    if os.path.exists(stamp) and open(stamp).read() == wanted:
        return venv
    shutil.rmtree(cache, ignore_errors=True)
    os.makedirs(cache)
    subprocess.run([sys.executable, "-m", "venv", venv], check=True)
    subprocess.run([os.path.join(venv, "bin", "pip"), "install", "--quiet", "--disable-pip-version-check",
                    "--no-compile", "-r", requirements], check=True)
    # pip itself and setuptools are build tools, not part of the service; a slim runtime drops them.
    subprocess.run([os.path.join(venv, "bin", "pip"), "uninstall", "--quiet", "--yes", "pip", "setuptools"],
                   check=False)
    with open(stamp, "w") as f:
        f.write(wanted)
    return venv


def venv_entries(venv):
    """The venv as layer entries under /app/.venv, with host paths rewritten to the image's."""
    entries = [("app", "dir", None, 0o755)]
    for root, dirs, files in os.walk(venv):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__")
        relative_root = os.path.relpath(root, venv)
        base = VENV_IN_IMAGE if relative_root == "." else f"{VENV_IN_IMAGE}/{relative_root}"
        entries.append((base, "dir", None, 0o755))
        for name in sorted(files) + sorted(d for d in os.listdir(root) if os.path.islink(os.path.join(root, d)) and d in dirs):
            path = os.path.join(root, name)
            target = f"{base}/{name}"
            if os.path.islink(path):
                link = os.readlink(path)
                if os.path.isabs(link):
                    link = "/usr/local/bin/" + os.path.basename(link)
                entries.append((target, "symlink", link, 0o777))
                continue
            with open(path, "rb") as f:
                data = f.read()
            if name == "pyvenv.cfg":
                data = b"home = /usr/local/bin\ninclude-system-site-packages = false\nversion = 3.11.7\n"
            elif data.startswith(b"#!") and venv.encode() in data.split(b"\n", 1)[0]:
                data = data.replace(venv.encode(), b"/" + VENV_IN_IMAGE.encode(), 1)
            entries.append((target, "file", data, os.stat(path).st_mode & 0o777))
    return entries


# Machine-readable (DEP-5) copyright files, as Debian ships them, so the base packages have licenses.
COPYRIGHT = {
    "base-files": "GPL-2+",
    "libc6": "LGPL-2.1+",
    "passwd": "BSD-3-clause",
}


def base_entries():
    entries = images.base_layer()
    entries += [("usr/share", "dir", None, 0o755), ("usr/share/doc", "dir", None, 0o755)]
    for package, license_name in COPYRIGHT.items():
        text = ("Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/\n"
                f"Upstream-Name: {package}\n\nFiles: *\nCopyright: the {package} authors\nLicense: {license_name}\n")
        entries += [(f"usr/share/doc/{package}", "dir", None, 0o755),
                    (f"usr/share/doc/{package}/copyright", "file", text, 0o644)]
    return entries


def app_entries():
    entries = [("app", "dir", None, 0o755), ("app/app", "dir", None, 0o755)]
    for name in sorted(os.listdir(os.path.join(SERVICE, "app"))):
        with open(os.path.join(SERVICE, "app", name), "rb") as f:
            entries.append((f"app/app/{name}", "file", f.read(), 0o644))
    return entries


def main():
    out = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else os.path.join(REPO, "Fixtures/generated/example"))
    os.makedirs(out, exist_ok=True)
    venv = build_venv(os.path.join(out, "venv"))
    layers = [
        ("base", base_entries),
        ("venv", lambda: venv_entries(venv)),
        ("app", app_entries),
    ]
    image = images.Image(layers=layers)
    image.config["config"] = {
        "Env": ["PATH=/app/.venv/bin:/usr/local/bin:/usr/bin"], "User": "10001", "WorkingDir": "/app",
        "Cmd": ["/app/.venv/bin/uvicorn", "app.main:app", "--host", "0.0.0.0", "--port", "8080"],
    }
    images.layout_image(out, "gateway", image, annotations={"org.opencontainers.image.ref.name": "1.0"})
    print(os.path.join(out, "gateway"))


if __name__ == "__main__":
    main()

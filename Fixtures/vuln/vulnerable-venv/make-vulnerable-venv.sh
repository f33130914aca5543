#!/usr/bin/env bash
# Builds the venv of pinned vulnerable releases that the end-to-end vulnerability tests scan, once, into
# Fixtures/generated/vuln-venv (git-ignored). Reuses it when it exists and was built from the same
# requirements. Usage: make-vulnerable-venv.sh [PYTHON]   (default: python3 on the PATH)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../../.." && pwd)"
python="${1:-python3}"
source "$root/Fixtures/lib/cached-venv.sh"
# Wheels only, no dependencies (only the pinned releases are wanted); where `pip --python` fails, pip installs
# into the venv's site-packages with --target.
install() {
    "$python" -m venv --without-pip "$1"
    "$python" -m pip --python "$1/bin/python" install --quiet --disable-pip-version-check --no-deps --only-binary :all: -r "$2" \
        || "$python" -m pip install --quiet --disable-pip-version-check --no-deps --only-binary :all: --target "$(echo "$1"/lib/python3*/site-packages)" -r "$2"
}
cached_venv "$root/Fixtures/generated/vuln-venv" "$here/requirements.txt" install

#!/usr/bin/env bash
# Builds the venv of pinned vulnerable releases that the end-to-end vulnerability tests scan, once, into
# Fixtures/generated/vuln-venv (git-ignored). Reuses it when it exists and was built from the same
# requirements. Usage: make-vulnerable-venv.sh [PYTHON]   (default: python3 on the PATH)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../../.." && pwd)"
venv="$root/Fixtures/generated/vuln-venv"
python="${1:-python3}"
stamp="$venv/.vouch-requirements"
# Several test suites ask for the venv at once: one builds it, the others wait for it (flock), so no two
# builds remove each other's files.
mkdir -p "$(dirname "$venv")"
exec 9>"$venv.lock"
flock 9
if [[ -f "$stamp" ]] && cmp -s "$stamp" "$here/requirements.txt"; then
    echo "$venv"
    exit 0
fi
rm -rf "$venv"
mkdir -p "$(dirname "$venv")"
"$python" -m venv --without-pip "$venv" >&2
"$python" -m pip --python "$venv/bin/python" install --quiet --disable-pip-version-check --no-deps --only-binary :all: -r "$here/requirements.txt" >&2 \
    || "$python" -m pip install --quiet --disable-pip-version-check --no-deps --only-binary :all: --target "$(echo "$venv"/lib/python3*/site-packages)" -r "$here/requirements.txt" >&2
cp "$here/requirements.txt" "$stamp"
echo "$venv"

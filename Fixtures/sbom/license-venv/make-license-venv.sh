#!/usr/bin/env bash
# Builds the license venv that the license tests (LicenseVenvTests) catalog, once, into Fixtures/generated/sbom-license-venv
# (git-ignored). Reuses it when it exists and was built from the same requirements.
# Usage: make-real-venv.sh [PYTHON]   (default: python3 on the PATH)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../../.." && pwd)"
venv="$root/Fixtures/generated/sbom-license-venv"
python="${1:-python3}"
stamp="$venv/.vouch-requirements"
# Test suites run in parallel and several call this: one builds while the others wait on the lock, then reuse.
mkdir -p "$(dirname "$venv")"
exec 9>"$venv.lock"
flock 9
if [[ -f "$stamp" ]] && cmp -s "$stamp" "$here/requirements.txt"; then
    echo "$venv"
    exit 0
fi
rm -rf "$venv"
mkdir -p "$(dirname "$venv")"
"$python" -m venv "$venv" >&2
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check -r "$here/requirements.txt" >&2
cp "$here/requirements.txt" "$stamp"
echo "$venv"

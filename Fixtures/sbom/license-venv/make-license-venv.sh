#!/usr/bin/env bash
# Builds the license venv that the license tests (LicenseVenvTests) catalog, once, into
# Fixtures/generated/sbom-license-venv (git-ignored). Reuses it when it exists and was built from the same
# requirements. Usage: make-license-venv.sh [PYTHON]   (default: python3 on the PATH)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../../.." && pwd)"
python="${1:-python3}"
source "$root/Fixtures/lib/cached-venv.sh"
install() {
    "$python" -m venv "$1"
    "$1/bin/python" -m pip install --quiet --disable-pip-version-check -r "$2"
}
cached_venv "$root/Fixtures/generated/sbom-license-venv" "$here/requirements.txt" install

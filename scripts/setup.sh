#!/usr/bin/env bash
# Installs what Vouch needs on a fresh Debian machine, and nothing twice:
#   - the apt packages in scripts/apt-packages.txt that are missing;
#   - .venv-peers, a venv with the pinned peer tools of scripts/peer-requirements.txt
#     (re-created only when that file changes).
# Usage: scripts/setup.sh [--system-only]
set -euo pipefail
cd "$(dirname "$0")/.."

packages=()
while read -r name _; do
    [[ -z "$name" || "$name" == \#* ]] && continue
    packages+=("$name")
done < scripts/apt-packages.txt

missing=()
for package in "${packages[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
        missing+=("$package")
    fi
done
if ((${#missing[@]})); then
    sudo=""
    [[ "$(id -u)" -ne 0 ]] && sudo="sudo"
    echo "setup: installing ${missing[*]}"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

[[ "${1:-}" == "--system-only" ]] && exit 0

stamp=.venv-peers/.requirements.sha256
wanted=$(sha256sum scripts/peer-requirements.txt | cut -d' ' -f1)
if [[ ! -x .venv-peers/bin/python || "$(cat "$stamp" 2>/dev/null)" != "$wanted" ]]; then
    echo "setup: installing peer tools into .venv-peers"
    python3 -m venv .venv-peers
    .venv-peers/bin/pip install --quiet --disable-pip-version-check -r scripts/peer-requirements.txt
    echo "$wanted" > "$stamp"
fi

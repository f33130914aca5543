#!/usr/bin/env bash
# Vouch's main job on the bundled example. Today: the content digest of every file of the example
# service, the way a release pipeline records what it is about to ship.
set -euo pipefail
vouch=${1:-.build/release/vouch}
cd "$(dirname "$0")/../.."
echo "== vouch $("$vouch" --version): digests of the example service (Fixtures/example/gateway)"
find Fixtures/example/gateway -type f | LC_ALL=C sort | xargs "$vouch" digest

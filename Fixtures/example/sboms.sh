#!/usr/bin/env bash
# The demo's SBOM step (demo.sh step 2), as a release pipeline runs it: the image's SBOMs and the SBOMs of the
# venv the build stage made, SPDX 2.3 and CycloneDX 1.6 each, with the organization that builds and ships the
# gateway as the SBOMs' author and as the root component's supplier (nothing in an image or a venv says who
# that is). Kept apart so DemoTests can check exactly what the demo writes with the NTIA conformance checker.
# Usage: Fixtures/example/sboms.sh VOUCH IMAGE VENV OUT_DIR
set -euo pipefail
vouch=$1 image=$2 venv=$3 out=$4
organization="Acme Corp (sbom@acme.example)"
cd "$(dirname "$0")/../.."
# The layout is tagged only 1.0, so --name says which repository the SBOM's root is (else: gateway:1.0).
"$vouch" sbom "$image" --name ghcr.io/acme/gateway:1.0 --author "$organization" --supplier "$organization" \
    --format spdx-json --output "$out/sbom.spdx.json" --format cyclonedx-json --output "$out/sbom.cdx.json"
# The venv as the build stage made it, before it was copied into the image; the pinned requirements are its lock.
"$vouch" sbom "$venv" --name gateway --subject-version 1.0.0 --lock Fixtures/example/gateway/requirements.txt \
    --author "$organization" --supplier "$organization" \
    --format spdx-json --output "$out/venv.spdx.json" --format cyclonedx-json --output "$out/venv.cdx.json"

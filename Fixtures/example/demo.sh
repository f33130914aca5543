#!/usr/bin/env bash
# Vouch's main job on the bundled example, the way a release pipeline and its deploy gate would run it:
# verify the image -> SBOMs -> secret scan -> key -> sign -> attest SBOM and provenance -> policy check
# passes, on the layout and on the image pushed to a loopback registry; then tamper one layer of a copy and
# watch the same check fail with the precise reason.
# Usage: Fixtures/example/demo.sh [path/to/vouch]     (make demo builds vouch and runs this)
set -euo pipefail
vouch=$(realpath "${1:-.build/release/vouch}")
cd "$(dirname "$0")/../.."
work=Fixtures/generated/example
mkdir -p "$work"
step() { printf '\n== %s\n' "$*"; }

step "build the example image without Docker (gateway service, real pip venv in /app/.venv)"
image=$(python3 Fixtures/example/build-image.py "$work")
echo "$image"

step "1. verify every blob digest, size and diff_id"
"$vouch" image verify "$image"
digest=$("$vouch" image digest "$image")

step "2. SBOMs of what is inside the image and of the venv the build made (SPDX 2.3 and CycloneDX 1.6), by Acme Corp"
Fixtures/example/sboms.sh "$vouch" "$image" "$work/venv/.venv" "$work"
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(len(d["packages"]) - 1, "packages in", sys.argv[1])' "$work/sbom.spdx.json"

step "3. secret scan of every layer"
"$vouch" secrets scan --image "$image"

step "3b. known vulnerabilities, offline, against a small OSV database written for the demo (expected: findings, exit 1)"
set +e
"$vouch" vuln scan "$image" --db Fixtures/example/vulndb --max-db-age 0
vuln_status=$?
set -e
echo "exit status: $vuln_status"
[[ $vuln_status -eq 1 ]] || { echo "demo: the vulnerability scan should have reported findings with exit 1" >&2; exit 1; }
"$vouch" vuln scan "$image" --db Fixtures/example/vulndb --max-db-age 0 --severity CRITICAL,HIGH --exit-code 0

step "4. a release key (demo only: unencrypted; pipelines set VOUCH_PASSWORD)"
rm -rf "$work/keys" && mkdir -p "$work/keys"
"$vouch" key generate --no-password --output-prefix "$work/keys/release"

step "5. sign the image: a cosign-style signature stored in its OCI layout"
# docker-reference: the repository the image is pushed to (the layout's bare 1.0 tag does not say it).
"$vouch" sign "$image" --key "$work/keys/release.key" --reference ghcr.io/acme/gateway

step "6. attest the SBOM and a SLSA provenance, bound to $digest"
GITHUB_REPOSITORY=acme/gateway GITHUB_SHA=0123456789abcdef0123456789abcdef01234567 GITHUB_REF=refs/tags/v1.0.0 \
GITHUB_WORKFLOW_REF=acme/gateway/.github/workflows/release.yml@refs/tags/v1.0.0 GITHUB_RUN_ID=1 RUNNER_ENVIRONMENT=github-hosted \
    "$vouch" provenance --material Fixtures/example/gateway/requirements.txt > "$work/provenance.json"
# --attach stores each envelope in the layout as cosign does in a registry (a sha256-<hex>.att tag).
"$vouch" attest "$image" --predicate "$work/sbom.spdx.json" --type spdx --key "$work/keys/release.key" --attach --output "$work/sbom.intoto.jsonl" --force
"$vouch" attest "$image" --predicate "$work/provenance.json" --type slsaprovenance --key "$work/keys/release.key" --attach --output "$work/provenance.intoto.jsonl" --force

step "7. the deploy gate: policy check (expected: PASS)"
cp Fixtures/example/policy.yaml "$work/policy.yaml"
"$vouch" policy check "$image" --policy "$work/policy.yaml"

step "7b. the gate on the image where it lives: push it with its signature and attestations to a loopback registry, check it by reference"
if [[ -x /usr/bin/docker-registry ]]; then
    registry_dir=$(mktemp -d "${TMPDIR:-/tmp}/vouch-demo-registry-XXXXXX")
    port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
    cat > "$registry_dir/config.yml" <<YML
version: 0.1
log:
  level: warn
  accesslog:
    disabled: true
storage:
  filesystem:
    rootdirectory: $registry_dir/storage
http:
  addr: 127.0.0.1:$port
YML
    /usr/bin/docker-registry serve "$registry_dir/config.yml" > "$registry_dir/registry.log" 2>&1 < /dev/null &
    registry_pid=$!
    # Stopped by its PID however the demo ends from here on.
    stop_registry() { kill "$registry_pid" 2> /dev/null || true; wait "$registry_pid" 2> /dev/null || true; rm -rf "$registry_dir"; }
    trap stop_registry EXIT
    for _ in $(seq 1 150); do
        python3 -c 'import socket, sys; socket.create_connection(("127.0.0.1", int(sys.argv[1])), 0.2)' "$port" 2> /dev/null && break
        kill -0 "$registry_pid" 2> /dev/null || { cat "$registry_dir/registry.log" >&2; echo "demo: docker-registry exited" >&2; exit 1; }
        sleep 0.1
    done
    reference="127.0.0.1:$port/acme/gateway:1.0"
    "$vouch" image push "$image" "$reference" --allow-http-registry
    "$vouch" policy check "$reference" --policy "$work/policy.yaml" --allow-http-registry
    stop_registry
    trap - EXIT
    echo "registry stopped"
else
    echo "skipped: docker-registry is not installed (apt-get install docker-registry)"
fi
step "7c. the auditor's report: one offline HTML page of the SBOM with the image's signature, the attestation and the vulnerabilities"
"$vouch" vuln scan "$image" --db Fixtures/example/vulndb --max-db-age 0 --format json --output "$work/vulns.json" --exit-code 0
"$vouch" sbom report "$work/sbom.spdx.json" --image "$image" --attestation "$work/sbom.intoto.jsonl" --key "$work/keys/release.pub" \
    --vuln "$work/vulns.json" --output "$work/sbom-report.html"

step "8. tamper one layer of a copy, check again (expected: FAIL, exit 1)"
rm -rf "$work/tampered" && cp -r "$image" "$work/tampered"
layer=$("$vouch" image inspect "$work/tampered" --format json | python3 -c 'import json,sys; print(json.load(sys.stdin)["layers"][1]["digest"].split(":")[1])')
python3 - "$work/tampered/blobs/sha256/$layer" <<'PY'
import sys
path = sys.argv[1]
data = bytearray(open(path, "rb").read())
data[len(data) // 2] ^= 0x01
open(path, "wb").write(bytes(data))
PY
set +e
"$vouch" policy check "$work/tampered" --policy "$work/policy.yaml"
status=$?
set -e
echo "exit status: $status"
[[ $status -eq 1 ]] || { echo "demo: the tampered image should have failed the policy with exit 1" >&2; exit 1; }

step "artifacts in $work"
ls -1 "$work" | grep -v '^venv$'

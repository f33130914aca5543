#!/usr/bin/env bash
# Keyless verification benchmark: vouch verify-blob and sigstore-python (`sigstore verify identity --offline`,
# the peer in .venv-peers) verify the same N real production Sigstore bundles against the same trusted root,
# one process each, fully offline. Two bundle sets (sigstore-conformance cases, both over a.txt):
#   hashedrekord  happy-path-v0.3: message signature, Fulcio certificate, SCT, Rekor v1 hashedrekord 0.0.1
#                 with SET, inclusion proof and checkpoint (the default)
#   dsse          happy-path-intoto-in-dsse-v3: a DSSE in-toto Statement (SLSA provenance), Rekor v1 dsse 0.0.1
#                 with SET, inclusion proof and checkpoint
# Vouch pays once per run what does not depend on the bundle (parsing the trusted root, checking the Fulcio
# intermediate's link to its root); every bundle's own proofs are checked in full. Prints bundles/s, CPU (user+sys) and wall
# time, the ratio, and the load average (2 shared cores: wall times are noisy, CPU steadier).
#
# Usage: Benchmarks/keyless.sh [N] [SET]   (default 1000 hashedrekord). Needs ../shared/sigstore (or $VOUCH_SHARED_DATA).
# Builds vouch in release (--static-swift-stdlib, as shipped); work files go to Benchmarks/work/ (git-ignored).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
count="${1:-1000}"
set_name="${2:-hashedrekord}"
shared="${VOUCH_SHARED_DATA:-}"
for candidate in "$root/../shared" "$root/../../shared"; do
    [ -z "$shared" ] && [ -d "$candidate/sigstore" ] && shared="$candidate"
done
[ -d "$shared/sigstore" ] || { echo "keyless.sh: ../shared/sigstore not found (set VOUCH_SHARED_DATA)" >&2; exit 2; }
case "$set_name" in
    hashedrekord) case_dir="$shared/sigstore/conformance/bundle-verify/happy-path-v0.3" ;;
    dsse) case_dir="$shared/sigstore/conformance/bundle-verify/happy-path-intoto-in-dsse-v3" ;;
    *) echo "keyless.sh: unknown bundle set '$set_name' (hashedrekord or dsse)" >&2; exit 64 ;;
esac
trusted_root="$shared/sigstore/trusted-roots/production/trusted_root.json"
identity="https://github.com/sigstore-conformance/extremely-dangerous-public-oidc-beacon/.github/workflows/extremely-dangerous-oidc-beacon.yml@refs/heads/main"
issuer="https://token.actions.githubusercontent.com"
sigstore="$root/.venv-peers/bin/sigstore"
[ -x "$sigstore" ] || { echo "keyless.sh: $sigstore missing; run make setup" >&2; exit 2; }

work="$root/Benchmarks/work/keyless"
rm -rf "$work"; mkdir -p "$work/bundles" "$work/python" "$work/home"
cd "$root"
if ! build_log=$(swift build -c release --static-swift-stdlib --scratch-path .build-keyless --product vouch 2>&1); then
    echo "$build_log" | tail -20 >&2
    exit 2
fi
vouch="$root/.build-keyless/release/vouch"

# The same bundle N times: vouch reads a directory of bundles over one artifact; sigstore-python verifies N
# inputs, finding each one's bundle beside it as INPUT.sigstore.json. Both verify every bundle completely.
cp "$shared/sigstore/conformance/bundle-verify/a.txt" "$work/a.txt"
for i in $(seq -w 1 "$count"); do
    cp "$case_dir/bundle.sigstore.json" "$work/bundles/b$i.sigstore.json"
    cp "$work/a.txt" "$work/python/a$i.txt"
    cp "$case_dir/bundle.sigstore.json" "$work/python/a$i.txt.sigstore.json"
done
python3 - "$shared/sigstore/sigstore-python-assets/trust_config/config.v1.json" "$trusted_root" "$work/trust_config.json" <<'PY'
import json, sys
config = json.load(open(sys.argv[1])); config["trustedRoot"] = json.load(open(sys.argv[2]))
json.dump(config, open(sys.argv[3], "w"))
PY

# CPU (user+sys) and wall seconds of one run (GNU time), failing loudly when the run fails.
run() {
    if ! /usr/bin/time -o "$work/time.txt" -f '%U %S %e' "$@" > "$work/stdout.txt" 2> "$work/stderr.txt"; then
        tail -5 "$work/stdout.txt" "$work/stderr.txt" >&2; echo "keyless.sh: '$1' failed" >&2; exit 1
    fi
    tail -1 "$work/time.txt"
}
load=$(cut -d' ' -f1-3 /proc/loadavg)
v=$(run "$vouch" verify-blob "$work/a.txt" --bundle "$work/bundles" --certificate-identity "$identity" --certificate-oidc-issuer "$issuer" --trusted-root "$trusted_root")
p=$(HOME="$work/home" run "$sigstore" --trust-config "$work/trust_config.json" verify identity --offline --cert-identity "$identity" --cert-oidc-issuer "$issuer" "$work"/python/a*.txt)
load_after=$(cut -d' ' -f1-3 /proc/loadavg)
read -r vu vs vw <<< "$v"
read -r pu ps pw <<< "$p"
echo "bundle set: $set_name ($(basename "$case_dir"))"
printf '%-16s %8s %8s %10s %12s\n' "tool ($count)" "CPU s" "wall s" "bundles/s" "(by wall)"
awk -v n="$count" -v u="$vu" -v s="$vs" -v w="$vw" 'BEGIN { printf "%-16s %8.2f %8.2f %10.0f %12.0f\n", "vouch", u + s, w, n / (u + s), n / w }'
awk -v n="$count" -v u="$pu" -v s="$ps" -v w="$pw" 'BEGIN { printf "%-16s %8.2f %8.2f %10.0f %12.0f\n", "sigstore-python", u + s, w, n / (u + s), n / w }'
awk -v vu="$vu" -v vs="$vs" -v pu="$pu" -v ps="$ps" -v vw="$vw" -v pw="$pw" 'BEGIN { printf "vouch is %.1fx faster by CPU, %.1fx by wall\n", (pu + ps) / (vu + vs), pw / vw }'
echo "load average before: $load; after: $load_after"

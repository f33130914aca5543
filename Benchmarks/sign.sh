#!/usr/bin/env bash
# Signing benchmark: vouch sign-blob / verify-blob of a 1 GiB file against
# `openssl dgst -sign/-verify` (goal: within 1.1x), for ECDSA P-256 and RSA-3072 (both stream the file
# through SHA-256), plus how many DSSE envelopes per second `vouch verify-attestation` checks.
#
# Usage: Benchmarks/sign.sh [SIZE_MIB] [ENVELOPES]   (defaults 1024 and 1000)
# Builds vouch in release with the signing scratch folder; work files go to Benchmarks/work/ (git-ignored).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
size_mib="${1:-1024}"
envelopes="${2:-1000}"
work="$root/Benchmarks/work/sign"
mkdir -p "$work"
cd "$root"
if ! build_log=$(swift build -c release --static-swift-stdlib --scratch-path .build-signing --product vouch 2>&1); then
    echo "$build_log" | tail -20 >&2
    exit 2
fi
vouch="$root/.build-signing/release/vouch"
cd "$work"

if [ ! -f blob.bin ] || [ "$(stat -c %s blob.bin)" -ne $((size_mib * 1048576)) ]; then
    head -c $((size_mib * 1048576)) /dev/urandom > blob.bin
fi
cat blob.bin > /dev/null  # warm the page cache for both tools

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2fx", a / b }'; }
# Mean seconds of a command over 5 runs (hyperfine when present, else `date`).
measure() {
    if command -v hyperfine >/dev/null; then
        hyperfine --warmup 1 --runs 5 --export-json m.json "$1" >/dev/null 2>&1
        python3 -c 'import json; print(json.load(open("m.json"))["results"][0]["mean"])'
    else
        local start end; start=$(date +%s.%N); for _ in 1 2 3 4 5; do bash -c "$1" >/dev/null; done; end=$(date +%s.%N)
        awk -v s="$start" -v e="$end" 'BEGIN { print (e - s) / 5 }'
    fi
}

printf '%-28s %10s %10s %8s\n' "operation (${size_mib} MiB)" "vouch s" "openssl s" "ratio"
for algorithm in ecdsa-p256 rsa-3072; do
    rm -f "$algorithm.key" "$algorithm.pub"
    "$vouch" key generate --algorithm "$algorithm" --no-password --output-prefix "$algorithm" >/dev/null
    "$vouch" sign-blob blob.bin --key "$algorithm.key" --output-signature "$algorithm.sig" --force
    base64 -d "$algorithm.sig" > "$algorithm.sig.bin"
    v_sign=$(measure "$vouch sign-blob blob.bin --key $algorithm.key > /dev/null")
    o_sign=$(measure "openssl dgst -sha256 -sign $algorithm.key -out /dev/null blob.bin")
    v_verify=$(measure "$vouch verify-blob blob.bin --key $algorithm.pub --signature $algorithm.sig > /dev/null")
    o_verify=$(measure "openssl dgst -sha256 -verify $algorithm.pub -signature $algorithm.sig.bin blob.bin > /dev/null")
    printf '%-28s %10.3f %10.3f %8s\n' "sign-blob $algorithm" "$v_sign" "$o_sign" "$(ratio "$v_sign" "$o_sign")"
    printf '%-28s %10.3f %10.3f %8s\n' "verify-blob $algorithm" "$v_verify" "$o_verify" "$(ratio "$v_verify" "$o_verify")"
done

# DSSE: ENVELOPES attestations (ECDSA P-256) about one subject in one .intoto.jsonl, verified in one run.
printf 'subject' > subject.bin
printf '{"builder":{"id":"https://example.com/bench"}}' > predicate.json
# Re-made every run: the keys above are new each time.
"$vouch" attest subject.bin --predicate predicate.json --type slsaprovenance --key ecdsa-p256.key > one.jsonl
rm -f many.intoto.jsonl
for _ in $(seq "$envelopes"); do cat one.jsonl >> many.intoto.jsonl; done
"$vouch" verify-attestation subject.bin --key ecdsa-p256.pub --attestation many.intoto.jsonl > /dev/null
t=$(measure "$vouch verify-attestation subject.bin --key ecdsa-p256.pub --attestation many.intoto.jsonl > /dev/null")
awk -v n="$envelopes" -v t="$t" 'BEGIN { printf "verify-attestation: %d DSSE envelopes (ECDSA P-256) in %.3f s = %.0f envelopes/s (one process)\n", n, t, n / t }'

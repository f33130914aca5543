#!/usr/bin/env bash
# Secret scanning: `vouch secrets scan` against `betterleaks` (dir/auto mode) and
# `trivy fs --scanners secret`, in one run, on a corpus of real source text (CPython stdlib,
# site-packages of the peers' venv, Swift package sources) with ~30 formats of fake secrets planted
# by a seeded generator. Prints per tool: wall seconds, CPU seconds (user+sys), MB per CPU-second,
# MB/s wall, recall on the planted secrets, findings outside the planted set; then Vouch's ratios.
# Usage: Benchmarks/secrets.sh [corpus MB (default 400)] [planted secrets (default 300)] [seed (default 1)]
# VOUCH_SCRATCH picks the build folder (default .build), VOUCH_BINARY a prebuilt release vouch.
set -euo pipefail
cd "$(dirname "$0")/.."
megabytes=${1:-400}
planted=${2:-300}
seed=${3:-1}
work=Benchmarks/work/secrets-$megabytes-$planted-$seed
peers=.venv-peers/bin
scratch=${VOUCH_SCRATCH:-.build}
vouch=${VOUCH_BINARY:-$scratch/release/vouch}
[[ -x "$vouch" ]] || swift build -c release --static-swift-stdlib --scratch-path "$scratch" --product vouch >/dev/null

mkdir -p "$work"
python3 Benchmarks/secrets-corpus.py "$work" "$megabytes" "$planted" "$seed"
bytes=$(find "$work/corpus" -type f -printf '%s\n' | awk '{ s += $1 } END { print s }')
# Warm the page cache so every tool reads from memory.
find "$work/corpus" -type f -print0 | xargs -0 cat > /dev/null

# Warm Vouch's compiled-database cache (compiling takes ~1 s once per ruleset; runs then load it).
export XDG_CACHE_HOME="$PWD/$work/cache"
"$vouch" secrets scan --exit-code 0 Benchmarks/secrets.sh > /dev/null

# run NAME COMMAND...: times the command with /usr/bin/time, keeps "wall user sys" in $work/NAME.time.
run() {
    local name=$1; shift
    /usr/bin/time -f '%e %U %S' -o "$work/$name.time" "$@" > "$work/$name.log" 2>&1 || true
}
run vouch "$vouch" secrets scan --no-redact --format json --report "$work/vouch.json" "$work/corpus"
run betterleaks "$peers/betterleaks" --no-banner --log-level=error -o "$work/betterleaks.json" "$work/corpus"
run trivy "$peers/trivy" fs --scanners secret --skip-db-update --skip-java-db-update --offline-scan \
    --cache-dir "$work/trivy-cache" --format json --output "$work/trivy.json" --quiet "$work/corpus"

printf '\ncorpus %s: %.1f MB, %d planted secrets\n' "$work/corpus" "$(echo "$bytes / 1000000" | bc -l)" "$planted"
printf '%-12s %8s %8s %12s %10s %8s %8s %9s\n' tool "wall s" "cpu s" "MB/cpu-s" "MB/s" recall found outside
for tool in vouch betterleaks trivy; do
    # /usr/bin/time puts "Command exited with non-zero status 1" first when findings set the status.
    read -r wall user sys < <(tail -n 1 "$work/$tool.time")
    cpu=$(echo "$user + $sys" | bc -l)
    read -r r f o < <(python3 Benchmarks/secrets-score.py --brief "$work" "$tool" "$work/$tool.json")
    printf '%-12s %8.2f %8.2f %12.1f %10.1f %8s %8s %9s\n' "$tool" "$wall" "$cpu" \
        "$(echo "$bytes / 1000000 / $cpu" | bc -l)" "$(echo "$bytes / 1000000 / $wall" | bc -l)" "$r" "$f" "$o"
    eval "${tool}_cpu=$cpu; ${tool}_wall=$wall; ${tool}_outside=$o"
done
printf '\nvouch vs betterleaks: %.1fx throughput per CPU-second, %.1fx wall; findings outside the planted set %s vs %s\n' \
    "$(echo "$betterleaks_cpu / $vouch_cpu" | bc -l)" "$(echo "$betterleaks_wall / $vouch_wall" | bc -l)" "$vouch_outside" "$betterleaks_outside"
printf 'vouch vs trivy:       %.1fx throughput per CPU-second, %.1fx wall\n' \
    "$(echo "$trivy_cpu / $vouch_cpu" | bc -l)" "$(echo "$trivy_wall / $vouch_wall" | bc -l)"

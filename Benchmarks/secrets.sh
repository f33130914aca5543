#!/usr/bin/env bash
# Secret scanning: `vouch secrets scan` against `betterleaks` (dir/auto mode) and
# `trivy fs --scanners secret`, in one run, on a corpus of real source text (CPython stdlib,
# site-packages of the peers' venv, Swift package sources) with ~30 formats of fake secrets planted
# by a seeded generator. Prints per tool: wall seconds, CPU seconds (user+sys), the kernel's share of
# that CPU time, MB per CPU-second, MB/s wall, recall on the planted secrets, findings outside the
# planted set (and Vouch's at --min-confidence medium); then Vouch's ratios, Vouch's cold-start cost (a
# first scan with an empty cache minus a warm one) and the load average before and after.
# Usage: Benchmarks/secrets.sh [corpus MB (default 400)] [planted secrets (default 300)] [seed (default 1)] [kind]
# kind `system` scans a second, different input instead: C/C++ headers, Perl modules and node_modules
# of this machine (see Benchmarks/secrets-corpus.py).
# VOUCH_SCRATCH picks the build folder (default .build), VOUCH_BINARY a prebuilt release vouch;
# VOUCH_BASELINE another vouch binary (e.g. a build of the previous commit) timed in the same run, for before/after.
set -euo pipefail
cd "$(dirname "$0")/.."
megabytes=${1:-400}
planted=${2:-300}
seed=${3:-1}
kind=${4:-sources}
work=Benchmarks/work/secrets-$megabytes-$planted-$seed
[[ "$kind" == sources ]] || work=$work-$kind
peers=.venv-peers/bin
scratch=${VOUCH_SCRATCH:-.build}
vouch=${VOUCH_BINARY:-$scratch/release/vouch}
[[ -x "$vouch" ]] || swift build -c release --static-swift-stdlib --scratch-path "$scratch" --product vouch >/dev/null

mkdir -p "$work"
python3 Benchmarks/secrets-corpus.py "$work" "$megabytes" "$planted" "$seed" "$kind"
bytes=$(find "$work/corpus" -type f -printf '%s\n' | awk '{ s += $1 } END { print s }')
# Warm the page cache so every tool reads from memory.
find "$work/corpus" -type f -print0 | xargs -0 cat > /dev/null

load_before=$(cut -d' ' -f1-3 /proc/loadavg)
# Cold start: a first scan with an empty cache directory (a fresh CI runner) against a warm one.
cold_cache="$PWD/$work/cold-cache"
rm -rf "$cold_cache"
/usr/bin/time -f '%e %U %S' -o "$work/cold.time" env XDG_CACHE_HOME="$cold_cache" "$vouch" secrets scan --exit-code 0 Benchmarks/secrets.sh > /dev/null
/usr/bin/time -f '%e %U %S' -o "$work/warm.time" env XDG_CACHE_HOME="$cold_cache" "$vouch" secrets scan --exit-code 0 Benchmarks/secrets.sh > /dev/null
export XDG_CACHE_HOME="$PWD/$work/cache"
"$vouch" secrets scan --exit-code 0 Benchmarks/secrets.sh > /dev/null

# run NAME COMMAND...: times the command with /usr/bin/time, keeps "wall user sys" in $work/NAME.time.
run() {
    local name=$1; shift
    /usr/bin/time -f '%e %U %S' -o "$work/$name.time" "$@" > "$work/$name.log" 2>&1 || true
}
run vouch "$vouch" secrets scan --no-redact --format json --report "$work/vouch.json" "$work/corpus"
"$vouch" secrets scan --no-redact --min-confidence medium --format json --report "$work/vouch-medium.json" "$work/corpus" > /dev/null 2>&1 || true
if [[ -n "${VOUCH_BASELINE:-}" ]]; then
    "$VOUCH_BASELINE" secrets scan --exit-code 0 Benchmarks/secrets.sh > /dev/null
    run baseline "$VOUCH_BASELINE" secrets scan --no-redact --format json --report "$work/baseline.json" "$work/corpus"
fi
run betterleaks "$peers/betterleaks" --no-banner --log-level=error -o "$work/betterleaks.json" "$work/corpus"
run trivy "$peers/trivy" fs --scanners secret --skip-db-update --skip-java-db-update --offline-scan \
    --cache-dir "$work/trivy-cache" --format json --output "$work/trivy.json" --quiet "$work/corpus"

printf '\ncorpus %s: %.1f MB, %d planted secrets\n' "$work/corpus" "$(echo "$bytes / 1000000" | bc -l)" "$planted"
load_after=$(cut -d' ' -f1-3 /proc/loadavg)
printf '%-12s %8s %8s %7s %12s %10s %8s %8s %9s\n' tool "wall s" "cpu s" kernel "MB/cpu-s" "MB/s" recall found outside
for tool in vouch betterleaks trivy; do
    # /usr/bin/time puts "Command exited with non-zero status 1" first when findings set the status.
    read -r wall user sys < <(tail -n 1 "$work/$tool.time")
    cpu=$(echo "$user + $sys" | bc -l)
    read -r r f o < <(python3 Benchmarks/secrets-score.py --brief "$work" "$tool" "$work/$tool.json")
    printf '%-12s %8.2f %8.2f %6.0f%% %12.1f %10.1f %8s %8s %9s\n' "$tool" "$wall" "$cpu" "$(echo "100 * $sys / $cpu" | bc -l)" \
        "$(echo "$bytes / 1000000 / $cpu" | bc -l)" "$(echo "$bytes / 1000000 / $wall" | bc -l)" "$r" "$f" "$o"
    eval "${tool}_cpu=$cpu; ${tool}_wall=$wall; ${tool}_outside=$o"
done
printf '\nvouch vs betterleaks: %.1fx throughput per CPU-second, %.1fx wall; findings outside the planted set %s vs %s\n' \
    "$(echo "$betterleaks_cpu / $vouch_cpu" | bc -l)" "$(echo "$betterleaks_wall / $vouch_wall" | bc -l)" "$vouch_outside" "$betterleaks_outside"
if [[ -n "${VOUCH_BASELINE:-}" ]]; then
    read -r base_wall base_user base_sys < <(tail -n 1 "$work/baseline.time")
    read -r r f o < <(python3 Benchmarks/secrets-score.py --brief "$work" vouch "$work/baseline.json")
    printf 'baseline %s: %.2f CPU-s, %.2f s wall, recall %s, outside %s; vouch is %.2fx its CPU time\n' "$VOUCH_BASELINE" \
        "$(echo "$base_user + $base_sys" | bc -l)" "$base_wall" "$r" "$o" "$(echo "($base_user + $base_sys) / $vouch_cpu" | bc -l)"
fi
printf 'vouch vs trivy:       %.1fx throughput per CPU-second, %.1fx wall\n' \
    "$(echo "$trivy_cpu / $vouch_cpu" | bc -l)" "$(echo "$trivy_wall / $vouch_wall" | bc -l)"
read -r r f o < <(python3 Benchmarks/secrets-score.py --brief "$work" vouch "$work/vouch-medium.json")
printf 'vouch --min-confidence medium: recall %s, findings outside the planted set %s\n' "$r" "$o"
read -r _ cold_user cold_sys < <(tail -n 1 "$work/cold.time")
read -r _ warm_user warm_sys < <(tail -n 1 "$work/warm.time")
printf 'vouch cold start: first scan %.2f CPU-s, warm %.2f CPU-s (+%.2f s)\n' "$(echo "$cold_user + $cold_sys" | bc -l)" \
    "$(echo "$warm_user + $warm_sys" | bc -l)" "$(echo "$cold_user + $cold_sys - $warm_user - $warm_sys" | bc -l)"
printf 'load average (1/5/15 min): before %s, after %s; %s CPUs\n' "$load_before" "$load_after" "$(nproc)"

#!/usr/bin/env bash
# Times `vouch digest` against `openssl dgst` on one 1 GiB file, in the same run, and prints the ratio
# of the medians. The file is read once first so both tools hash from the page cache.
# Usage: Benchmarks/digest.sh [runs]   (default 7 runs per tool and algorithm)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-7}
vouch=.build/release/vouch
[[ -x "$vouch" ]] || swift build -c release --static-swift-stdlib --product vouch >/dev/null

mkdir -p Benchmarks/work
file=Benchmarks/work/digest-1GiB.bin
if [[ ! -f "$file" ]]; then
    echo "generating $file"
    openssl enc -aes-128-ctr -pass pass:vouch -nosalt -pbkdf2 -in <(head -c 1073741824 /dev/zero) -out "$file" 2>/dev/null
fi
cat "$file" > /dev/null

# Seconds (wall) of one run of the command, output discarded.
seconds() {
    local start end
    start=$(date +%s.%N)
    "$@" > /dev/null
    end=$(date +%s.%N)
    echo "$end - $start" | bc -l
}

median() { sort -g | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }

printf '%-8s %12s %12s %8s\n' algo "vouch (s)" "openssl (s)" ratio
for algorithm in sha256 sha384 sha512; do
    vouch_times=() openssl_times=()
    for _ in $(seq "$runs"); do
        # Alternate the tools so drift in machine load hits both alike.
        vouch_times+=("$(seconds "$vouch" digest --algorithm "$algorithm" "$file")")
        openssl_times+=("$(seconds openssl dgst "-$algorithm" "$file")")
    done
    v=$(printf '%s\n' "${vouch_times[@]}" | median)
    o=$(printf '%s\n' "${openssl_times[@]}" | median)
    printf '%-8s %12.3f %12.3f %7.3fx\n' "$algorithm" "$v" "$o" "$(echo "$v / $o" | bc -l)"
done
echo "ratio = vouch median / openssl median over $runs runs (below 1.0 means vouch is faster)"

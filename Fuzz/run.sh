#!/usr/bin/env bash
# Builds the libFuzzer executable (Fuzz/Package.swift, its own Fuzz/.build) and runs fuzz targets.
#   Fuzz/run.sh [--seconds N] [target ...]     every target when none is named; N seconds each (default 60)
#   Fuzz/run.sh --list                         the targets
# Each target reads its committed seeds (Fuzz/Corpus/<target>/, never written) plus a growing work corpus
# (Fuzz/work/corpus/<target>/), uses its dictionary (Fuzz/Dictionaries/), and runs under AddressSanitizer
# with libFuzzer's leak check, -rss_limit_mb and -timeout. A crash, leak, timeout, out-of-memory or
# violated property stops the run: the input is saved as Fuzz/crashes/<target>-<kind>-<sha1> and the
# script exits 1. Per-target executions and CPU seconds go to Fuzz/work/results.tsv.
set -euo pipefail
cd "$(dirname "$0")"
seconds=${FUZZ_SECONDS:-60}
rss_limit_mb=${FUZZ_RSS_LIMIT_MB:-2048}
timeout_seconds=${FUZZ_TIMEOUT:-10}
list=0
targets=()
while (($#)); do
    case "$1" in
        --seconds) seconds=$2; shift 2 ;;
        --list) list=1; shift ;;
        -h|--help) sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) targets+=("$1"); shift ;;
    esac
done

# FUZZ_BINARY: an already built vouch-fuzz to run instead of building one.
if [[ -n "${FUZZ_BINARY:-}" ]]; then
    binary=$FUZZ_BINARY
else
    # FUZZ_CONFIGURATION=debug builds in a third of the time (CI uses it) and keeps C/C++ assertions on;
    # release runs several times more executions per second (make fuzz).
    configuration=${FUZZ_CONFIGURATION:-release}
    swift build -c "$configuration" -Xswiftc -sanitize=fuzzer,address >&2
    binary="$(swift build -c "$configuration" -Xswiftc -sanitize=fuzzer,address --show-bin-path)/vouch-fuzz"
fi
declare -A dictionaries=()
known=()
while read -r name dictionary; do
    known+=("$name")
    dictionaries[$name]=$dictionary
done < <(VOUCH_FUZZ_TARGET=list "$binary")
if ((list)); then printf '%s\n' "${known[@]}"; exit 0; fi
((${#targets[@]})) || targets=("${known[@]}")

mkdir -p work/corpus crashes
# Seeds that hold private keys stay out of the repository (it is scanned for secrets): the golden test key,
# and the encrypted key, signed envelope and Statement only Vouch can make (VOUCH_FUZZ_TARGET=seeds).
mkdir -p work/corpus/pem work/corpus/secrets
cp ../Fixtures/signing/golden-ed25519.key work/corpus/pem/
VOUCH_FUZZ_TARGET=seeds VOUCH_FUZZ_CORPUS=work/corpus "$binary" >/dev/null
results=${FUZZ_RESULTS:-work/results.tsv}
printf 'target\texecutions\tcpu_seconds\tcorpus\tstatus\n' > "$results"
total_executions=0
status=0
for target in "${targets[@]}"; do
    [[ -n "${dictionaries[$target]:-}" ]] || { echo "fuzz: unknown target '$target' (known: ${known[*]})" >&2; exit 64; }
    mkdir -p "work/corpus/$target" "Corpus/$target"
    flags=(-max_total_time="$seconds" -rss_limit_mb="$rss_limit_mb" -malloc_limit_mb="$rss_limit_mb" -timeout="$timeout_seconds"
           -print_final_stats=1 -artifact_prefix="crashes/$target-")
    [[ "${dictionaries[$target]}" != "-" ]] && flags+=(-dict="Dictionaries/${dictionaries[$target]}.dict")
    if [[ $target == secrets ]]; then
        # Fake secrets of every format the generator knows: seeds that are not committed (the repository is scanned).
        python3 -c 'import random, sys; sys.path.insert(0, "../Fixtures/secrets"); import secretgen
rng = random.Random(19)
for name in secretgen.FORMATS:
    open(f"work/corpus/secrets/{name}.txt", "w").write(secretgen.plant(rng, name)[1] + "\n")'
    fi
    log="work/$target.log"
    echo "fuzz: $target for ${seconds}s" >&2
    set +e
    # Swift's own backtracer would run inside AddressSanitizer after a failed property; libFuzzer reports.
    SWIFT_BACKTRACE=enable=no LSAN_OPTIONS=suppressions="$PWD/lsan.supp":print_suppressions=0 \
    VOUCH_FUZZ_TARGET=$target /usr/bin/time -f '%U %S' -o "work/$target.time" \
        "$binary" "${flags[@]}" "work/corpus/$target" "Corpus/$target" > "$log" 2>&1
    code=$?
    set -e
    executions=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
    cpu=$(tail -1 "work/$target.time" | awk '{printf "%.1f", $1 + $2}')
    corpus=$(find "work/corpus/$target" "Corpus/$target" -type f | wc -l)
    if ((code == 0)); then
        outcome=ok
    else
        outcome="failed (exit $code)"
        status=1
        grep -E 'ERROR: |property violated|Test unit written|SUMMARY' "$log" | head -20 >&2 || true
    fi
    printf '%s\t%s\t%s\t%s\t%s\n' "$target" "${executions:-0}" "$cpu" "$corpus" "$outcome" >> "$results"
    total_executions=$((total_executions + ${executions:-0}))
    echo "fuzz: $target: ${executions:-0} executions, ${cpu}s CPU, $outcome" >&2
done
column -t -s $'\t' "$results"
echo "fuzz: $total_executions executions in total"
exit $status

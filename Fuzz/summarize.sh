#!/usr/bin/env bash
# Sums the per-target results of one or more Fuzz/run.sh runs (Fuzz/work/results*.tsv) into a Markdown table.
#   Fuzz/summarize.sh Fuzz/work/results-a.tsv Fuzz/work/results-b.tsv ...
set -euo pipefail
awk -F '\t' '
    FNR == 1 { next }
    { executions[$1] += $2; cpu[$1] += $3; runs[$1] += 1; if ($5 != "ok") status[$1] = $5; if (!($1 in order)) { order[$1] = ++n; names[n] = $1 } }
    END {
        print "| target | executions | CPU seconds | runs | status |"
        print "| --- | ---: | ---: | ---: | --- |"
        for (i = 1; i <= n; i++) {
            t = names[i]
            printf "| `%s` | %d | %.1f | %d | %s |\n", t, executions[t], cpu[t], runs[t], (t in status) ? status[t] : "ok"
            total += executions[t]; seconds += cpu[t]
        }
        printf "| **total** | **%d** | **%.1f** | | |\n", total, seconds
    }' "$@"

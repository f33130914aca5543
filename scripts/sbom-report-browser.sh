#!/usr/bin/env bash
# Opens a `vouch sbom report` page in headless Chromium with networking disabled, for the report tests and
# the README's screenshot: no request can leave the page (a network namespace of its own when `unshare -n`
# works, and in any case every host name unresolvable and every proxied request sent to a closed port).
#   scripts/sbom-report-browser.sh dump-dom REPORT.html[#q=...]           the rendered DOM on standard output
#   scripts/sbom-report-browser.sh screenshot REPORT.html[#q=...] OUT.png a 1280-wide PNG
# CHROMIUM names the browser (default: chromium on the PATH); SECONDS_LIMIT bounds the run (default 60).
set -euo pipefail
mode=${1:?usage: sbom-report-browser.sh dump-dom|screenshot REPORT.html[#fragment] [OUT.png]}
target=${2:?missing REPORT.html}
chromium=${CHROMIUM:-$(command -v chromium || command -v chromium-browser || true)}
[[ -n $chromium ]] || { echo "sbom-report-browser.sh: chromium is not installed (apt-get install chromium)" >&2; exit 2; }
file=${target%%#*}
fragment=${target#"$file"}
url="file://$(realpath "$file")$fragment"
profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT
flags=(--headless --no-sandbox --disable-gpu --disable-dev-shm-usage --no-first-run --no-default-browser-check
       --disable-extensions --disable-background-networking --disable-component-update --disable-sync
       --disable-default-apps --user-data-dir="$profile" --host-resolver-rules='MAP * ~NOTFOUND'
       --proxy-server='http://127.0.0.1:9' --virtual-time-budget=5000 --run-all-compositor-stages-before-draw)
isolate=()
if unshare -n true 2>/dev/null; then isolate=(unshare -n); fi
case $mode in
    dump-dom) exec timeout "${SECONDS_LIMIT:-60}" "${isolate[@]}" "$chromium" "${flags[@]}" --dump-dom "$url" 2>/dev/null ;;
    screenshot)
        out=$(realpath -m "${3:?missing OUT.png}")
        exec timeout "${SECONDS_LIMIT:-60}" "${isolate[@]}" "$chromium" "${flags[@]}" --hide-scrollbars --window-size=1280,1900 --screenshot="$out" "$url" 2>/dev/null ;;
    *) echo "sbom-report-browser.sh: unknown mode '$mode' (dump-dom or screenshot)" >&2; exit 64 ;;
esac

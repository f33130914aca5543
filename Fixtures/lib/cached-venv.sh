# Sourced by the fixture scripts that build a venv once into Fixtures/generated/ (git-ignored) and reuse it.
#
#   cached_venv VENV REQUIREMENTS INSTALL
#
# Prints VENV. Rebuilds it, by calling `INSTALL VENV REQUIREMENTS` (a function of the caller; its output goes to
# standard error), only when it is missing or was built from other requirements (a copy of REQUIREMENTS inside
# the venv is the stamp). Test suites run in parallel and several ask for the same venv at once: one builds it
# while the others wait on the lock (flock), so no two builds remove each other's files.
cached_venv() {
    local venv="$1" requirements="$2" install="$3"
    local stamp="$venv/.vouch-requirements"
    mkdir -p "$(dirname "$venv")"
    exec 9>"$venv.lock"
    flock 9
    if [[ -f "$stamp" ]] && cmp -s "$stamp" "$requirements"; then
        echo "$venv"
        return 0
    fi
    rm -rf "$venv"
    "$install" "$venv" "$requirements" >&2
    cp "$requirements" "$stamp"
    echo "$venv"
}
